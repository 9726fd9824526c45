"""The ledger table as WordprocessingML, generated row by row as text (fast at 5,000 rows)."""
from __future__ import annotations

import functools

from reportgen.model import StatusScale
from reportgen.profile import StyleProfile
from reportgen.vocabulary_blocks import Cell, Table
from reportgen.writers.docx.ooxml import MISSING_COLOR, paragraph_xml, runs_xml, status_color
from reportgen.writers.docx.styles import style_id

MM_TWIPS = 1440 / 25.4
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
# Rows that start a page in the PDF's layout (writers/paginate.py): Word starts a new table there.
PAGE_ROWS = frozenset({"cont", "page"})
# Between two parts of a table: a paragraph one point high that starts a new page. Word and
# LibreOffice both honour a paragraph's page break before; neither breaks a table at a row
# (LibreOffice ignores w:pageBreakBefore inside a table). A paragraph that already starts a page
# adds none.
PAGE_BREAK = ('<w:p><w:pPr><w:pageBreakBefore/><w:widowControl w:val="0"/>'
              '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:beforeLines="0" w:after="0" '
              'w:afterLines="0" w:line="20" w:lineRule="exact"/>'
              '<w:ind w:left="0" w:right="0" w:firstLine="0"/>'
              '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def table_xml(table: Table, width: int, page_height_pt: float, scale: StatusScale | None,
              profile: StyleProfile) -> str:
    """A w:tbl filling ``width`` twips: repeated header row, merged cells, short rows unsplit.

    Column widths come from the HTML (reportgen/templating/layout.py), as in the PDF. Rows marked
    ``keep`` never break across pages; other rows may (Word's default: allow row to break).
    A row that starts a page in the PDF (class ``cont`` or ``page``) starts a new table on a new
    page, its header row repeated, so Word's pages hold what the PDF's hold.
    """
    total = sum(table.widths) or 1.0
    grid = [round(width * w / total) for w in table.widths]
    columns = tuple(grid)  # hashable, for the cached cell properties
    layout = profile.table_layout
    margin = round(layout.cell_padding_mm * MM_TWIPS)
    margin_v = round(layout.cell_padding_v_mm * MM_TWIPS)
    opening = "".join([
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{BORDERS}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>",
        f'<w:tblCellMar><w:top w:w="{margin_v}" w:type="dxa"/>'
        f'<w:left w:w="{margin}" w:type="dxa"/><w:bottom w:w="{margin_v}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in grid),
        "</w:tblGrid>",
    ])
    parts = [opening]
    head: list[str] = []
    pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows still merged, colspan)
    for index, row in enumerate(table.head + table.body):
        header = index < len(table.head)
        body_index = index - len(table.head)
        names = frozenset() if header or body_index >= len(table.row_classes) \
            else table.row_classes[body_index]
        if body_index > 0 and names & PAGE_ROWS and not pending:
            parts.append("</w:tbl>" + PAGE_BREAK + opening)
            parts.extend(head)
        # no cell padding where a row was cut at a page break (as the PDF, writers/css.py)
        pad = ("top" if "cont" in names else "") + ("bottom" if "cut" in names else "")
        cells = iter(row)
        column = 0
        out: list[str] = []
        while column < len(grid):
            if column in pending:
                left, span = pending[column]
                out.append(_continuation(columns, column, span, pad=pad))
                if left > 1:
                    pending[column] = (left - 1, span)
                else:
                    del pending[column]
                column += span
                continue
            cell = next(cells, None)
            if cell is None:  # a short row: fill the grid with empty cells
                out.append(_continuation(columns, column, 1, merged=False, pad=pad))
                column += 1
                continue
            span = min(cell.colspan, len(grid) - column)
            if cell.rowspan > 1:
                pending[column] = (cell.rowspan - 1, span)
            out.append(_cell_xml(cell, columns, column, span, scale, pad))
            column += span
        fits = header or "keep" in names
        trpr = ("<w:cantSplit/>" if fits else "") + ("<w:tblHeader/>" if header else "")
        text = "".join([f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>", *out, "</w:tr>"])
        parts.append(text)
        if header:
            head.append(text)
    parts.append("</w:tbl>")
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def _tcpr(grid: tuple[int, ...], column: int, span: int, merge: str, pad: str = "") -> str:
    width = sum(grid[column:column + span])
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "bottom")
                      if side in pad)
    mar = f"<w:tcMar>{margins}</w:tcMar>" if margins else ""
    return (f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}{mar}'
            '<w:vAlign w:val="center"/></w:tcPr>')


@functools.lru_cache(maxsize=1024)
def _continuation(grid: tuple[int, ...], column: int, span: int, merged: bool = True,
                  pad: str = "") -> str:
    merge = "<w:vMerge/>" if merged else ""
    return (f"<w:tc>{_tcpr(grid, column, span, merge, pad)}"
            f'<w:p><w:pPr><w:pStyle w:val="{style_id("table_cell")}"/></w:pPr></w:p></w:tc>')


def _cell_xml(cell: Cell, grid: tuple[int, ...], column: int, span: int,
              scale: StatusScale | None, pad: str = "") -> str:
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
    return f"<w:tc>{_tcpr(grid, column, span, merge, pad)}{paragraphs}</w:tc>"
