"""A report saved again (other bytes, the same report) is a copy of the document first stored, not a second
inspection: ``document.copy_of`` points at that document, and the copy has no inspection records of its own.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copy_of", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_document_copy_of", "document", ["copy_of"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint("fk_document_copy_of", type_="foreignkey")
        batch_op.drop_column("copy_of")
