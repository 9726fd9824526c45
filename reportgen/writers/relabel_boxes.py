"""Boxes for writers/relabel.py: the labels' document, cells moved into the layout, rows reshaped.

Cells are placed as the table's CSS sets them (``vertical-align: middle``: centred in the
rows they span, between the rows' rules and the cell padding; no padding at a page break, where
the cut document's ``cont`` and ``cut`` rows have none), measured by their lines of text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lxml.html

from reportgen.templating.table import ITEM_KEYS
from reportgen.writers.continuation import classes, key_of

LABEL = "data-rg-label"
TALL = 100_000  # px: the labels' document on one page


@dataclass
class Row:
    """A body row of the cut document where the layout has it: page, row box, table box."""

    tr: Any
    page: int
    box: Any
    table: Any
    pages: set[int]  # every page the layout spreads this row's text over


@dataclass
class Label:
    """Item cells of the cut document to lay out and put over rows ``first``…``last``."""

    cells: list[Any]  # lxml cells
    first: Row
    last: Row
    same: bool = False  # the layout's cells hold these texts: only centred again, not laid out


def items(row_box: Any) -> list[Any]:
    """The elements of a row box's item cells."""
    return [c.element for c in row_box.children
            if c.element is not None and key_of(c.element) in ITEM_KEYS]


def rowspan(td: Any) -> int:
    try:
        return max(1, int(td.get("rowspan") or 1))
    except ValueError:
        return 1


def padding(cell: Any) -> tuple[float, float]:
    """A cell's padding as the stylesheet sets it (top, bottom), px."""
    out = []
    for side in ("padding_top", "padding_bottom"):
        value = cell.style[side]
        out.append(float(value.value) if getattr(value, "unit", None) == "px" else 0.0)
    return out[0], out[1]


def lines_extent(cell: Any) -> tuple[float, float] | None:
    """The top and bottom of a cell's lines of text, px; None when it has none (a block broken
    over a page is drawn as high as the rest of the page: its lines tell where it ends)."""
    from weasyprint.formatting_structure import boxes

    lines = [b for b in cell.descendants() if isinstance(b, boxes.LineBox)]
    if not lines:
        return None
    return (min(float(b.position_y) for b in lines),
            max(float(b.position_y + b.height) for b in lines))


def border(row_box: Any) -> float:
    return max((max(float(c.border_top_width), float(c.border_bottom_width))
                for c in row_box.children), default=0.0)


def padding_at(row: Row, top: bool) -> tuple[float, float]:
    """The padding a cell of ``row`` has at its top (or bottom) in the cut document: none on a
    row that starts a page inside an item (``cont``) or ends one above it (``cut``)."""
    if not row.box.children:
        return 0.0, 0.0
    name = "cont" if top else "cut"
    return border(row.box), 0.0 if name in classes(row.tr) else padding(
        row.box.children[0])[0 if top else 1]


def centre(cell: Any, top: float, bottom: float) -> None:
    """Move a cell's content to the middle of ``top``…``bottom`` (``vertical-align: middle``)."""
    extent = lines_extent(cell)
    if extent is None:
        return
    dy = (top + bottom) / 2 - (extent[0] + extent[1]) / 2
    for child in cell.children:
        child.translate(0, dy)


def reshape(row: Row) -> None:
    """A row the cut starts or ends a page with, shaped as the cut document lays it out: as
    high as its own cells' content with no padding at the break (a broken row's fragment
    fills its page in the layout), the rule under it drawn, its cells centred again, the rows
    under it moved up or down by what it lost or gained."""
    box = row.box
    border, pad_top = padding_at(row, True)
    _, pad_bottom = padding_at(row, False)
    single = {key_of(td) for td in row.tr if rowspan(td) == 1}
    heights = [extent[1] - extent[0] for c in box.children
               if c.element is not None and key_of(c.element) in single
               and (extent := lines_extent(c)) is not None]
    if heights:
        height = max(heights) + 2 * border + pad_top + pad_bottom
        change = height - float(box.height)
        box.height = height
        if abs(change) > 0.01:
            below = False
            for group in row.table.children:
                for other in group.children:
                    if below:
                        other.translate(0, change)
                    below = below or other is box
    if "cut" in classes(row.tr):
        rule_off(row.table)
    top = float(box.position_y) + border + pad_top
    bottom = float(box.position_y + box.height) - border - pad_bottom
    for cell in box.children:
        if cell.element is not None and key_of(cell.element) not in ITEM_KEYS:
            centre(cell, top, bottom)


def rule_off(table: Any) -> None:
    """Draw the rule under the last row of ``table`` (a page's part of it) across every column:
    the layout leaves it out at a row broken over the page, and under the item columns where
    the item went on (the rows of the page's collapsed-border grid, as WeasyPrint counts them)."""
    table.skip_cell_border_bottom = False
    vertical, horizontal = table.collapsed_border_grid
    rows = sum(len(group.children) for group in table.children)
    header = len(table.children[0].children) if table.children and \
        table.children[0].is_header else 0
    index = rows + (table.skipped_rows - header if table.skipped_rows else 0)
    if not 0 <= index < len(horizontal) or rows <= header:
        return
    line = list(horizontal[index])
    strongest = max(line, key=lambda border: border[1][1])  # (score, (style, width, colour))
    line = [border if border[1][1] else strongest for border in line]
    table.collapsed_border_grid = (vertical, [*horizontal[:index], line,
                                              *horizontal[index + 1:]])


def holds(first: Any, last: Any, elements: list[Any] | None = None) -> bool:
    """Whether rows ``first``…``last`` hold their cells' content (those of ``elements``; else
    the cells of the row itself, not the item cells that span other rows)."""
    top, bottom = float(first.position_y) - 0.5, float(last.position_y + last.height) + 0.5
    for cell in first.children:
        if cell.element is None or (key_of(cell.element) in ITEM_KEYS if elements is None
                                    else cell.element not in elements):
            continue
        extent = lines_extent(cell)
        if extent is not None and (extent[0] < top or extent[1] > bottom):
            return False
    return True


def lay_out(tree: Any, labels: list[Label], render: Any,
             sizes: dict[str, float]) -> list[dict[str, Any]] | None:
    """The labels' cells laid out by ``render`` in one small document: each label a row of
    its table, in a copy of that table's section (same columns), by label. Its pages are as
    wide as the layout's (``sizes``: width by page name, px) and very tall: one page, whose
    margin boxes and page breaks cost nothing."""
    import copy

    head = tree.find("head")
    document = lxml.html.Element("html")
    for name, value in tree.attrib.items():
        document.set(name, value)
    document.append(copy.deepcopy(head) if head is not None else lxml.html.Element("head"))
    style = lxml.html.Element("style")
    style.text = "".join(f"@page {name} {{ size: {width:.4f}px {TALL}px !important }}\n"
                         for name, width in sizes.items())
    document[-1].append(style)
    body = lxml.html.Element("body")
    document.append(body)
    tables: dict[int, Any] = {}
    for index, label in enumerate(labels):
        table = label.cells[0].getparent().getparent().getparent()
        section = table.getparent()
        if id(table) not in tables:
            new_section = lxml.html.Element(section.tag)
            for name, value in section.attrib.items():
                new_section.set(name, value)
            new_table = lxml.html.Element(table.tag)
            for name, value in table.attrib.items():
                new_table.set(name, value)
            for child in table:
                if child.tag in ("caption", "colgroup", "col", "thead"):
                    new_table.append(copy.deepcopy(child))
            new_table.append(lxml.html.Element("tbody"))
            new_section.append(new_table)
            body.append(new_section)
            tables[id(table)] = new_table
        keys = [key_of(col) for col in table.iter("col")]
        row = lxml.html.Element("tr")
        row.set("class", "keep")
        row.set(LABEL, str(index))
        given = {key_of(td): td for td in label.cells}
        for key in keys:
            if key in given:
                cell = copy.deepcopy(given[key])
                cell.attrib.pop("rowspan", None)
                cell.tail = None
            else:
                cell = lxml.html.Element("td")
                cell.set("class", key)
            row.append(cell)
        tables[id(table)].find("tbody").append(row)
    laid = render(lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>"))
    return label_cells(laid, labels)


def label_cells(laid: Any, labels: list[Label]) -> list[dict[str, Any]] | None:
    from weasyprint.formatting_structure import boxes

    out: list[dict[str, Any]] = [{} for _ in labels]
    seen: set[int] = set()
    for page in laid.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TableRowBox) or box.element is None \
                    or box.element.get(LABEL) is None:
                continue
            index = int(box.element.get(LABEL))
            if index in seen:
                return None  # a label broken over pages: it does not fit a page
            seen.add(index)
            out[index] = {key_of(c.element): c for c in box.children if c.element is not None}
    if len(seen) != len(labels):
        return None
    return out


def shared_columns(label: Label, row: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    hosts = {key_of(c.element): c for c in label.first.box.children if c.element is not None}
    wanted = {key_of(td) for td in label.cells}
    return hosts, [k for k in hosts if k in row and k not in wanted]


def fits(label: Label, row: dict[str, Any]) -> bool:
    """Whether the small document's columns stand as wide as the layout's (then shifted)."""
    hosts, shared = shared_columns(label, row)
    return bool(shared) and all(key_of(td) in row for td in label.cells) and all(
        abs(float(hosts[k].width) - float(row[k].width)) < 0.01 for k in shared)


def put(label: Label, row: dict[str, Any]) -> None:
    """The label's cells in place of the layout row's item cells, centred in its rows."""
    wanted = [key_of(td) for td in label.cells]  # in order: the same drawing in every process
    hosts, shared = shared_columns(label, row)
    dx = float(hosts[shared[0]].position_x) - float(row[shared[0]].position_x)
    keep = [c for c in label.first.box.children
            if c.element is None or key_of(c.element) not in wanted]
    border, pad_top = padding_at(label.first, True)
    _, pad_bottom = padding_at(label.first, False)  # the item cells are the first row's
    top = float(label.first.box.position_y) + border + pad_top
    bottom = float(label.last.box.position_y + label.last.box.height) - border - pad_bottom
    placed = []
    for key in wanted:
        cell = row[key]
        cell.translate(dx, 0)
        centre(cell, top, bottom)
        placed.append(cell)
    label.first.box.children = [*keep, *placed]
