"""Full-text search over recommendations and findings, built by the schema instead of the web app at start-up.

SQLite: an FTS5 table ``search_fts`` (porter stemming) kept in step with ``recommendation`` and ``finding`` by
triggers; its rowid encodes the row (recommendation id*2, finding id*2+1). Existing rows are indexed here.
PostgreSQL: GIN expression indexes on ``to_tsvector('english', text)``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(body, tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_rec_ai AFTER INSERT ON recommendation BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id * 2, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_rec_ad AFTER DELETE ON recommendation BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 2; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_rec_au AFTER UPDATE OF text ON recommendation BEGIN "
    "UPDATE search_fts SET body = new.text WHERE rowid = old.id * 2; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_fnd_ai AFTER INSERT ON finding BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id * 2 + 1, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_fnd_ad AFTER DELETE ON finding BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 2 + 1; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_fnd_au AFTER UPDATE OF text ON finding BEGIN "
    "UPDATE search_fts SET body = new.text WHERE rowid = old.id * 2 + 1; END",
    # databases that had the index made by an earlier web app at start-up: rebuild it from the rows
    "DELETE FROM search_fts",
    "INSERT INTO search_fts(rowid, body) SELECT id * 2, text FROM recommendation",
    "INSERT INTO search_fts(rowid, body) SELECT id * 2 + 1, text FROM finding",
]
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS ix_recommendation_fts ON recommendation "
    "USING gin (to_tsvector('english', text))",
    "CREATE INDEX IF NOT EXISTS ix_finding_fts ON finding USING gin (to_tsvector('english', text))",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for ddl in SQLITE if dialect == "sqlite" else POSTGRESQL if dialect == "postgresql" else []:
        op.execute(ddl)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for t in ("rec_ai", "rec_ad", "rec_au", "fnd_ai", "fnd_ad", "fnd_au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_fts_{t}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_recommendation_fts")
        op.execute("DROP INDEX IF EXISTS ix_finding_fts")
