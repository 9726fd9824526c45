"""督办 notices as sent: unit, period, level and the items each covered, for 催办 escalation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("label", sa.Text, nullable=False),  # 督办〔2022〕3号
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("level", sa.String(20), nullable=False),  # 督办 or 催办
        sa.Column("item_keys", sa.Text, nullable=False),  # JSON list of item keys
        sa.PrimaryKeyConstraint("year", "number"),
        sa.ForeignKeyConstraint(["year", "number"],
                                ["notice_numbers.year", "notice_numbers.number"],
                                name="fk_notices_year_notice_numbers"),
    )
    op.create_index("ix_notices_year_period", "notices", ["year", "period"])


def downgrade() -> None:
    op.drop_index("ix_notices_year_period", table_name="notices")
    op.drop_table("notices")
