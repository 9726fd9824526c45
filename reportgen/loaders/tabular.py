"""Rows of a table (CSV or XLSX) to raw items: header detection, continuation rows, sections.

One row per unit row. A row whose 序号 and 工作任务 are empty (merged cells read back that way)
or repeat the item above continues that item. Rows above the header may hold the title.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.clean import clean_field, clean_line, is_separator_row
from reportgen.loaders.fields import ITEM_FIELDS, ROW_FIELDS, field_for, known_headers
from reportgen.loaders.raw import Cell, RawItem, RawLedger, RawRow
from reportgen.vocabulary import COLUMN_TITLES

HEADER_SEARCH_ROWS = 30
# Columns reportgen's own 台账 carries but computes at every build (预警): read back silently.
COMPUTED_TITLES = frozenset({COLUMN_TITLES["light"]})
# A continuation row (an item's part on a later page, as reportgen writes them): the same 序号,
# the 工作任务 followed by （续）, perhaps shortened with …… (docs/vocabulary.md).
CONTINUED = "（续）"
ELLIPSIS = "……"
_SPACES = re.compile(r"\s+")
_SECTION = re.compile(r"^(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十百]+[部分章类]).+")
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")
_PERIOD = re.compile(r"[（(]?\d{4}\s*年[^，。；]{0,16}[)）]?")


@dataclass
class TableRow:
    """One row as read: its 1-based number and cell texts.

    ``merged`` holds, for cells covered by a vertical merge (not its top cell), the merged
    range's value: item columns then read as empty (a continuation), unit columns as that value.
    """

    number: int
    cells: list[str | None]
    merged: dict[int, str | None] = field(default_factory=dict)

    def texts(self) -> list[str]:
        return [c.strip() for c in self.cells if c is not None and c.strip()]


@dataclass
class Header:
    """The header row: which column holds which field, and the header text as written."""

    number: int
    columns: dict[int, str]  # column index → field
    labels: dict[int, str]  # column index → header as written


def find_header(rows: Sequence[TableRow], path: Path, problems: ProblemList) -> Header:
    """The first row (of the first few) whose cells include a task header; else a DataError."""
    best: TableRow | None = None
    best_count = 0
    for row in rows[:HEADER_SEARCH_ROWS]:
        fields = {i: field_for(c) for i, c in enumerate(row.cells) if c and c.strip()}
        found = {i: f for i, f in fields.items() if f}
        if "task" in found.values() and len(row.texts()) >= 2:  # a title is one cell
            return _header(row, found, problems)
        if len(found) > best_count or (best is None and row.texts()):
            best, best_count = row, max(best_count, len(found))
    seen = "、".join(clean_line(t) for t in best.texts()) if best else "（无）"
    raise DataError(
        f"{path} 中找不到表头：需要“工作任务”列（也可写作 事项名称、重点工作）。"
        f"找到的表头：{seen}。可用的表头：{known_headers()}"
    )


def _header(row: TableRow, found: dict[int, str], problems: ProblemList) -> Header:
    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    for i, text in enumerate(row.cells):
        if not text or not text.strip():
            continue
        label = clean_line(text)
        field_name = found.get(i)
        if field_name is None:
            if label not in COMPUTED_TITLES:
                problems.add(f"未知的列“{label}”，已忽略", row.number, label, warning=True)
        elif field_name in columns.values() and field_name != "unit":
            problems.add(f"列“{label}”与前面的列重复，已忽略", row.number, label, warning=True)
        else:
            columns[i], labels[i] = field_name, label
    return Header(row.number, columns, labels)


def _title_and_period(rows: Sequence[TableRow], header: Header,
                      problems: ProblemList) -> tuple[str | None, str | None]:
    """The first one-cell row above the header (not an 附件 label), and a period line under it."""
    title: str | None = None
    for row in rows:
        if row.number >= header.number:
            break
        texts = row.texts()
        if len(texts) != 1 or _ATTACHMENT_LABEL.match(texts[0]):
            continue
        text = clean_line(texts[0])
        if title is None:
            title = clean_field("title", texts[0], problems, row.number, "标题")
        elif _PERIOD.fullmatch(text):
            return title, clean_field("title", texts[0], problems, row.number, "时期")
    return title, None


class _Builder:
    """Walks the data rows, opening an item or continuing the one above."""

    def __init__(self, header: Header, problems: ProblemList) -> None:
        self.header = header
        self.problems = problems
        self.items: list[RawItem] = []
        self.section: Cell | None = None
        self.header_fields = set(header.columns.values())

    def cells(self, row: TableRow) -> dict[str, Cell]:
        result: dict[str, Cell] = {}
        for i, name in self.header.columns.items():
            label = self.header.labels[i]
            if i in row.merged:
                value = None if name in ITEM_FIELDS else row.merged[i]
            else:
                value = row.cells[i] if i < len(row.cells) else None
            text = clean_field(name, value, self.problems, row.number, label)
            previous = result.get(name)
            if previous is not None and name == "unit":  # 牵头单位 and 责任单位 both given
                joined = " ".join(v for v in (previous.value, text) if v)
                result[name] = Cell(joined or None, row.number, previous.label)
            else:
                result[name] = Cell(text, row.number, label)
        return result

    def is_section_row(self, row: TableRow, cells: dict[str, Cell]) -> bool:
        texts = row.texts()
        if len(texts) != 1 or "section" in self.header_fields:
            return False
        if not _SECTION.match(clean_line(texts[0])):
            return False
        return not any(cells[f].value for f in ("unit", "progress", "status") if f in cells)

    def continues(self, cells: dict[str, Cell]) -> bool:
        if not self.items:
            return False
        item = self.items[-1]
        seq = cells["seq"].value if "seq" in cells else None
        task = cells["task"].value
        if not seq and not task:
            return True
        same_seq = seq == item.get("seq")
        if same_seq and task and task.endswith(CONTINUED):
            return self.continued_task(item, task)
        return (same_seq and (not task or task == item.get("task"))) or (not seq and task == item.get("task"))

    @staticmethod
    def continued_task(item: RawItem, label: str) -> bool:
        """Whether ``label`` (a 工作任务 followed by （续）, perhaps shortened with ……) continues
        ``item``, the part of an item on a later page (reportgen/writers/continuation.py).

        Where the item's own cell was shortened (its task ran over the page), the continuation's
        full text replaces it.
        """
        core = label[:-len(CONTINUED)]
        own = item.get("task") or ""
        if core.startswith(ELLIPSIS) and own.endswith(ELLIPSIS) and "task" in item.cells:
            # ……rest（续）: the rest of a task shortened above the break, joined to it
            cell = item.cells["task"]
            item.cells["task"] = Cell(own.removesuffix(ELLIPSIS) + core.removeprefix(ELLIPSIS),
                                      cell.where, cell.label)
            return True
        short, own_short = core.endswith(ELLIPSIS), own.endswith(ELLIPSIS)
        a = _SPACES.sub("", core.removesuffix(ELLIPSIS))
        b = _SPACES.sub("", own.removesuffix(ELLIPSIS))
        if not (a.startswith(b) or b.startswith(a)):
            return False
        if own_short and not short and len(a) > len(b) and "task" in item.cells:
            item.cells["task"] = Cell(core, item.cells["task"].where, item.cells["task"].label)
        return True

    def add(self, row: TableRow) -> None:
        if not row.texts() or is_separator_row(row.cells):
            return
        labels = [clean_line(t) for t in row.texts()]
        if len(labels) >= 2 and {field_for(t) for t in labels} <= self.header_fields:
            return  # the header repeated (a printed table's header on every page)
        cells = self.cells(row)
        if self.is_section_row(row, cells):
            text = clean_field("section", row.texts()[0], self.problems, row.number, "分类")
            self.section = Cell(text, row.number, "分类")
            return
        unit_row = RawRow(row.number, {f: c for f, c in cells.items() if f in ROW_FIELDS})
        if self.continues(cells):
            item = self.items[-1]
            self.merge_item_cells(item, cells)
            if self.is_broken_cell(item, unit_row):
                task = cells["task"].value if "task" in cells else None
                self.append_progress(item.rows[-1], unit_row.cells["progress"],
                                     continued=bool(task) and str(task).endswith(CONTINUED))
            elif self.is_broken_row(item, unit_row, cells):
                self.join_row(item.rows[-1], unit_row)
            elif not unit_row.empty:
                item.rows.append(unit_row)
            return
        item_cells = {f: c for f, c in cells.items() if f in ITEM_FIELDS}
        if "section" not in item_cells and self.section is not None:
            item_cells["section"] = self.section
        item = RawItem(row.number, item_cells)
        if not unit_row.empty:
            item.rows.append(unit_row)
        self.items.append(item)

    @staticmethod
    def is_broken_row(item: RawItem, row: RawRow, cells: dict[str, Cell]) -> bool:
        """The rest of a unit row that reportgen cut at a page break: a continuation row
        (工作任务 with （续）) without the 完成情况 the row above has."""
        task = cells["task"].value if "task" in cells else None
        return bool(item.rows) and bool(task) and str(task).endswith(CONTINUED) \
            and not row.get("status") and bool(item.rows[-1].get("status"))

    def join_row(self, row: RawRow, rest: RawRow) -> None:
        """Join ``rest`` to ``row``: names with a space, the progress text as a broken cell."""
        for name in ("unit", "person"):
            extra = rest.get(name)
            if extra:
                joined = " ".join(v for v in (row.get(name), extra) if v)
                where, label = (row.cells.get(name) or rest.cells[name]).where, \
                    rest.cells[name].label
                row.cells[name] = Cell(joined, where, label)
        if rest.get("progress"):
            self.append_progress(row, rest.cells["progress"], continued=True)

    @staticmethod
    def is_broken_cell(item: RawItem, row: RawRow) -> bool:
        """A row holding only progress text: the cell above broken over a page, not a unit."""
        return bool(item.rows) and bool(row.get("progress")) and not any(
            row.get(f) for f in ("unit", "person", "status"))

    def append_progress(self, row: RawRow, cell: Cell, continued: bool = False) -> None:
        """Join a broken cell's text to ``row``'s progress: a new line after the end of a
        sentence or clause. ``continued``: the text follows a page break that reportgen put in
        the middle of a paragraph as readily as between two, so only 。！？ end one there."""
        previous = row.get("progress")
        text = cell.value or ""
        if previous:
            ends = "。！？!?" if continued else "。；;！？!?：:"
            joiner = "\n" if previous[-1] in ends else ""
            text = previous + joiner + text
        label = row.cells["progress"].label if "progress" in row.cells else cell.label
        row.cells["progress"] = Cell(text, row.cells.get("progress", cell).where, label)
        if not continued:  # a （续） row is reportgen's own page break: joined as written
            self.problems.add("该行只有进展情况，已并入上一行（表格跨页断开的单元格）", cell.where,
                              cell.label, warning=True)

    def merge_item_cells(self, item: RawItem, cells: dict[str, Cell]) -> None:
        for name in ("section", "target", "deadline", "notes"):
            cell = cells.get(name)
            if cell is None or not cell.value:
                continue
            if not item.get(name):
                item.cells[name] = cell
            elif name == "notes" and cell.value not in (item.get(name) or "").split("\n"):
                item.cells[name] = Cell(f"{item.get(name)}\n{cell.value}", item.cells[name].where,
                                        item.cells[name].label)  # a unit row's own note
            elif cell.value != item.get(name):
                self.problems.add(f"续行的{cell.label}与本事项首行不同，已忽略", cell.where,
                                  cell.label, warning=True)


def read_table(rows: Sequence[TableRow], path: Path, problems: ProblemList) -> RawLedger:
    """Raw items from the rows of a table; the header and title are found first."""
    if not any(row.texts() for row in rows):
        raise DataError(f"台账文件 {path} 是空的")
    header = find_header(rows, path, problems)
    builder = _Builder(header, problems)
    for row in rows:
        if row.number > header.number:
            builder.add(row)
    title, period = _title_and_period(rows, header, problems)
    return RawLedger(title=title, period=period, items=builder.items)
