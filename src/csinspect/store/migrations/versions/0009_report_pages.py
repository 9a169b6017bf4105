"""The text of every stored report, page by page, for search beyond recommendations and findings (the judgement
paragraphs and every section). SQLite: an external-content FTS5 table ``page_fts``, brought up to date in one
statement after each ingest run (``load/search_index.py``); PostgreSQL: a GIN expression index on ``to_tsvector('english', text)``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS page_fts USING fts5(text, content='report_page', content_rowid='id', "
    "tokenize='porter unicode61')",
    # indexed in one statement at the end of each ingest run (load/search_index.py), not row by row: ``upto`` is
    # the last page indexed; a deleted page (a report re-read by a newer parser) marks the index for a rebuild
    "CREATE TABLE IF NOT EXISTS page_fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "upto INTEGER NOT NULL DEFAULT 0, dirty INTEGER NOT NULL DEFAULT 0)",
    "INSERT OR IGNORE INTO page_fts_state (id, upto, dirty) VALUES (1, 0, 0)",
    "CREATE TRIGGER IF NOT EXISTS page_fts_ad AFTER DELETE ON report_page BEGIN "
    "UPDATE page_fts_state SET dirty = 1 WHERE id = 1; END",
    "CREATE TRIGGER IF NOT EXISTS page_fts_au AFTER UPDATE OF text ON report_page BEGIN "
    "UPDATE page_fts_state SET dirty = 1 WHERE id = 1; END",
]
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS ix_report_page_fts ON report_page USING gin (to_tsvector('english', text))"
]


def upgrade() -> None:
    op.create_table(
        "report_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_report_page_inspection_id_inspection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_page")),
    )
    with op.batch_alter_table("report_page", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_page_inspection_id"), ["inspection_id"], unique=False)
    dialect = op.get_bind().dialect.name
    for ddl in SQLITE if dialect == "sqlite" else POSTGRESQL if dialect == "postgresql" else []:
        op.execute(ddl)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for t in ("ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS page_fts_{t}")
        op.execute("DROP TABLE IF EXISTS page_fts")
        op.execute("DROP TABLE IF EXISTS page_fts_state")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_report_page_fts")
    with op.batch_alter_table("report_page", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_page_inspection_id"))
    op.drop_table("report_page")
