"""The ledger table as WordprocessingML, generated row by row as text (fast at 5,000 rows)."""
from __future__ import annotations

import functools
import math

from reportgen.model import StatusScale
from reportgen.profile import StyleProfile
from reportgen.writers.docx.html_reader import Cell, Table
from reportgen.writers.docx.ooxml import MISSING_COLOR, paragraph_xml, runs_xml, status_color
from reportgen.writers.docx.styles import line_pitch, style_id, twips

CELL_MARGIN = 85  # twips left and right inside a cell (1.5 mm)
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def table_xml(table: Table, width: int, page_height_pt: float, scale: StatusScale,
              profile: StyleProfile) -> str:
    """A w:tbl filling ``width`` twips: repeated header row, merged cells, unsplit rows."""
    total = sum(table.widths) or 1.0
    grid = [round(width * w / total) for w in table.widths]
    _fit_headers(grid, table, twips(profile.role("table_header").size))
    columns = tuple(grid)  # hashable, for the cached cell properties
    cell_role = profile.role("table_cell")
    chars_per_line = [max(1, (w - 2 * CELL_MARGIN) // max(1, twips(cell_role.size))) for w in grid]
    row_limit = page_height_pt * 0.85
    pitch = line_pitch(cell_role, profile)
    parts = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{BORDERS}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>",
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in grid),
        "</w:tblGrid>",
    ]
    pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows still merged, colspan)
    for index, row in enumerate(table.head + table.body):
        header = index < len(table.head)
        cells = iter(row)
        column = 0
        lines = 1
        out: list[str] = []
        while column < len(grid):
            if column in pending:
                left, span = pending[column]
                out.append(_continuation(columns, column, span))
                if left > 1:
                    pending[column] = (left - 1, span)
                else:
                    del pending[column]
                column += span
                continue
            cell = next(cells, None)
            if cell is None:  # a short row: fill the grid with empty cells
                out.append(_continuation(columns, column, 1, merged=False))
                column += 1
                continue
            span = min(cell.colspan, len(grid) - column)
            if cell.rowspan > 1:
                pending[column] = (cell.rowspan - 1, span)
            else:
                lines = max(lines, _lines(cell, sum(chars_per_line[column:column + span])))
            out.append(_cell_xml(cell, columns, column, span, scale))
            column += span
        # A row that fits on a page must not break across pages; a taller one has to.
        fits = header or lines * pitch <= row_limit
        trpr = ("<w:cantSplit/>" if fits else "") + ("<w:tblHeader/>" if header else "")
        parts.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        parts.extend(out)
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _fit_headers(grid: list[int], table: Table, char: int) -> None:
    """Widen narrow columns so a header title fits on one line, taking from the widest."""
    if not table.head:
        return
    titles = [sum(len(r.text) for runs in c.paras for r in runs)
              for c in table.head[0] if c.colspan == 1]
    if len(titles) != len(grid):
        return
    for column, length in enumerate(titles):
        need = length * char + 2 * CELL_MARGIN + char // 4
        widest = max(range(len(grid)), key=grid.__getitem__)
        deficit = need - grid[column]
        if deficit > 0 and widest != column and grid[widest] - deficit > 3 * need:
            grid[column] += deficit
            grid[widest] -= deficit


@functools.lru_cache(maxsize=1024)
def _tcpr(grid: tuple[int, ...], column: int, span: int, merge: str) -> str:
    width = sum(grid[column:column + span])
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}'
            '<w:vAlign w:val="center"/></w:tcPr>')


@functools.lru_cache(maxsize=1024)
def _continuation(grid: tuple[int, ...], column: int, span: int, merged: bool = True) -> str:
    merge = "<w:vMerge/>" if merged else ""
    return (f"<w:tc>{_tcpr(grid, column, span, merge)}"
            f'<w:p><w:pPr><w:pStyle w:val="{style_id("table_cell")}"/></w:pPr></w:p></w:tc>')


def _cell_xml(cell: Cell, grid: tuple[int, ...], column: int, span: int,
              scale: StatusScale) -> str:
    merge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
    if cell.header:
        style = style_id("table_header")
    elif "center" in cell.classes:
        style = style_id("table_cell_center")
    else:
        style = style_id("table_cell")
    color = MISSING_COLOR if "missing" in cell.classes else status_color(scale, cell.status)
    paragraphs = "".join(paragraph_xml(style, runs_xml(runs, scale, color))
                         for runs in cell.paras) or paragraph_xml(style, "")
    return f"<w:tc>{_tcpr(grid, column, span, merge)}{paragraphs}</w:tc>"


def _lines(cell: Cell, per_line: int) -> int:
    """A rough count of the lines a cell needs at ``per_line`` characters a line."""
    return sum(max(1, math.ceil(sum(len(r.text) for r in runs) / max(1, per_line)))
               for runs in cell.paras)
