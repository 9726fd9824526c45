"""What a format reader hands over: cleaned cells with their locations, before validation."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    """One cleaned value and where it came from (row number or YAML path, field as written)."""

    value: str | None
    where: int | str | None
    label: str
    invalid: bool = False  # already reported as unreadable; no "missing" error on top


@dataclass(slots=True)
class RawRow:
    """One unit row: its row-level cells by canonical field."""

    where: int | str | None
    cells: dict[str, Cell] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        cell = self.cells.get(name)
        return cell.value if cell else None

    @property
    def empty(self) -> bool:
        return not any(cell.value for cell in self.cells.values())


@dataclass(slots=True)
class RawItem:
    """One item: its item-level cells and its unit rows (possibly none yet)."""

    where: int | str | None
    cells: dict[str, Cell] = field(default_factory=dict)
    rows: list[RawRow] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        cell = self.cells.get(name)
        return cell.value if cell else None


@dataclass(slots=True)
class RawLedger:
    """A whole file as read: header values, the file's own status scale, the items."""

    title: str | None = None
    period: str | None = None
    date: str | None = None
    date_where: int | str | None = None
    scale: object | None = None  # the file's status_scale as parsed, validated later
    scale_where: int | str | None = None
    items: list[RawItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines that belong to no item
