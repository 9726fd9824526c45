"""The period store's tables (SQLAlchemy Core), as the newest migration leaves them.

A period is one recorded ledger; its items and unit rows keep their ledger order and every
field of the model, and its status scale is stored with it, so a period loads back as exactly
the ledger that was recorded. The migrations in ``migrations/versions`` build these tables; a
change here is a new migration, never an edited one.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Constraint names are fixed so that later migrations can refer to them on every backend.
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
})

periods = Table(
    "periods", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),  # 期次, e.g. 2022年8-10月
    Column("title", Text, nullable=False),  # the ledger's title
    Column("report_date", Date),  # the ledger's date (成文日期), if it has one
    Column("sort_date", Date, nullable=False),  # orders periods: from the name, else the dates
    Column("recorded_at", DateTime, nullable=False),  # UTC, naive
    Column("source", String(400)),  # the file name the ledger was read from
)

period_statuses = Table(
    "period_statuses", metadata,
    Column("period_id", ForeignKey("periods.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("color", String(7), nullable=False),
    Column("fill", String(7), nullable=False),
    Column("weak", Boolean, nullable=False),
    Column("lagging", Boolean, nullable=False),
)

items = Table(
    "items", metadata,
    Column("id", Integer, primary_key=True),
    Column("period_id", ForeignKey("periods.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order in the ledger, from 0
    Column("item_key", String(200)),  # the model's optional stable Item.id
    Column("seq", String(100)),
    Column("section", Text),
    Column("task", Text, nullable=False),
    Column("target", Text),
    Column("deadline", Text),
    Column("notes", Text),
    UniqueConstraint("period_id", "position"),
    Index("ix_items_item_key", "item_key"),
)

unit_rows = Table(
    "unit_rows", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order under its item, from 0
    Column("unit", Text),
    Column("person", Text),
    Column("progress", Text),
    Column("status", String(100)),
    UniqueConstraint("item_id", "position"),
)

# Revision 2: 督办 notice numbers (督办〔2022〕N号) issued per year; a number is never reused.
notice_numbers = Table(
    "notice_numbers", metadata,
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("issued_at", DateTime, nullable=False),  # UTC, naive
    Column("document", Text),  # what was issued under it (file stem, unit), for the record
)

# Revision 3: the notices as sent (unit, period, level, items), so the next period can see
# which 督办 are still open and send a 催办通知 citing their numbers.
notices = Table(
    "notices", metadata,
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("label", Text, nullable=False),  # 督办〔2022〕3号
    Column("unit", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("level", String(20), nullable=False),  # 督办 or 催办
    Column("item_keys", Text, nullable=False),  # JSON list of item keys
    Column("due", Date),  # revision 4: the 办理时限 the notice gave (None before)
    ForeignKeyConstraint(["year", "number"], ["notice_numbers.year", "notice_numbers.number"],
                         name="fk_notices_year_notice_numbers"),
    Index("ix_notices_year_period", "year", "period"),
)
