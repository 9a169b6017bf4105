"""Keeping the regime current: publications seen on Ofsted's site, official data releases seen, sync runs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(length=500), nullable=False, unique=True),
        sa.Column("urn", sa.String(length=20), nullable=False, index=True),
        sa.Column(
            "la_code", sa.String(length=3), sa.ForeignKey("authority.la_code"), nullable=True, index=True
        ),
        sa.Column("kind", sa.String(length=200), nullable=False),
        sa.Column("reads_as", sa.String(length=40), nullable=True),
        sa.Column("listed_date", sa.Date(), nullable=True, index=True),
        sa.Column("listed_text", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column(
            "document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("inspection_ids", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "data_release",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("dataset", sa.String(length=80), nullable=False, index=True),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("published", sa.DateTime(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column(
            "source_file_id",
            sa.Integer(),
            sa.ForeignKey("source_file.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "sync_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("ingested", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sync_run")
    op.drop_table("data_release")
    op.drop_table("publication")
