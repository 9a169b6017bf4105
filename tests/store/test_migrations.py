"""The Alembic migrations create exactly the schema the models declare (no drift), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import csinspect.store.all_models  # noqa: F401
from csinspect.store.base import Base
from csinspect.store.db import MIGRATIONS_DIR, get_engine


def test_models_and_migrations_agree(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if not _is_search_index(d)]
    assert diffs == [], f"models differ from migrations: {diffs}"


def test_migrations_are_explicit() -> None:
    """Revisions spell out their operations; none may call create_all on the live models."""
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        assert "create_all" not in Path(path).read_text(), f"{path.name} uses create_all"


def _is_search_index(diff: object) -> bool:
    # The full-text search tables (SQLite FTS5 and its shadow tables) are made by migration 0003,
    # not declared as models (FTS5 is a virtual table SQLAlchemy cannot describe).
    text = repr(diff)
    return "search_fts" in text or "_fts" in text


def test_0004_makes_council_assessments_self_evaluations(tmp_path: Path) -> None:
    """An assessment a council user created before assessments had a kind is the council's own afterwards."""
    from alembic import command
    from sqlalchemy import text

    from csinspect.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0003")
    with get_engine(url).begin() as conn:
        conn.execute(text("INSERT INTO authority (la_code, name, status) VALUES ('821', 'Luton', 'current')"))
        conn.execute(
            text(
                "INSERT INTO web_user (username, password_hash, role, la_code, active, created_at) VALUES "
                "('luton.officer', 'x', 'council', '821', 1, '2026-01-01'), ('hmi', 'x', 'inspector', NULL, 1, '2026-01-01')"
            )
        )
        for who in ("luton.officer", "hmi"):
            conn.execute(
                text(
                    "INSERT INTO assessment (la_code, framework_id, state, created_by, created_at, updated_at) "
                    "VALUES ('821', 'ilacs_2023', 'draft', :who, '2026-01-01', '2026-01-01')"
                ),
                {"who": who},
            )
    command.upgrade(cfg, "0004")
    with get_engine(url).connect() as conn:
        kinds = dict(conn.execute(text("SELECT created_by, kind FROM assessment")).all())
        versions = {v for (v,) in conn.execute(text("SELECT session_version FROM web_user"))}
    assert kinds == {"luton.officer": "self_evaluation", "hmi": "inspection"}
    assert versions == {0}
