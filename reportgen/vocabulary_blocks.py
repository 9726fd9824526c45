"""The blocks a document's HTML is read into (vocabulary_reader.parse), which the Word writer
writes: sections of paragraphs and their runs, 版头/版记 groups, tables and page breaks."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    """A stretch of text with one look; ``kind`` text, br (line break) or tab."""

    text: str = ""
    bold: bool = False
    status: str | None = None  # a status word, coloured by the scale
    kind: str = "text"


@dataclass
class Para:
    """One paragraph: its style-profile role and its runs; ``left``/``right`` for two-sided lines."""

    role: str
    runs: list[Run]
    cls: str | None = None
    right: list[Run] | None = None  # the right-hand part of a two-sided line (span.right)
    right_chars: float | None = None  # data-right-chars: right indent in characters
    chars: int | None = None  # data-chars: characters a line of a fitted body paragraph


@dataclass
class Group:
    """A 版头 (masthead) or 版记 (colophon) block of paragraphs."""

    kind: str  # masthead or colophon
    paras: list[Para]


@dataclass
class PageBreak:
    """A forced page break inside a section."""


@dataclass
class Cell:
    """One table cell: paragraphs of runs, classes, spans and status."""

    paras: list[list[Run]]
    classes: frozenset[str]
    rowspan: int = 1
    colspan: int = 1
    status: str | None = None
    header: bool = False


@dataclass
class Table:
    """A ledger table: column keys and relative widths, header rows and body rows."""

    keys: list[str]
    widths: list[float]
    head: list[list[Cell]]
    body: list[list[Cell]]
    row_classes: list[frozenset[str]] = field(default_factory=list)  # of the body rows


Block = Para | Group | PageBreak | Table


@dataclass
class Section:
    """A page section with its orientation and blocks."""

    orientation: str
    blocks: list[Block] = field(default_factory=list)
