"""Stage two for tables: progress grids of a block stream into raw items.

The header is found with the same aliases as CSV and XLSX (loaders.fields); the grids that
continue it (a table broken over several Word tables, a repeated header on each page) are
joined; merged cells become continuation rows and the rows are read by loaders.tabular, so
a Word table and an Excel sheet are read by the same rules. A status given only as a cell
colour becomes a status word; cells of unknown columns go to the item's notes; paragraphs
around the table give the title and period, or go to the ledger's notes.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from reportgen.errors import ProblemList
from reportgen.loaders.blocks import BlockStream, Grid, Para
from reportgen.loaders.clean import clean_line
from reportgen.loaders.fields import field_for
from reportgen.loaders.raw import Cell, RawItem, RawLedger
from reportgen.loaders.recognise.colours import status_for_colour
from reportgen.loaders.recognise.common import (
    ATTACHMENT_LABEL,
    add_note,
    is_marker,
    period_from_title,
)
from reportgen.loaders.recognise.report import Recognition, Unplaced
from reportgen.loaders.tabular import HEADER_SEARCH_ROWS, TableRow, find_header, read_table
from reportgen.model import DEFAULT_SCALE, StatusScale

STATUS_HEADER = "完成情况"
SECTION = re.compile(r"^(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十百]+[部分章类])")
ROW_LEVEL = ("status", "progress", "unit", "person")


def header_index(grid: Grid) -> int | None:
    """The row of ``grid`` that holds a task header among its first rows, else None."""
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        texts = [c.text for c in row if c.text.strip()]
        if len(texts) >= 2 and any(field_for(t) == "task" for t in texts):
            return index
    return None


def _texts(grid: Grid, index: int) -> list[str]:
    return [clean_line(c.text) for c in grid.rows[index] if c.text.strip() and c.covered is None]


def _fields(grid: Grid, index: int) -> list[str | None]:
    return [field_for(c.text) if c.text.strip() and c.covered is None else None
            for c in grid.rows[index]]


def grid_rows(grid: Grid, start: int, first_number: int) -> list[TableRow]:
    """Table rows of a grid from row ``start``: covered cells empty, vertical merges marked."""
    rows: list[TableRow] = []
    for r in range(start, len(grid.rows)):
        row = TableRow(first_number + len(rows), [])
        for c, cell in enumerate(grid.rows[r]):
            if cell.covered is None:
                row.cells.append(cell.text)
                continue
            row.cells.append(None)
            top_row, top_column = cell.covered
            if top_row < r and top_column == c and top_row >= start:
                row.merged[c] = grid.rows[top_row][top_column].text
        rows.append(row)
    return rows


class _Join:
    """The grids that make up the ledger table, their rows numbered through, with positions."""

    def __init__(self) -> None:
        self.rows: list[TableRow] = []
        self.positions: dict[int, str] = {}
        self.sources: list[tuple[Grid, int, int]] = []  # grid, first row number, row offset

    def add(self, grid: Grid, start: int = 0) -> None:
        first = len(self.rows) + 1
        rows = grid_rows(grid, start, first)
        for offset, row in enumerate(rows):
            self.positions[row.number] = f"{grid.where}第{start + offset + 1}行"
        self.sources.append((grid, first, start))
        self.rows.extend(rows)

    def cell(self, number: int, column: int) -> tuple[Grid, int, int] | None:
        for grid, first, start in reversed(self.sources):
            if number >= first:
                return grid, start + number - first, column
        return None


def _colour_statuses(join: _Join, header_number: int, fields: list[str | None],
                     scale: StatusScale) -> int:
    """Fill empty status cells (or a new status column) from cell colours; the count filled."""
    status_column = next((i for i, f in enumerate(fields) if f == "status"), None)
    found: dict[int, str] = {}
    for row in join.rows:
        if row.number <= header_number:
            continue
        if status_column is not None and status_column < len(row.cells) and \
                (row.cells[status_column] or "").strip():
            continue
        texts = row.texts()
        if (len(texts) >= 2 and all(field_for(t) for t in texts)) or \
                (len(texts) == 1 and SECTION.match(clean_line(texts[0]))):
            continue  # a repeated header or a section row: its colour is layout
        located = join.cell(row.number, 0)
        if located is None:
            continue
        grid, r, _ = located
        order = sorted(range(len(grid.rows[r])), key=lambda c: (
            fields[c] not in ROW_LEVEL if c < len(fields) else True, c))
        for c in order:
            cell = grid.rows[r][c]
            name = status_for_colour(cell.fill, scale) if cell.covered is None else None
            if name:
                found[row.number] = name
                break
    if not found:
        return 0
    if status_column is None:
        for row in join.rows:
            value = STATUS_HEADER if row.number == header_number else found.get(row.number)
            row.cells.append(value)
    else:
        for row in join.rows:
            if row.number in found:
                row.cells[status_column] = found[row.number]
    return len(found)


def _owner(raw: RawLedger, number: int) -> RawItem | None:
    owner = None
    for item in raw.items:
        where = item.where if isinstance(item.where, int) else 0
        if where <= number:
            owner = item
    return owner


def _relocate(raw: RawLedger, problems: ProblemList, positions: dict[int, str]) -> None:
    """Row numbers of the joined table become positions a person can find (表格2第3行)."""
    def place(where: int | str | None) -> int | str | None:
        return positions.get(where, where) if isinstance(where, int) else where

    for item in raw.items:
        for cell in item.cells.values():
            cell.where = place(cell.where)
        for row in item.rows:
            row.where = place(row.where)
            for cell in row.cells.values():
                cell.where = place(cell.where)
        item.where = place(item.where)
    problems.items[:] = [replace(p, row=place(p.row)) for p in problems.items]


def recognise_table(stream: BlockStream, problems: ProblemList,
                    scale: StatusScale = DEFAULT_SCALE) -> Recognition:
    """The ledger in the first grid with a task header, joined with the grids that continue it."""
    path = Path(stream.source)
    first = next((i for i, b in enumerate(stream.blocks)
                  if isinstance(b, Grid) and header_index(b) is not None), None)
    if first is None:  # no header anywhere: the tabular reader's named error
        grid = stream.grids[0] if stream.grids else Grid([], "")
        find_header(grid_rows(grid, 0, 1), path, problems)
        raise AssertionError("find_header raises")  # pragma: no cover
    head_grid = stream.blocks[first]
    assert isinstance(head_grid, Grid)
    head = header_index(head_grid) or 0
    fields = _fields(head_grid, head)
    join = _Join()
    join.add(head_grid)
    header_number = head + 1
    recognition = Recognition(str(path), "表格", RawLedger(), kind="attachment")
    unplaced = recognition.unplaced
    leftover: list[Para] = []  # paragraphs after the table (or between its parts)
    raw_notes: list[str] = []
    joined = [head_grid]

    def keep_grid(block: Grid) -> None:
        for r, row in enumerate(block.rows):
            text = " | ".join(clean_line(c.text) for c in row if c.text.strip())
            if text:
                raw_notes.append(text)
                unplaced.append(Unplaced(text, f"{block.where}第{r + 1}行", "另一张表格"))

    for block in stream.blocks[:first]:
        if isinstance(block, Grid):
            keep_grid(block)
    for block in stream.blocks[first + 1:]:
        if not isinstance(block, Grid):
            leftover.append(block)
            continue
        repeated = header_index(block) if block.width == head_grid.width else None
        if repeated is not None and _texts(block, repeated) == _texts(head_grid, head):
            # the table continued, its header repeated (after a 续表 line, perhaps)
            for r in range(repeated):
                for text in _texts(block, r):
                    raw_notes.append(text)
                    unplaced.append(Unplaced(text, f"{block.where}第{r + 1}行", "续表表头上方"))
            join.add(block, repeated + 1)
            joined.append(block)
        elif block.width == head_grid.width and repeated is None and not leftover:
            join.add(block)  # the table continued without a header
            joined.append(block)
        else:
            keep_grid(block)
    recognition.tables = len(joined)
    recognition.colour_statuses = _colour_statuses(join, header_number, fields, scale)
    own = ProblemList(problems.file)
    raw = read_table(join.rows, path, own)
    raw.notes.extend(raw_notes)
    header = find_header(join.rows, path, ProblemList())
    used = header.columns
    recognition.columns = [(used[c], header.labels[c]) for c in sorted(used)]
    _unknown_columns(raw, join, header_number, used, head_grid, unplaced)
    _markers(raw)
    _empty_sections(raw, join, header_number, unplaced)
    _relocate(raw, own, join.positions)
    # Unknown columns are not ignored here: their cells went to the notes (see unplaced).
    problems.items.extend(p for p in own.items if not p.message.startswith(
        ("未知的列", "列“")))
    before = [b for b in stream.blocks[:first] if isinstance(b, Para)]
    _frame(recognition, raw, before, [p for p in leftover if isinstance(p, Para)])
    _rows_above(recognition, join, header_number, raw)
    recognition.raw = raw
    return recognition


def _unknown_columns(raw: RawLedger, join: _Join, header_number: int, used: dict[int, str],
                     grid: Grid, unplaced: list[Unplaced]) -> None:
    """Cells of columns the table reader ignores (no field, or a field again): to the notes of
    their item as "列名：值"."""
    head = grid.rows[header_number - 1]
    unknown = {c: clean_line(cell.text) for c, cell in enumerate(head)
               if c not in used and cell.text.strip() and cell.covered is None}
    if not unknown:
        return
    for row in join.rows:
        if row.number <= header_number:
            continue
        for column, label in unknown.items():
            value = row.cells[column] if column < len(row.cells) else None
            if not value or not value.strip() or clean_line(value) == label:
                continue
            item = _owner(raw, row.number)
            where = join.positions.get(row.number, str(row.number))
            text = f"{label}：{clean_line(value)}"
            if item is None:
                raw.notes.append(text)
                unplaced.append(Unplaced(text, where, "未知的列", "ledger"))
            else:
                add_note(item, text)
                unplaced.append(Unplaced(text, where, "未知的列", "item"))


def _empty_sections(raw: RawLedger, join: _Join, header_number: int,
                    unplaced: list[Unplaced]) -> None:
    """A section row no item follows (at the end of the table): kept in the ledger's notes."""
    used = {item.get("section") for item in raw.items}
    for row in join.rows:
        texts = row.texts()
        if row.number <= header_number or len(texts) != 1:
            continue
        text = clean_line(texts[0])
        if SECTION.match(text) and text not in used:
            raw.notes.append(text)
            unplaced.append(Unplaced(text, join.positions[row.number], "没有事项的分类行"))


def _markers(raw: RawLedger) -> None:
    """A progress cell that only says "暂未报送进展" means no progress."""
    for item in raw.items:
        for row in item.rows:
            cell = row.cells.get("progress")
            if cell is not None and is_marker(cell.value):
                row.cells["progress"] = Cell(None, cell.where, cell.label)


def _frame(recognition: Recognition, raw: RawLedger, before: list[Para],
           after: list[Para]) -> None:
    """Title (the paragraph nearest above the table), period, and the rest to the notes."""
    title_index = None
    for index in range(len(before) - 1, -1, -1):
        text = clean_line(before[index].text)
        if ATTACHMENT_LABEL.match(text) or (raw.period is None and period_from_title(text)
                                            and len(text) <= 16):
            continue
        title_index = index
        break
    if title_index is not None:
        raw.title = clean_line(before[title_index].text)
    recognition.title = raw.title
    raw.period = raw.period or period_from_title(raw.title)
    for index, para in enumerate(before):
        text = clean_line(para.text)
        if index == title_index:
            continue
        if ATTACHMENT_LABEL.match(text):
            recognition.params["label"] = text
            continue
        if raw.period is None and period_from_title(text) and len(text) <= 16:
            raw.period = period_from_title(text)
            continue
        raw.notes.append(text)
        recognition.unplaced.append(Unplaced(text, para.where, "表格前的段落"))
    for para in after:
        text = clean_line(para.text)
        raw.notes.append(text)
        recognition.unplaced.append(Unplaced(text, para.where, "表格后的段落"))
    if raw.title:
        recognition.params["title"] = raw.title


def _rows_above(recognition: Recognition, join: _Join, header_number: int,
                raw: RawLedger) -> None:
    """Rows above the header other than the title and period rows go to the notes."""
    for row in join.rows:
        if row.number >= header_number:
            break
        for text in row.texts():
            line = clean_line(text)
            if line in (raw.title, raw.period) or ATTACHMENT_LABEL.match(line):
                continue
            raw.notes.append(line)
            recognition.unplaced.append(Unplaced(line, join.positions[row.number], "表头上方"))
