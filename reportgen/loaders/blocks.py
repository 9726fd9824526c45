"""The neutral block stream every imported document is read into: paragraphs and table grids.

Stage one of importing (one module per format: docx_blocks, text_blocks, xls_file) turns a
file into a ``BlockStream``; stage two (``recognise``) turns the stream into a ledger and
reports what it could not place. Readers resolve what is format-specific here — automatic
numbering, merged cells, shading — so the recogniser never sees Word, text or Excel.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    """One paragraph (or one line of a text file) as the reader sees it.

    ``text`` includes an automatic number Word would print ("1."); ``where`` is a position a
    person can find ("第12段", "第12行"); ``centred`` and ``heading`` are layout hints for
    finding a title (centred alignment, a Title/Heading style or an outline level).
    """

    text: str
    where: str
    centred: bool = False
    heading: bool = False


@dataclass(frozen=True)
class GridCell:
    """One cell of a grid: its text (paragraphs joined by line breaks) and its colours.

    A cell covered by a merge — the columns a ``gridSpan`` spans after its first, the rows of a
    vertical merge under its first — has ``covered`` set to the grid position (row, column) of
    the merge's top-left cell and an empty text; ``fill`` and ``color`` are "RRGGBB" or None.
    """

    text: str = ""
    fill: str | None = None
    color: str | None = None
    covered: tuple[int, int] | None = None


@dataclass
class Grid:
    """A table with its merges resolved into a rectangular grid of cells, row by row."""

    rows: list[list[GridCell]]
    where: str  # "表格2" or "工作表“台账”"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def position(self, row: int, column: int) -> str:
        """A cell's position for messages, 1-based: 表格2第3行第4列."""
        return f"{self.where}第{row + 1}行第{column + 1}列"


Block = Para | Grid


@dataclass
class BlockStream:
    """A document as blocks in reading order, and what its reader noticed on the way."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None  # text files: the encoding detected
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]
