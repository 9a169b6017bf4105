"""Whose an assessment is, and revocable sign-ins.

``assessment.kind``: ``inspection`` (the inspectorate's: admins and inspectors grade and move it) or
``self_evaluation`` (a council's own: that council grades and moves it). Existing assessments created by a
council user become self-evaluations. ``web_user.session_version``: a session carries the version it was
signed in under; signing out, disabling the account or resetting its password increments it, which ends
every session of that user.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="inspection")
        )
    op.execute(
        "UPDATE assessment SET kind = 'self_evaluation' WHERE created_by IN "
        "(SELECT username FROM web_user WHERE role = 'council')"
    )
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("kind")
