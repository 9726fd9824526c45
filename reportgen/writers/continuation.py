"""Continuation rows written into the table's HTML: an item cut where its pages break.

``reportgen/writers/paginate.py`` decides where (from WeasyPrint's layout); this module rewrites
``<tbody>``: every item whose rows run over a page break becomes several merge groups, one per
page. The first keeps the item's cells; each later one starts with a row of class ``cont`` whose
序号 cell repeats the number and whose 工作任务 cell reads the task followed by （续） (shortened
with …… where the full task would not fit the rows it spans on its page). A row broken inside its
text becomes two rows, the text cut where the page broke; the second holds the rest of the text
and leaves 责任单位, 责任人 and 完成情况 empty, which is how a table read back (loaders/tabular.py)
tells a broken cell from a unit row.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html

from reportgen.templating.layout import text_width
from reportgen.templating.table import ITEM_KEYS

CONTINUED = "（续）"
ELLIPSIS = "……"
PAGE = "page"  # the class of a row that starts a page at a row boundary (no label needed)
ROW_ID = "data-rg-row"  # numbers the body rows while the layout is measured; removed after
_SPACE = re.compile(r"\s+")


@dataclass
class Cut:
    """Where a new merge group of an item starts: before body row ``row`` (``part`` 0) or
    inside it, after the characters its first ``part`` page fragments hold (``counts``)."""

    row: int
    part: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # cell key -> chars per fragment
    lines: int = 1  # text lines the group's item cells have room for on their page
    width: float = 0.0  # the 工作任务 column's content width, points
    size: float = 10.5  # the cell font size, points
    first_lines: int | None = None  # the item's own 工作任务 shortened to this many lines
    grows: bool = False  # ``lines`` is more than its page held: the part grows, pages move


def classes(element: Any) -> list[str]:
    """The class names of an element."""
    return (element.get("class") or "").split()


def key_of(cell: Any) -> str:
    """A cell's column key: its first class."""
    names = classes(cell)
    return names[0] if names else ""


def number_rows(html: str) -> tuple[str, set[int]]:
    """``html`` with every ``<tr>`` of every ``<tbody>`` numbered (``data-rg-row``), and the
    numbers of each body's first row."""
    html = strip_numbers(html)
    count = 0
    firsts: set[int] = set()
    out: list[str] = []
    position = 0
    for match in re.finditer(r"<tbody>(.*?)</tbody>", html, re.S):
        out.append(html[position:match.start(1)])
        firsts.add(count)

        def number(row: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return f'<tr {ROW_ID}="{count - 1}"' + row.group(1)

        out.append(re.sub(r"<tr(?=[ >])( ?)", number, match.group(1)))
        position = match.end(1)
    out.append(html[position:])
    return "".join(out), firsts


def apply_cuts(html: str, cuts: list[Cut]) -> str:
    """``html`` (rows numbered by ``number_rows``) with the items cut at ``cuts``; the
    numbering removed."""
    tree = lxml.html.document_fromstring(html)
    rows = {int(tr.get(ROW_ID)): tr for tr in tree.iter("tr") if tr.get(ROW_ID) is not None}
    by_row: dict[int, list[Cut]] = {}
    for cut in cuts:
        by_row.setdefault(cut.row, []).append(cut)
    for index, tr in rows.items():
        if index in by_row:
            _cut_item_at(tr, sorted(by_row[index], key=lambda c: c.part))
            if "cont" not in classes(tr) and any(c.part == 0 for c in by_row[index]):
                _mark(tr, PAGE)  # it starts its page without a label: Word breaks there too
    for tr in rows.values():
        tr.attrib.pop(ROW_ID, None)
    text: str = lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return text + "\n"


def _mark(tr: Any, name: str) -> None:
    tr.set("class", " ".join(dict.fromkeys([*classes(tr), name])))


def _item_start(tr: Any, labelled: bool = True) -> Any:
    """The row holding the item cells whose group covers ``tr`` (``labelled``: a continuation
    group's row counts; else the item's own first row)."""
    current = tr
    while current is not None and not (
            any(key_of(td) in ITEM_KEYS for td in current)
            and (labelled or "cont" not in classes(current))):
        current = current.getprevious()
    return current


def _span(cell: Any) -> int:
    try:
        return max(1, int(cell.get("rowspan") or 1))
    except ValueError:
        return 1


def _set_span(cell: Any, span: int) -> None:
    if span > 1:
        cell.set("rowspan", str(span))
    else:
        cell.attrib.pop("rowspan", None)


def _cut_item_at(tr: Any, cuts: list[Cut]) -> None:
    """Cut ``tr``'s item before ``tr`` and/or inside it (one new group per cut)."""
    group_start = _item_start(tr)
    first = _item_start(tr, labelled=False)
    if group_start is None or first is None:
        return
    item_cells = [copy.deepcopy(td) for td in first if key_of(td) in ITEM_KEYS]
    # its 工作任务 ran over the page: shortened there (the cut saying so gives the measures)
    short = next((c for c in cuts if c.first_lines), None)
    head = None
    if short is not None and short.first_lines and group_start is first:
        for td in first:
            if key_of(td) == "task":
                text = task_label(td.text_content(), short.first_lines, short.width, short.size,
                                  "", spaces=True)
                for child in list(td):
                    td.remove(child)
                td.text = head = text
    keys = [key_of(col) for col in first.getparent().getparent().iter("col")]
    parts = _split_row(tr, cuts)
    for td in group_start:  # the rows cut from ``tr`` join its group
        if key_of(td) in ITEM_KEYS:
            _set_span(td, _span(td) + len(parts) - 1)
    for cut in cuts:
        target = parts.get(cut.part)
        if target is None or target is group_start:
            continue  # the row already starts a group
        rest = _rest_label(item_cells, head, cut) if head else None
        _new_group(group_start, target, keys, item_cells, cut, rest)
        group_start, head = target, None


def _group_rows(start: Any) -> int:
    """How many rows the group starting at ``start`` spans (its item cells' rowspan)."""
    return max((_span(td) for td in start if key_of(td) in ITEM_KEYS), default=1)


def rest_label(task: str, head: str, lines: int, width: float, size: float) -> str | None:
    """……rest（续）: the rest of ``task`` shown shortened above the break (``head``, ending
    with ……), when the task would be shortened on the next page too (``lines`` lines there);
    None where the usual label shows it whole there, or the rest does not fit either. Nothing
    of the task is then lost (a table read back joins the two parts, loaders/tabular.py)."""
    if not head.endswith(ELLIPSIS) or not task_label(task, lines, width, size) \
            .endswith(ELLIPSIS + CONTINUED):
        return None
    label = rest_of(task, head)
    return label if line_count(label, width, size) <= lines else None


def rest_of(task: str, head: str) -> str:
    """……rest（续）: what ``head`` (``task`` shortened with …… by ``task_label(…, spaces=True)``)
    does not show, its spaces kept: head and rest join back to the task (a space where the cut
    fell on one begins the rest)."""
    task = _SPACE.sub(" ", task).strip()
    return ELLIPSIS + task[len(head) - len(ELLIPSIS):] + CONTINUED


def _rest_label(cells: list[Any], head: str, cut: Cut) -> str | None:
    task = next((td.text_content() for td in cells if key_of(td) == "task"), "")
    if cut.grows:  # its part grows to the rest (writers/paginate.py lays the pages out again)
        return rest_of(task, head)
    return rest_label(task, head, cut.lines, cut.width, cut.size)


def _new_group(start: Any, row: Any, keys: list[str], originals: list[Any], cut: Cut,
               task: str | None = None) -> None:
    """End the group starting at ``start`` above ``row`` and start a labelled one at ``row``
    (its 工作任务 reading ``task`` where given, see _rest_label)."""
    total = _group_rows(start)
    above = 0
    current = start
    while current is not None and current is not row:
        above += 1
        current = current.getnext()
    if current is None or above >= total:
        return
    for td in start:
        if key_of(td) in ITEM_KEYS:
            _set_span(td, above)
    cells = [td for td in row if key_of(td) not in ITEM_KEYS]
    for td in list(row):
        row.remove(td)
    labels = {key_of(td): _label(td, cut) for td in originals}
    if task is not None and "task" in labels:
        labels["task"].text = task
    rest = iter(cells)
    for key in keys:
        if key in labels:
            _set_span(labels[key], total - above)
            row.append(labels[key])
        else:
            cell = next(rest, None)
            if cell is not None:
                row.append(cell)
    for cell in rest:
        row.append(cell)
    names = [c for c in classes(row) if c not in ("keep", "cont")]
    row.set("class", " ".join([*names, "cont"]))
    above = row.getprevious()
    if above is not None:
        above.set("class", " ".join(dict.fromkeys([*classes(above), "cut"])))


def _label(cell: Any, cut: Cut) -> Any:
    """The continuation copy of an item cell: 序号 as it is, 工作任务 with （续）, others empty."""
    label = lxml.etree.Element("td")
    for name, value in cell.attrib.items():
        label.set(name, value)
    key = key_of(cell)
    if key == "seq":
        label.text = _SPACE.sub(" ", cell.text_content()).strip()
    elif key == "task":
        label.text = task_label(cell.text_content(), cut.lines, cut.width, cut.size)
    return label


def line_count(text: str, width: float, size: float) -> int:
    """Lines ``text`` takes in a column ``width`` points wide, on the safe side: filled a
    character at a time (CJK full width, Latin half), one character of each line kept spare
    for the line-breaking rules (no 。 at a line's start, no “ at its end)."""
    room = max(size, width - size)
    lines, used = 1, 0.0
    for ch in text:
        w = text_width(ch, size)
        if used + w > room:
            lines, used = lines + 1, 0.0
        used += w
    return lines


def task_label(task: str, lines: int, width: float, size: float,
               mark: str = CONTINUED, spaces: bool = False) -> str:
    """The task followed by ``mark`` (（续）), cut short with …… to fit ``lines`` lines of
    ``width`` points; at the least ``mark`` alone. Its spaces are left out, or with ``spaces``
    kept (one for each run: the head of a task whose rest follows, see rest_of)."""
    task = _SPACE.sub(" ", task).strip() if spaces else _SPACE.sub("", task)
    if width <= 0 or line_count(task + mark, width, size) <= lines:
        return task + mark
    cut = len(task)
    while cut > 2 and line_count(task[:cut] + ELLIPSIS + mark, width, size) > lines:
        cut -= 1
    while cut > 2 and task[cut - 1] == " ":
        cut -= 1
    if line_count(task[:cut] + ELLIPSIS + mark, width, size) <= lines:
        return task[:cut] + ELLIPSIS + mark
    return mark or task[:2] + ELLIPSIS


def _split_row(tr: Any, cuts: list[Cut]) -> dict[int, Any]:
    """``tr`` and the rows cut from it, by part: part k starts with what page fragment k of it
    held (part 0 is ``tr`` itself). Each cell's text is cut by the characters (spaces not
    counted) each fragment held; item cells stay where they are.
    """
    marks = sorted({c.part for c in cuts if c.part})
    if not marks:
        return {0: tr}
    counts = next(c.counts for c in cuts if c.part)
    for td in tr:
        key = key_of(td)
        if key not in ITEM_KEYS and sum(counts.get(key, [])) != len(_SPACE.sub("", td.text_content())):
            return {0: tr}  # the layout's text is not the cell's: the row is left whole
    pieces: dict[int, list[Any]] = {k: [] for k in marks}
    for td in list(tr):
        key = key_of(td)
        if key in ITEM_KEYS:
            continue
        chunks = _cut_cell(td, counts.get(key, []), marks)
        tr.replace(td, chunks[0])
        for k, chunk in zip(marks, chunks[1:], strict=True):
            pieces[k].append(chunk)
    out = {0: tr}
    previous = tr
    kept = [c for c in classes(tr) if c not in ("keep", "cont", "cut")]
    for k in marks:
        row = lxml.etree.Element("tr")
        if kept:
            row.set("class", " ".join(kept))
        for chunk in pieces[k]:
            row.append(chunk)
        row.tail = previous.tail
        previous.addnext(row)
        previous = row
        out[k] = row
    return out


def _cut_cell(td: Any, counts: list[int], marks: list[int]) -> list[Any]:
    """Copies of ``td``: the text up to each mark's fragment, then the rest (len(marks) + 1).

    Progress text is cut exactly where the page broke it. Other cells (a long list of units or
    persons) are cut only at a space, earlier if need be, so a name is never cut in two and a
    table read back joins the parts with a space (loaders/tabular.py).
    """
    bounds = [sum(counts[:k]) for k in marks]  # non-space characters before each cut
    pieces: list[list[str]] = [[] for _ in range(len(marks) + 1)]
    if key_of(td) == "progress":
        paras = [p.text_content() for p in td if p.tag == "p"] or [td.text_content()]
        seen = 0
        for para in paras:
            segments: dict[int, str] = {}
            for ch in para:
                part = sum(seen >= b for b in bounds)
                if not ch.isspace():
                    seen += 1
                segments[part] = segments.get(part, "") + ch
            for part, text in segments.items():
                if text.strip():
                    pieces[part].append(text.strip())
    else:
        text = " ".join(p.text_content() for p in td if p.tag == "p") or td.text_content()
        cuts = [_at_space(text, bound) for bound in bounds]
        for part, (begin, end) in enumerate(zip([0, *cuts], [*cuts, len(text)], strict=True)):
            if text[begin:end].strip():
                pieces[part].append(_SPACE.sub(" ", text[begin:end]).strip())
    out = []
    for texts in pieces:
        cell = lxml.etree.Element("td")
        for name, value in td.attrib.items():
            if name != "rowspan":
                cell.set(name, value)
        if texts:
            _fill(cell, texts)
        else:
            cell.attrib.pop("data-status", None)
        out.append(cell)
    return out


def _at_space(text: str, count: int) -> int:
    """The index in ``text`` of the last space at or before its ``count``-th non-space
    character (0 when there is none)."""
    seen = 0
    last_space = 0
    for index, ch in enumerate(text):
        if ch.isspace():
            last_space = index
            continue
        if seen == count:
            return index if index and text[index - 1].isspace() else last_space
        seen += 1
    return len(text)


def _fill(cell: Any, paras: list[str]) -> None:
    if len(paras) == 1:
        cell.text = paras[0]
    else:
        for text in paras:
            lxml.etree.SubElement(cell, "p").text = text


def task_texts(html: str) -> dict[int, str]:
    """The 工作任务 of each numbered row holding one (``number_rows``), as its cell reads."""
    tree = lxml.html.document_fromstring(html)
    out: dict[int, str] = {}
    for tr in tree.iter("tr"):
        row = tr.get(ROW_ID)
        task = next((td for td in tr if key_of(td) == "task"), None)
        if row is not None and task is not None:
            out[int(row)] = task.text_content()
    return out


def strip_numbers(html: str) -> str:
    """``html`` without the row numbering of ``number_rows``."""
    return re.sub(rf' {ROW_ID}="\d+"', "", html)

