"""A part grown for its task's rest laid out again from its page on, the pages before kept.

Where a continuation part grows (writers/paginate.py, ``settle``), every row below it moves
down, but the pages before the grown part's page do not change: its page starts with the
part's own row (the cut leaves each page starting with the row it started with). So instead of
the whole document, only its rest is laid out again: a document of the grown part's table from
that row on and whatever follows the table, its pages numbered and sided from that page on as
writers/pdf_chunks does for a chunk (``continuation_css``). That rest is cut again from its
first page on; where a part in it grows, the same again from there.

Each layout (a segment) keeps the pages before the next segment's first page, and its cut cells
are laid in by writers/relabel.py on those pages only (the cut document's rows trimmed to those
the pages hold); the PDF is drawn from the pages of every segment in order (WeasyPrint's
``Document.copy`` of pages of several documents laid out with one font configuration). Where
a rest cannot be cut out of the document (its table not a direct child of a section), the
document is laid out whole again, as ``settle`` does.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lxml.html

from reportgen.writers.continuation import ROW_ID, Cut, apply_cuts, number_rows, task_texts
from reportgen.writers.cut_plan import Fragment, Settings, plan
from reportgen.writers.relabel import ORIGIN, keep_origin, relabel

# Lays out an HTML document whose first page is numbered ``first_page`` (1: the whole).
Render = Callable[[str, int], Any]


@dataclass
class Segment:
    """One layout of the document, or of its rest from page ``first`` (0-based) on."""

    rendered: Any  # WeasyPrint's document
    first: int  # the index of its first page in the whole document
    numbered: str  # the whole document, rows numbered as this layout's rows are
    start: int | None  # its first row (by ``numbered``'s numbers); None: the document's start
    kept: int | None = None  # its pages kept (None: all, the last segment)
    cuts: list[Cut] = field(default_factory=list)  # the cuts on its kept pages
    end: tuple[int, int] | None = None  # (row, part) the next segment starts with

    @property
    def pages(self) -> list[Any]:
        """Its pages kept for the document."""
        pages: list[Any] = self.rendered.pages
        return pages if self.kept is None else pages[:self.kept]


@dataclass
class Settled:
    """What ``settle`` made of a document: as ``paginate.settle`` returns it, the layout being
    the pages of its segments."""

    numbered: str
    segments: list[Segment]
    cuts: list[Cut]  # the cuts on the last segment's pages (the earlier ones are applied)

    @property
    def rendered(self) -> Any:
        """The document's layout: every segment's kept pages (cut cells not yet laid in)."""
        first = self.segments[0].rendered
        if len(self.segments) == 1:
            return first
        return first.copy([page for segment in self.segments for page in segment.pages])


def settle(html: str, render: Render, fragments: Callable[[Any, int], list[Fragment]],
           rules: Settings, grown_at_most: int) -> Settled | None:
    """``html`` numbered, laid out and cut as ``paginate.settle`` does, each part that grows
    laid out again from its page on only (see above); None when a rest cannot be cut out of
    the document (the caller then settles it as before)."""
    numbered, firsts = number_rows(html)
    segment = Segment(render(numbered, 1), 0, numbered, None)
    segments = [segment]
    body = 0.0  # the height for body rows on a page, of the pages kept (cut_plan.plan)
    grown_parts = 0
    while True:
        pages = [fragments(page, n) for n, page in enumerate(segment.rendered.pages)]
        cuts = plan(pages, firsts, rules, task_texts(numbered), body)
        grown = next((n for n, c in enumerate(cuts) if c.grows), None)
        if grown is None or grown_parts == grown_at_most:
            segment.cuts = [c for c in cuts if not c.grows]
            return Settled(numbered, segments, segment.cuts)
        grown_parts += 1
        cut = cuts[grown]
        page = next(f.page for f in _row_fragments(pages, cut.row)[cut.part:])
        segment.kept, segment.cuts, segment.end = page, cuts[:grown + 1], (cut.row, cut.part)
        body = max([body, *(_body(p) for p in pages[:page])])
        numbered, firsts, start = _renumbered(numbered, cuts[:grown + 1], cut)
        rest = rest_of(numbered, start)
        if rest is None:
            return None
        first = segment.first + page
        del pages
        segment = Segment(render(rest, first + 1), first, numbered, start)
        segments.append(segment)


def _row_fragments(pages: list[list[Fragment]], row: int) -> list[Fragment]:
    return [f for page in pages for f in page if f.row == row]


def _body(page: list[Fragment]) -> float:
    return max(f.bottom for f in page) - min(f.top for f in page) if page else 0.0


def _renumbered(numbered: str, cuts: list[Cut], cut: Cut) -> tuple[str, set[int], int]:
    """``numbered`` cut at ``cuts`` and numbered again, its first rows, and the number of the
    row that ``cut`` (the last of ``cuts``) starts its page with."""
    marked, firsts = number_rows(apply_cuts(keep_origin(numbered), cuts))
    found = lxml.html.document_fromstring(marked)
    rows = [tr for tr in found.iter("tr") if tr.get(ROW_ID) is not None]
    at = next(i for i, tr in enumerate(rows) if tr.get(ORIGIN) == str(cut.row))
    start = int(rows[at + cut.part].get(ROW_ID))  # the parts cut from a row follow it
    return _strip_origin(marked), firsts, start


def _strip_origin(html: str) -> str:
    from reportgen.writers.relabel import strip_origin

    return strip_origin(html)


def rest_of(numbered: str, row: int) -> str | None:
    """The document ``numbered`` from body row ``row`` on: the head, the row's section and
    table opened as they are (columns and header row), its rows from ``row``, and everything
    after; None unless that table is a child of a section of the body."""
    tree = lxml.html.document_fromstring(numbered)
    found = next((tr for tr in tree.iter("tr") if tr.get(ROW_ID) == str(row)), None)
    chain = [found]
    for _ in range(4):
        chain.append(None if chain[-1] is None else chain[-1].getparent())
    if [None if e is None else e.tag for e in chain[1:]] != ["tbody", "table", "section",
                                                             "body"]:
        return None
    at = numbered.find(f'<tr {ROW_ID}="{row}"')
    tbody = numbered.rfind("<tbody>", 0, at)
    table = numbered.rfind("<table", 0, tbody)
    section = numbered.rfind("<section", 0, table)
    body = numbered.find("<body")
    if min(at, tbody, table, section, body) < 0 or not body < section \
            or "</section>" in numbered[section:table]:
        return None
    opened = numbered.index(">", section) + 1
    tbody += len("<tbody>")
    return (numbered[:numbered.index(">", body) + 1] + "\n" + numbered[section:opened] + "\n"
            + numbered[table:tbody] + "\n" + numbered[at:])


def relabelled(settled: Settled, render: Callable[[str], Any]) -> Any | None:
    """The document's layout with every segment's cut cells laid in (writers/relabel.py) on
    its kept pages; None when one cannot be (the caller lays the cut document out again)."""
    pages: list[Any] = []
    for segment in settled.segments:
        view = segment.rendered.copy(segment.pages)
        origin = keep_origin(segment.numbered)
        cut = _trimmed(apply_cuts(origin, segment.cuts), segment.start, segment.end)
        done = relabel(view, origin, cut, segment.cuts, render)
        if done is None:
            return None
        pages += done.pages
    return settled.segments[0].rendered.copy(pages)


def _trimmed(cut_html: str, start: int | None, end: tuple[int, int] | None) -> str:
    """The cut document (rows by origin) holding only the body rows from the row of origin
    ``start`` (None: the first) up to the part ``end`` (row of origin, part; None: the last)
    starts: the rows of one segment's kept pages."""
    tree = lxml.html.document_fromstring(cut_html)
    state = "in" if start is None else "before"
    origin, part = -1, 0
    for tr in [tr for tbody in tree.iter("tbody") for tr in tbody if tr.tag == "tr"]:
        if tr.get(ORIGIN) is not None:
            origin, part = int(tr.get(ORIGIN)), 0
        else:
            part += 1
        if state == "before" and (origin, part) == (start, 0):
            state = "in"
        if state == "in" and (origin, part) == end:
            state = "after"
        if state != "in":
            tr.getparent().remove(tr)
    text: str = lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return text
