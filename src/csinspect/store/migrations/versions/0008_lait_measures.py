"""LAIT's data dictionary: every measure of its benchmarking file with topic, polarity, unit, decimals, year
type and whether quartile bands apply (values: ``indicator_value`` rows ``lait:<short>``); an index on
(area, indicator) for reading one authority's values among them; ``joint_with`` on jointly published figures.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lait_measure",
        sa.Column("short", sa.String(80), nullable=False),
        sa.Column("code", sa.String(20), nullable=True),
        sa.Column("topic", sa.String(120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("chart_title", sa.Text(), nullable=True),
        sa.Column("polarity", sa.String(20), nullable=False),
        sa.Column("polarity_given", sa.Boolean(), nullable=False),
        sa.Column("unit_text", sa.String(120), nullable=True),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("decimals_given", sa.Boolean(), nullable=False),
        sa.Column("year_type", sa.String(40), nullable=True),
        sa.Column("quartiles", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("indicator_id", sa.String(80), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_file_id"], ["source_file.id"], name=op.f("fk_lait_measure_source_file_id_source_file")
        ),
        sa.PrimaryKeyConstraint("short", name=op.f("pk_lait_measure")),
    )
    with op.batch_alter_table("lait_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lait_measure_topic"), ["topic"], unique=False)
    # one authority's values among 600,000 (every LAIT measure): sought by area and indicator together
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            "ix_indicator_value_area_indicator", ["area_code", "indicator_id"], unique=False
        )
        # a figure published jointly for several authorities ("940 / 941") names the others on each one's row
        batch_op.add_column(sa.Column("joint_with", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_column("joint_with")
        batch_op.drop_index("ix_indicator_value_area_indicator")
    with op.batch_alter_table("lait_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lait_measure_topic"))
    op.drop_table("lait_measure")
