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
