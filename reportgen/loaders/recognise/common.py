"""Patterns both recognisers use: periods in titles, no-progress markers, 附件 labels, dates."""
from __future__ import annotations

import re

from reportgen.loaders.raw import Cell, RawItem

# What documents write where a unit reported nothing (reportgen's own marker first).
NO_PROGRESS_MARKERS = ("暂未报送进展", "暂未报送", "暂无进展", "未报送进展", "未报送", "暂无")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# The months follow the year within a few words ("2022年重点工作任务8-10月份"); an unbounded
# ".*?" tried every later position from every year: quadratic ("2022年" × 4000: 17 s).
_PERIOD = re.compile(r"(?P<year>\d{4})\s*年度?.{0,40}?(?P<months>\d{1,2}(?:\s*[-—–~至]\s*\d{1,2})?)"
                     r"\s*月份?")
_HALF = re.compile(r"(?P<year>\d{4})\s*年度?.{0,40}?(?P<part>上半年|下半年|第?[一二三四]季度|全年)")


def period_from_title(title: str | None) -> str | None:
    """"湛河区2022年重点工作任务8-10月份推进情况台账" → "2022年8-10月"; None if none is said."""
    if not title:
        return None
    match = _PERIOD.search(title)
    if match:
        months = re.sub(r"\s*[—–~至]\s*|\s*-\s*", "-", match.group("months"))
        return f"{match.group('year')}年{months}月"
    match = _HALF.search(title)
    if match:
        return f"{match.group('year')}年{match.group('part')}"
    return None


def is_marker(text: str | None) -> str | None:
    """The no-progress marker ``text`` is (ignoring a final full stop), else None."""
    if not text:
        return None
    core = text.strip().rstrip("。.")
    return core if core in NO_PROGRESS_MARKERS else None


def add_note(item: RawItem, text: str) -> None:
    """Append a line to an item's notes, keeping what is there."""
    cell = item.cells.get("notes")
    if cell is None or not cell.value:
        item.cells["notes"] = Cell(text, item.where, "备注")
    else:
        item.cells["notes"] = Cell(f"{cell.value}\n{text}", cell.where, cell.label)
