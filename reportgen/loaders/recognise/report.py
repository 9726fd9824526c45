"""What a recogniser found in a document: the raw ledger, its framing, and what it left over."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.loaders.raw import RawLedger


@dataclass(frozen=True)
class Unplaced:
    """A line or cell the recogniser could not place, quoted with its position.

    It is never dropped: ``target`` says where it went — the notes of the item with that
    序号/task (``"item"``) or the ledger's own notes at the end (``"ledger"``).
    """

    text: str
    where: str
    reason: str
    target: str = "ledger"


@dataclass
class Recognition:
    """The result of stage two for one document.

    ``shape`` is 表格 (a progress table) or 叙述 (a narrative report); ``kind`` and ``params``
    are the report kind and parameters that rebuild the document as it was (title, intro,
    progress label, 序号 style…), written by ``reportgen import --config``.
    """

    source: str
    shape: str
    raw: RawLedger
    kind: str = "attachment"
    title: str | None = None
    intro: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # things worth knowing, e.g. mixed styles
    encoding: str | None = None
    tables: int = 0  # Word tables (or sheets) joined into the ledger table
    colour_statuses: int = 0  # statuses read from a cell colour
    columns: list[tuple[str, str]] = field(default_factory=list)  # a table's (field, header)
