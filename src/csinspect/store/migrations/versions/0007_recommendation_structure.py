"""Recommendations keep what the list printed around them: the timescale, the theme heading, the item's
number, and in 2024- ILACS reports the national framework cross-reference (as printed and as element ids).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("timescale", sa.String(120)),
    ("theme", sa.String(200)),
    ("printed_number", sa.Integer()),
    ("nf_tag", sa.String(160)),
    ("nf_elements", sa.String(200)),
)


def upgrade() -> None:
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        for name, kind in _COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
