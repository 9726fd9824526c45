"""Safe cell values for openpyxl: text never becomes a formula, forbidden characters go, limits hold.

Also the column set of the ledger sheet (keys, default titles, which belong to the item) and the
display width of CJK text that column widths and row heights are fitted to.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from openpyxl.cell.cell import Cell

from reportgen.errors import OutputError, Problem
from reportgen.model import Item, UnitRow
from reportgen.vocabulary import COLUMN_TITLES

log = logging.getLogger(__name__)

# Characters XML 1.0 forbids: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF
# (openpyxl's ILLEGAL_CHARACTERS_RE misses the last two, and lxml then raises ValueError).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_CELL_LIMIT = 32_767  # characters in one cell
FORMULA_STARTS = ("=", "+", "-", "@")

DEFAULT_COLUMNS = ["seq", "task", "unit", "person", "progress", "status"]
DEFAULT_TITLES: dict[str, str] = COLUMN_TITLES
ITEM_COLUMNS = frozenset({"seq", "section", "task", "target", "deadline", "notes"})
CENTRED_COLUMNS = frozenset({"seq", "unit", "person", "status", "deadline", "light"})
# Columns not read from the ledger but filled by another module (light: the 预警 of each row).
COMPUTED_COLUMNS = frozenset({"light"})
# Cap of a column's width in Excel character units (a CJK character counts 2).
WIDTH_CAPS: dict[str, int] = {"seq": 6, "task": 40, "progress": 70, "section": 20, "target": 30,
                              "notes": 24, "unit": 16, "person": 12, "status": 10,
                              "deadline": 12, "light": 6}
MIN_WIDTH = 6
WIDE_FACTOR = 1.08  # rendered width of text per counted unit, for wrapped-line estimates


def column_value(key: str, item: Item, row: UnitRow) -> str | None:
    """The text of column ``key`` for one unit row of an item (None for a computed column)."""
    if key in COMPUTED_COLUMNS:
        return None
    if key in ITEM_COLUMNS:
        value: str | None = getattr(item, key)
    else:
        value = getattr(row, key)
    return value


def check_columns(columns: list[str]) -> None:
    """Refuse an unknown column key, naming the known ones."""
    unknown = [key for key in columns if key not in DEFAULT_TITLES]
    if unknown:
        known = "、".join(DEFAULT_TITLES)
        raise OutputError(f"台账列“{'、'.join(unknown)}”不存在，可用的列：{known}")
    if not columns:
        raise OutputError("台账至少需要一列")


@dataclass
class CellText:
    """Makes text safe to store; collects a warning per cell whose characters were removed."""

    file: str | None = None

    def __post_init__(self) -> None:
        self.warnings: list[Problem] = []

    def clean(self, text: str, where: str, field: str) -> str:
        """Drop characters XML forbids (with a warning) and refuse text over Excel's limit."""
        cleaned: str = XML_ILLEGAL.sub("", text)
        if cleaned != text:
            removed = len(text) - len(cleaned)
            problem = Problem(f"删除了 {removed} 个 Excel 不允许的控制字符", self.file, where,
                              field, warning=True)
            self.warnings.append(problem)
            log.warning("%s", problem)
        if len(cleaned) > EXCEL_CELL_LIMIT:
            raise OutputError(
                f"{where}的“{field}”有 {len(cleaned)} 个字符，超过 Excel 单元格上限 "
                f"{EXCEL_CELL_LIMIT} 个字符；请删减后再生成（不会自动截断）",
                [Problem("单元格文字过长", self.file, where, field)])
        return cleaned


def put_text(cell: Cell, text: str | None) -> None:
    """Store ``text`` as a string even when it looks like a formula ("=SUM(A1)", "-5%").

    Characters XML forbids are dropped here as a last guard; ``CellText.clean`` is where they
    are reported for ledger cells.
    """
    if text:
        text = XML_ILLEGAL.sub("", text)
    if text is None or text == "":
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def display_width(text: str) -> int:
    """Width of one line in Excel character units: non-ASCII (CJK, full-width) characters count 2.

    Ambiguous-width punctuation such as “” is wide in Chinese fonts, so every non-ASCII
    character counts double; this also keeps the count at C speed for large ledgers.
    """
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def text_width(text: str | None) -> int:
    """Width of the widest line of a cell's text."""
    if not text:
        return 0
    return max(display_width(line) for line in text.split("\n"))


def line_count(text: str | None, width: float) -> int:
    """Lines the text wraps to in a column ``width`` units wide (at least 1)."""
    if not text:
        return 1
    # A CJK character of 11 pt 宋体 is ~15 px in Excel, a width unit 7 px: 2.15 units, not 2.
    usable = max(width - 2.0, 1.0)
    return sum(max(1, math.ceil(display_width(line) * WIDE_FACTOR / usable))
               for line in text.split("\n"))


def fitted_width(key: str, title: str, texts: list[str | None]) -> float:
    """Column width fitted to its title and content, capped per column kind."""
    widest = max([text_width(title)] + [text_width(t) for t in texts])
    cap = WIDTH_CAPS.get(key, 30)
    return float(max(MIN_WIDTH, min(widest, cap)) + 2)
