"""One layout per PDF: the cut document drawn from the layout that measured it, its labels laid in.

``paginate`` lays a table out to find the pages that start inside an item, then cuts those items
(``continuation.apply_cuts``). The cut moves nothing: each part holds what its page held, the
row borders stand where they stood (WeasyPrint draws collapsed borders from the rows, and a
rowspan cell broken over a page leaves its column empty but ruled on the next page). What the
cut changes is text: the 序号 and 工作任务 of the first merge group on a page (the （续）
labels), and the 工作任务 of an item shortened above the break (……). So instead of laying the
cut document out again, ``relabel`` lays out only those cells, in one small document of the
same table (same stylesheet, same column widths), and puts each laid-out cell into the measured
layout where the cut document has it: centred in the rows its group spans on that page, as the
table's ``vertical-align: middle`` sets it. Every page keeps its boxes, numbers and 版记.

Whatever this cannot match exactly (a row whose texts the cut split otherwise than the layout
did, a group or task spread over pages in a way it does not expect) makes it answer None, and
the caller lays the cut document out again, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html

from reportgen.templating.table import ITEM_KEYS
from reportgen.writers.continuation import ROW_ID, Cut, classes, key_of

ORIGIN = "data-rg-origin"  # a body row's number, kept through the cut (parts of it have none)
LABEL = "data-rg-label"
_Original = dict[int, tuple[list[str], int, frozenset[str]]]  # origin -> _item_cells
TALL = 100_000  # px: the labels' document on one page
_SPACE = re.compile(r"\s+")


def keep_origin(numbered: str) -> str:
    """``numbered`` (rows numbered by ``continuation.number_rows``) with each number copied to
    an attribute the cut keeps: the rows of the cut document can be traced to the layout's."""
    return re.sub(rf'{ROW_ID}="(\d+)"', rf'{ROW_ID}="\1" {ORIGIN}="\1"', numbered)


def strip_origin(html: str) -> str:
    """``html`` without the attribute of ``keep_origin``."""
    return re.sub(rf' {ORIGIN}="\d+"', "", html)


@dataclass
class _Row:
    """A body row of the cut document where the layout has it: page, row box, table box."""

    tr: Any
    page: int
    box: Any
    table: Any
    pages: set[int]  # every page the layout spreads this row's text over


@dataclass
class _Label:
    """Item cells of the cut document to lay out and put over rows ``first``…``last``."""

    cells: list[Any]  # lxml cells
    first: _Row
    last: _Row
    same: bool = False  # the layout's cells hold these texts: only centred again, not laid out


def relabel(rendered: Any, numbered: str, cut_html: str, cuts: list[Cut],
            render: Any) -> Any | None:
    """``rendered`` (the layout of ``numbered``, the document with ``keep_origin``) drawn as
    ``cut_html`` (that document cut at ``cuts``, origins kept): the changed cells laid out by
    ``render`` (a function from HTML to a WeasyPrint document, same stylesheets) and put in
    place; None when the cut cannot be matched to the layout (see above). Changes
    ``rendered``: a caller that gets None lays the cut document out again."""
    if not cuts:
        return rendered
    layout = _layout_rows(rendered)
    original = {int(tr.get(ORIGIN)): _item_cells(tr)
                for tr in lxml.html.document_fromstring(numbered).iter("tr")
                if tr.get(ORIGIN) is not None}
    tree = lxml.html.document_fromstring(cut_html)
    rows: list[_Row] = []
    labels: list[_Label] = []
    for tbody in tree.iter("tbody"):
        table_rows = _match(tbody, layout)
        found = None if table_rows is None else _labels(table_rows, original)
        if table_rows is None or found is None:
            return None
        rows += table_rows
        labels += found
    # rows the cut starts or ends a page with, not already so in the layout (writers.paginate's
    # settle lays out a document cut in part where a part grows)
    reshaped = [row for row in rows if _marks(row.tr) and _marks(row.tr) != original.get(
        int(row.tr.get(ORIGIN) or -1), ([], 0, frozenset()))[2]]
    new = [label for label in labels if not label.same]
    sizes = {rendered.pages[label.first.page]._page_box.page_type.name or "":
             float(rendered.pages[label.first.page]._page_box.margin_width()) for label in new}
    laid = _lay_out(tree, new, render, sizes) if new else []
    if laid is None:
        return None
    pairs = list(zip(new, laid, strict=True))
    if not all(_fits(label, cells) for label, cells in pairs):
        return None
    for row in reshaped:
        _reshape(row)
    for label, cells in pairs:
        _put(label, cells)
    for label in labels:
        if label.same:
            _put(label, {key_of(c.element): c for c in label.first.box.children
                         if c.element is not None})
    if not all(_holds(row.box, row.box) for row in reshaped) or not all(
            _holds(label.first.box, label.last.box, _items(label.first.box)) for label in labels):
        return None
    return rendered


def _items(row_box: Any) -> list[Any]:
    """The elements of a row box's item cells."""
    return [c.element for c in row_box.children
            if c.element is not None and key_of(c.element) in ITEM_KEYS]


def _item_cells(tr: Any) -> tuple[list[str], int, frozenset[str]]:
    """The texts of a row's item cells, the rows they span, and its page-break marks."""
    cells = [td for td in tr if key_of(td) in ITEM_KEYS]
    return [_text(td) for td in cells], max((_span(td) for td in cells), default=1), _marks(tr)


def _marks(tr: Any) -> frozenset[str]:
    """Whether a row starts a page inside an item (``cont``) or ends one above it (``cut``)."""
    return frozenset({"cont", "cut"} & set(classes(tr)))


def _span(td: Any) -> int:
    try:
        return max(1, int(td.get("rowspan") or 1))
    except ValueError:
        return 1


def _layout_rows(rendered: Any) -> dict[int, list[tuple[int, Any, Any]]]:
    """The layout's body rows by number: (page, row box, table box) of each fragment."""
    from weasyprint.formatting_structure import boxes

    out: dict[int, list[tuple[int, Any, Any]]] = {}
    for number, page in enumerate(rendered.pages):
        for table in page._page_box.descendants():
            if not isinstance(table, boxes.TableBox):
                continue
            for group in table.children:
                for box in group.children:
                    row = None if box.element is None else box.element.get(ROW_ID)
                    if row is not None:
                        out.setdefault(int(row), []).append((number, box, table))
    return out


def _text(element: Any) -> str:
    return _SPACE.sub("", element.text_content())


def _box_texts(row_box: Any) -> dict[str, str]:
    from weasyprint.formatting_structure import boxes

    out = {}
    for cell in row_box.children:
        if cell.element is not None:
            out[key_of(cell.element)] = _SPACE.sub("", "".join(
                b.text for b in cell.descendants() if isinstance(b, boxes.TextBox)))
    return out


def _match(tbody: Any, layout: dict[int, list[tuple[int, Any, Any]]]) -> list[_Row] | None:
    """Each body row of a table of the cut document with the layout's fragment of it; None
    when a row holds other text than that fragment (a cell cut elsewhere than the page broke
    it) or has no fragment."""
    out: list[_Row] = []
    origin, part = -1, 0
    for tr in tbody:
        if tr.tag != "tr":
            continue
        if tr.get(ORIGIN) is not None:
            origin, part = int(tr.get(ORIGIN)), 0
        else:
            part += 1
        fragments = layout.get(origin, [])
        if part >= len(fragments):
            return None
        split = _is_split(tr)
        if (split or part) and _cut_texts_differ(tr, fragments[part][1]):
            return None
        page, box, table = fragments[part]
        spread = fragments[part:part + 1] if split else fragments[part:]
        out.append(_Row(tr, page, box, table, {p for p, _, _ in spread}))
    return out


def _labels(rows: list[_Row], original: _Original) -> list[_Label] | None:
    """The item cells one table of the cut document shows otherwise than the layout: (续)
    labels, shortened tasks, groups the cut ends on another row; None when a group of the cut
    document still spreads over pages (not what a cut makes)."""
    out: list[_Label] = []
    for index, row in enumerate(rows):
        cells = [td for td in row.tr if key_of(td) in ITEM_KEYS]
        if not cells:
            continue
        if _as_laid(rows, index, original):
            continue  # the cells as in the document, their rows on one page: as laid out
        group = rows[index:index + max(_span(td) for td in cells)]
        if any(r.pages != {row.page} for r in group):
            return None
        texts = _box_texts(row.box)
        out.append(_Label(cells, row, group[-1], all(texts.get(key_of(td)) == _text(td)
                                                      for td in cells)))
    return out


def _as_laid(rows: list[_Row], index: int, original: _Original) -> bool:
    """Whether a group's item cells stand in the layout as in the cut document: the same texts
    over the same rows, none of them cut (a group the cut ends elsewhere is centred over
    other rows)."""
    tr = rows[index].tr
    origin = int(tr.get(ORIGIN) or -1)
    texts, span, _ = original.get(origin, ([], 0, frozenset()))
    cells = [td for td in tr if key_of(td) in ITEM_KEYS]
    group = rows[index:index + span]
    return texts == [_text(td) for td in cells] and span == max(map(_span, cells)) \
        and [r.tr.get(ORIGIN) for r in group] == [str(origin + i) for i in range(span)] \
        and all(_marks(r.tr) == original[origin + i][2] for i, r in enumerate(group))


def _cut_texts_differ(tr: Any, box: Any) -> bool:
    """Whether a part of a row cut in two holds other text than the layout's fragment of it
    (outside the item cells): a cell the cut split elsewhere than the page broke it."""
    texts = _box_texts(box)
    return any(texts.get(key_of(td), "") != _text(td) for td in tr
               if key_of(td) not in ITEM_KEYS)


def _is_split(tr: Any) -> bool:
    """Whether the cut document's next row is a part cut from this row (it has no origin)."""
    following = tr.getnext()
    return following is not None and following.tag == "tr" and following.get(ORIGIN) is None


def _padding(cell: Any) -> tuple[float, float]:
    """A cell's padding as the stylesheet sets it (top, bottom), px."""
    out = []
    for side in ("padding_top", "padding_bottom"):
        value = cell.style[side]
        out.append(float(value.value) if getattr(value, "unit", None) == "px" else 0.0)
    return out[0], out[1]


def _extent(cell: Any) -> tuple[float, float] | None:
    """The top and bottom of a cell's lines of text, px; None when it has none (a block broken
    over a page is drawn as high as the rest of the page: its lines tell where it ends)."""
    from weasyprint.formatting_structure import boxes

    lines = [b for b in cell.descendants() if isinstance(b, boxes.LineBox)]
    if not lines:
        return None
    return (min(float(b.position_y) for b in lines),
            max(float(b.position_y + b.height) for b in lines))


def _border(row_box: Any) -> float:
    return max((max(float(c.border_top_width), float(c.border_bottom_width))
                for c in row_box.children), default=0.0)


def _box(row: _Row, top: bool) -> tuple[float, float]:
    """The padding a cell of ``row`` has at its top (or bottom) in the cut document: none on a
    row that starts a page inside an item (``cont``) or ends one above it (``cut``)."""
    if not row.box.children:
        return 0.0, 0.0
    name = "cont" if top else "cut"
    return _border(row.box), 0.0 if name in classes(row.tr) else _padding(
        row.box.children[0])[0 if top else 1]


def _centre(cell: Any, top: float, bottom: float) -> None:
    """Move a cell's content to the middle of ``top``…``bottom`` (``vertical-align: middle``)."""
    extent = _extent(cell)
    if extent is None:
        return
    dy = (top + bottom) / 2 - (extent[0] + extent[1]) / 2
    for child in cell.children:
        child.translate(0, dy)


def _reshape(row: _Row) -> None:
    """A row the cut starts or ends a page with, shaped as the cut document lays it out: as
    high as its own cells' content with no padding at the break (a broken row's fragment
    fills its page in the layout), the rule under it drawn, its cells centred again, the rows
    under it moved up or down by what it lost or gained."""
    box = row.box
    border, pad_top = _box(row, True)
    _, pad_bottom = _box(row, False)
    single = {key_of(td) for td in row.tr if _span(td) == 1}
    heights = [extent[1] - extent[0] for c in box.children
               if c.element is not None and key_of(c.element) in single
               and (extent := _extent(c)) is not None]
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
        _rule_off(row.table)
    top = float(box.position_y) + border + pad_top
    bottom = float(box.position_y + box.height) - border - pad_bottom
    for cell in box.children:
        if cell.element is not None and key_of(cell.element) not in ITEM_KEYS:
            _centre(cell, top, bottom)


def _rule_off(table: Any) -> None:
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


def _holds(first: Any, last: Any, elements: list[Any] | None = None) -> bool:
    """Whether rows ``first``…``last`` hold their cells' content (those of ``elements``; else
    the cells of the row itself, not the item cells that span other rows)."""
    top, bottom = float(first.position_y) - 0.5, float(last.position_y + last.height) + 0.5
    for cell in first.children:
        if cell.element is None or (key_of(cell.element) in ITEM_KEYS if elements is None
                                    else cell.element not in elements):
            continue
        extent = _extent(cell)
        if extent is not None and (extent[0] < top or extent[1] > bottom):
            return False
    return True


def _lay_out(tree: Any, labels: list[_Label], render: Any,
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
    return _label_cells(laid, labels)


def _label_cells(laid: Any, labels: list[_Label]) -> list[dict[str, Any]] | None:
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


def _shared(label: _Label, row: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    hosts = {key_of(c.element): c for c in label.first.box.children if c.element is not None}
    wanted = {key_of(td) for td in label.cells}
    return hosts, [k for k in hosts if k in row and k not in wanted]


def _fits(label: _Label, row: dict[str, Any]) -> bool:
    """Whether the small document's columns stand as wide as the layout's (then shifted)."""
    hosts, shared = _shared(label, row)
    return bool(shared) and all(key_of(td) in row for td in label.cells) and all(
        abs(float(hosts[k].width) - float(row[k].width)) < 0.01 for k in shared)


def _put(label: _Label, row: dict[str, Any]) -> None:
    """The label's cells in place of the layout row's item cells, centred in its rows."""
    wanted = [key_of(td) for td in label.cells]  # in order: the same drawing in every process
    hosts, shared = _shared(label, row)
    dx = float(hosts[shared[0]].position_x) - float(row[shared[0]].position_x)
    keep = [c for c in label.first.box.children
            if c.element is None or key_of(c.element) not in wanted]
    border, pad_top = _box(label.first, True)
    _, pad_bottom = _box(label.first, False)  # the item cells are the first row's
    top = float(label.first.box.position_y) + border + pad_top
    bottom = float(label.last.box.position_y + label.last.box.height) - border - pad_bottom
    placed = []
    for key in wanted:
        cell = row[key]
        cell.translate(dx, 0)
        _centre(cell, top, bottom)
        placed.append(cell)
    label.first.box.children = [*keep, *placed]
