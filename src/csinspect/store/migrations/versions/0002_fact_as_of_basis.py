"""Facts a report states without a date carry how their date was found (``fact.as_of_basis``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("as_of_basis", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_column("as_of_basis")
