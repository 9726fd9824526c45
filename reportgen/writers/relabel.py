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
the caller lays the cut document out again, as before. The boxes themselves are moved and
shaped in writers/relabel_boxes.py.
"""
from __future__ import annotations

import re
from typing import Any

import lxml.html

from reportgen.templating.table import ITEM_KEYS
from reportgen.writers.continuation import ROW_ID, Cut, classes, key_of
from reportgen.writers.relabel_boxes import (
    Label,
    Row,
    fits,
    holds,
    items,
    lay_out,
    put,
    reshape,
    rowspan,
)

ORIGIN = "data-rg-origin"  # a body row's number, kept through the cut (parts of it have none)
_Original = dict[int, tuple[list[str], int, frozenset[str]]]  # origin -> _item_cells
_SPACE = re.compile(r"\s+")


def keep_origin(numbered: str) -> str:
    """``numbered`` (rows numbered by ``continuation.number_rows``) with each number copied to
    an attribute the cut keeps: the rows of the cut document can be traced to the layout's."""
    return re.sub(rf'{ROW_ID}="(\d+)"', rf'{ROW_ID}="\1" {ORIGIN}="\1"', numbered)


def strip_origin(html: str) -> str:
    """``html`` without the attribute of ``keep_origin``."""
    return re.sub(rf' {ORIGIN}="\d+"', "", html)


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
    rows: list[Row] = []
    labels: list[Label] = []
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
    laid = lay_out(tree, new, render, sizes) if new else []
    if laid is None:
        return None
    pairs = list(zip(new, laid, strict=True))
    if not all(fits(label, cells) for label, cells in pairs):
        return None
    for row in reshaped:
        reshape(row)
    for label, cells in pairs:
        put(label, cells)
    for label in labels:
        if label.same:
            put(label, {key_of(c.element): c for c in label.first.box.children
                         if c.element is not None})
    if not all(holds(row.box, row.box) for row in reshaped) or not all(
            holds(label.first.box, label.last.box, items(label.first.box)) for label in labels):
        return None
    return rendered


def _item_cells(tr: Any) -> tuple[list[str], int, frozenset[str]]:
    """The texts of a row's item cells, the rows they span, and its page-break marks."""
    cells = [td for td in tr if key_of(td) in ITEM_KEYS]
    return [_text(td) for td in cells], max((rowspan(td) for td in cells), default=1), _marks(tr)


def _marks(tr: Any) -> frozenset[str]:
    """Whether a row starts a page inside an item (``cont``) or ends one above it (``cut``)."""
    return frozenset({"cont", "cut"} & set(classes(tr)))


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


def _match(tbody: Any, layout: dict[int, list[tuple[int, Any, Any]]]) -> list[Row] | None:
    """Each body row of a table of the cut document with the layout's fragment of it; None
    when a row holds other text than that fragment (a cell cut elsewhere than the page broke
    it) or has no fragment."""
    out: list[Row] = []
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
        out.append(Row(tr, page, box, table, {p for p, _, _ in spread}))
    return out


def _labels(rows: list[Row], original: _Original) -> list[Label] | None:
    """The item cells one table of the cut document shows otherwise than the layout: (续)
    labels, shortened tasks, groups the cut ends on another row; None when a group of the cut
    document still spreads over pages (not what a cut makes)."""
    out: list[Label] = []
    for index, row in enumerate(rows):
        cells = [td for td in row.tr if key_of(td) in ITEM_KEYS]
        if not cells:
            continue
        if _as_laid(rows, index, original):
            continue  # the cells as in the document, their rows on one page: as laid out
        group = rows[index:index + max(rowspan(td) for td in cells)]
        if any(r.pages != {row.page} for r in group):
            return None
        texts = _box_texts(row.box)
        out.append(Label(cells, row, group[-1], all(texts.get(key_of(td)) == _text(td)
                                                      for td in cells)))
    return out


def _as_laid(rows: list[Row], index: int, original: _Original) -> bool:
    """Whether a group's item cells stand in the layout as in the cut document: the same texts
    over the same rows, none of them cut (a group the cut ends elsewhere is centred over
    other rows)."""
    tr = rows[index].tr
    origin = int(tr.get(ORIGIN) or -1)
    texts, span, _ = original.get(origin, ([], 0, frozenset()))
    cells = [td for td in tr if key_of(td) in ITEM_KEYS]
    group = rows[index:index + span]
    return texts == [_text(td) for td in cells] and span == max(map(rowspan, cells)) \
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
