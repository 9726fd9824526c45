"""督办 notice numbers issued per year (督办〔2022〕N号), so that a number is never used twice.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_numbers",
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("document", sa.Text),
        sa.PrimaryKeyConstraint("year", "number"),
    )


def downgrade() -> None:
    op.drop_table("notice_numbers")
