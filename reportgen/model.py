"""The ledger model at the centre of reportgen: ledger, items, unit rows and the status scale.

Every loader produces these objects and every writer consumes them; this module imports
nothing else of reportgen.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Separators inside a joint unit cell: "区工信局 区商务局", "区工信局、区商务局".
UNIT_SEPARATORS = re.compile(r"[\s、，,；;/]+")


def split_units(text: str | None) -> list[str]:
    """Split a joint unit (or person) cell into its names, the lead first."""
    if not text:
        return []
    return [part for part in UNIT_SEPARATORS.split(text.strip()) if part]


class Status(BaseModel):
    """One grade of a status scale, e.g. 滞后, with its colour and its meaning for statistics."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    color: str = "#000000"  # text colour in documents, "#RRGGBB"
    fill: str = "#FFFFFF"  # cell fill in the Excel ledger, "#RRGGBB"
    weak: bool = False  # counts against "units without any weak row"
    lagging: bool = False  # lists the unit among "units with lagging items"

    @field_validator("color", "fill")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise ValueError(f"颜色须写成 #RRGGBB，而不是 {value!r}")
        return value.upper()


class StatusScale(BaseModel):
    """An ordered status scale, best grade first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    statuses: tuple[Status, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> StatusScale:
        names = [s.name for s in self.statuses]
        if len(set(names)) != len(names):
            raise ValueError("状态名称重复：" + "、".join(names))
        return self

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.statuses]

    def get(self, name: str) -> Status | None:
        for status in self.statuses:
            if status.name == name:
                return status
        return None


DEFAULT_SCALE = StatusScale(
    statuses=(
        Status(name="积极", color="#006100", fill="#C6EFCE"),
        Status(name="正常", color="#1F4E79", fill="#DDEBF7"),
        Status(name="一般", color="#9C5700", fill="#FFEB9C", weak=True),
        Status(name="滞后", color="#C00000", fill="#FFC7CE", weak=True, lagging=True),
    )
)


class UnitRow(BaseModel):
    """One responsible unit's line under an item: who, and what they report this period.

    ``unit`` keeps the cell as written (a joint cell "区工信局 区商务局" stays one row);
    the first name is the lead. ``unit`` is None when the report attributes no unit.
    """

    model_config = ConfigDict(extra="forbid")

    unit: str | None = None
    person: str | None = None
    progress: str | None = None  # None or "" means no progress reported yet
    status: str | None = None

    @property
    def units(self) -> list[str]:
        return split_units(self.unit)

    @property
    def lead_unit(self) -> str | None:
        names = self.units
        return names[0] if names else None

    @property
    def has_progress(self) -> bool:
        return bool(self.progress and self.progress.strip())


class Item(BaseModel):
    """One task of the ledger with its unit rows (at least one)."""

    model_config = ConfigDict(extra="forbid")

    # A stable id that follows the task from period to period (optional; written on import and
    # record, used to match items across periods before any text similarity).
    id: str | None = None
    seq: str | None = None
    section: str | None = None
    task: str
    target: str | None = None
    deadline: str | None = None
    notes: str | None = None
    rows: list[UnitRow] = Field(min_length=1)

    @property
    def lead_unit(self) -> str | None:
        for row in self.rows:
            if row.lead_unit:
                return row.lead_unit
        return None

    @property
    def has_progress(self) -> bool:
        return any(row.has_progress for row in self.rows)


class Ledger(BaseModel):
    """A 台账: title, period, status scale and the items in ledger order."""

    model_config = ConfigDict(extra="forbid")

    title: str = ""
    period: str | None = None
    date: dt.date | None = None
    scale: StatusScale = DEFAULT_SCALE
    # Mutable defaults are copied for each instance by pydantic. Not default_factory=list: for a
    # factory pydantic reads the builtin's text signature, which compiles the tokenizer's large
    # regular expressions (a few milliseconds of every start-up).
    items: list[Item] = []
    # Lines of an imported document that belong to no item (text around a table, a signature),
    # kept so that nothing read is lost; no document prints them.
    notes: list[str] = []

    @property
    def rows(self) -> list[tuple[Item, UnitRow]]:
        return [(item, row) for item in self.items for row in item.rows]

    @property
    def sections(self) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.items:
            if item.section:
                seen.setdefault(item.section, None)
        return list(seen)
