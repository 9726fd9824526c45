"""Periods: one recorded ledger each, with its status scale, items and unit rows.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("report_date", sa.Date),
        sa.Column("sort_date", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(400)),
        sa.UniqueConstraint("name", name="uq_periods_name"),
    )
    op.create_table(
        "period_statuses",
        sa.Column("period_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        sa.Column("fill", sa.String(7), nullable=False),
        sa.Column("weak", sa.Boolean, nullable=False),
        sa.Column("lagging", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("period_id", "position"),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], ondelete="CASCADE",
                                name="fk_period_statuses_period_id_periods"),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("period_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("item_key", sa.String(200)),
        sa.Column("seq", sa.String(100)),
        sa.Column("section", sa.Text),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("target", sa.Text),
        sa.Column("deadline", sa.Text),
        sa.Column("notes", sa.Text),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], ondelete="CASCADE",
                                name="fk_items_period_id_periods"),
        sa.UniqueConstraint("period_id", "position", name="uq_items_period_id"),
    )
    op.create_index("ix_items_item_key", "items", ["item_key"])
    op.create_table(
        "unit_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("unit", sa.Text),
        sa.Column("person", sa.Text),
        sa.Column("progress", sa.Text),
        sa.Column("status", sa.String(100)),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE",
                                name="fk_unit_rows_item_id_items"),
        sa.UniqueConstraint("item_id", "position", name="uq_unit_rows_item_id"),
    )


def downgrade() -> None:
    op.drop_table("unit_rows")
    op.drop_index("ix_items_item_key", table_name="items")
    op.drop_table("items")
    op.drop_table("period_statuses")
    op.drop_table("periods")
