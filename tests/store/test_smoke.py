"""The schema initialises on SQLite and PostgreSQL, and a transaction that fails leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Authority


def test_init_is_idempotent_and_transactions_roll_back(db_url: str) -> None:
    init_db(db_url)  # second run: no error, no change
    with session_scope(db_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
    with pytest.raises(RuntimeError), session_scope(db_url) as s:
        s.add(Authority(la_code="855", name="Leicestershire"))
        s.flush()
        raise RuntimeError("boom")
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Authority)) == 1


def test_ensure_db_creates_then_skips_an_up_to_date_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, inspect

    from csinspect.store.db import MIGRATIONS_DIR, ensure_db, migration_heads

    url = f"sqlite:///{tmp_path / 'e.sqlite'}"
    assert migration_heads(MIGRATIONS_DIR / "versions") == {"0009"}
    assert ensure_db(url) == url  # creates the schema on an empty file
    assert "inspection" in inspect(create_engine(url)).get_table_names()
    assert ensure_db(url) == url  # at head already: nothing to do, no error


def test_ensure_db_upgrades_a_store_made_by_an_older_version_keeping_its_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database left at revision 0001 (before facts carried ``as_of_basis``) is upgraded in place."""
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    from csinspect.store.db import alembic_config, ensure_db, get_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    cfg = alembic_config(url)
    with get_engine(url).begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001")
        connection.execute(
            text("INSERT INTO authority (la_code, name, status) VALUES ('821', 'Luton', 'current')")
        )
    assert "as_of_basis" not in {c["name"] for c in inspect(create_engine(url)).get_columns("fact")}
    get_engine(url).dispose()
    assert ensure_db(url) == url
    engine = create_engine(url)
    assert "as_of_basis" in {c["name"] for c in inspect(engine).get_columns("fact")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM authority")).scalars().all() == ["Luton"]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0009"
