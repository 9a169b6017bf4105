"""Shared fixtures: the real material in ../shared (skipped when absent) and databases on
SQLite and on the throwaway PostgreSQL server that ``make test`` starts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("CSINSPECT_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared material is absent ({SHARED}); set CSINSPECT_SHARED to run these tests")
    return SHARED


@pytest.fixture(scope="session")
def official_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "official"


@pytest.fixture(scope="session")
def reference_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "reference"


@pytest.fixture(scope="session")
def mini_official_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small England written in the official files' formats (``csinspect.testing.official``): the
    registry, neighbour, outcome and indicator tests run on it when ``../shared`` is absent."""
    from csinspect.testing.official import write_official

    return write_official(tmp_path_factory.mktemp("mini_official"))


@pytest.fixture(scope="session")
def official_db(official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list]:
    """One SQLite database loaded from every file in ../shared/data/official (once per test process), for the
    tests that only read it: its URL and the load's outcomes."""
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official

    url = f"sqlite:///{tmp_path_factory.mktemp('official') / 'official.sqlite'}"
    init_db(url)
    return url, load_official(official_dir, url)


def _pg_url() -> str | None:
    url = os.environ.get("CSINSPECT_TEST_PG_URL")
    if not url and os.environ.get("CSINSPECT_REQUIRE_PG"):
        pytest.fail("CSINSPECT_REQUIRE_PG is set but CSINSPECT_TEST_PG_URL is not")
    return url


def _fresh_pg_database(base_url: str) -> str:
    """A new empty database on the test server (one per test that asks), so tests can run in parallel."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An initialised, empty database URL: SQLite file, then a real PostgreSQL database."""
    from csinspect.store.db import init_db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        base = _pg_url()
        if not base:
            pytest.skip("PostgreSQL tests need `make test` (it starts a throwaway server)")
        url = _fresh_pg_database(base)
    init_db(url)
    yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An initialised SQLite database only (for tests that are not about the store)."""
    from csinspect.store.db import init_db

    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    init_db(url)
    return url


@pytest.fixture(scope="session")
def loaded_url(official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the authority, neighbour and Ofsted files loaded once per test session
    (read it only: tests in several folders share it)."""
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('official') / 'loaded.sqlite'}"
    init_db(url)
    load_directory(
        official_dir,
        url,
        kinds={"authorities", "sn_models", "ofsted_la_outcomes", "ofsted_csc_2023_la_inspections"},
    )
    return url


@pytest.fixture(scope="session")
def mini_loaded_url(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small England's authority, neighbour and Ofsted files loaded once per session (read it only)."""
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('mini') / 'loaded.sqlite'}"
    init_db(url)
    load_directory(mini_official_dir, url, kinds={"authorities", "sn_models", "ofsted_la_outcomes"})
    return url
