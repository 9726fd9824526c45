"""Fit a portrait document to its pages (GB/T 9704 7.3.5): inner pages full, the 落款 not alone.

Used for documents of portrait pages only (督办 notices, progress reports, summaries); a
document with a landscape table is left as it is.

Body text fills each page line by line (no widow control, in Word as in the PDF), so a page
comes out short only where a heading keeps with its next line, or where the 落款 (blank line,
signature, date) does not fit under the body and would stand alone on the next page. GB/T 9704
7.3.5 answers with 调整字距: ``fit`` lays the document out with WeasyPrint and, one paragraph
at a time, sets a body paragraph a character a line looser (it takes a line more: a short
inner page fills, or body lines travel down with the 落款) or tighter (a line less: the 落款
is pulled up onto the page before), choosing the paragraph that changes the fewest lines,
until every inner page holds the grid's 22 lines and at least two body lines stand with the
落款. The choice is written as ``data-chars`` on those paragraphs (docs/vocabulary.md), which
both writers honour, so the Word file carries the same adjustment.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

from reportgen.document import Document
from reportgen.profile import StyleProfile
from reportgen.vocabulary import FIT_CHARS

_BLOCK = re.compile(r"<(p|h[1-5])(?=[\s>])([^>]*)>")
PX_PT = 0.75  # WeasyPrint lays out in CSS pixels
FINAL = frozenset({"signature", "date"})  # the 落款
MAX_ROUNDS = 12
CARRIED = 2  # body lines that stand with the 落款 when it begins a page
MARGIN = 1.5  # characters of slack a fitted paragraph keeps (see _Fitter.adjust)
LOOSEST = 24  # fewest characters a line a fitted paragraph is set at (about +2.4 pt spacing)


@dataclass(frozen=True)
class Line:
    """One laid-out line of a block directly in a section."""

    block: int  # the block's number in document order (see _number)
    cls: str | None
    tag: str
    top: float  # pt from the page top
    bottom: float
    size: float  # font size, pt


@dataclass
class Page:
    lines: list[Line]


def _number(html: str, hints: dict[int, int], mark: bool) -> str:
    """``html`` with each fitted block's data-chars, and (``mark``) every block numbered."""
    count = 0

    def sub(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = match.group(2)
        if count in hints:
            attrs += f' data-chars="{hints[count]}"'
        if mark:
            attrs += f' data-fit-block="{count}"'
        return f"<{match.group(1)}{attrs}>"

    return _BLOCK.sub(sub, html)


def _walk(box: Any, out: list[Any]) -> None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        out.append(box)
        return
    for child in getattr(box, "children", None) or []:
        _walk(child, out)


def _layout(html: str, document: Document) -> list[Page]:
    """The lines of section-level blocks on each page, as WeasyPrint sets them."""
    from reportgen.writers.pdf import _render

    rendered, _ = _render(html, document, document.title, document.office)
    pages = []
    for page in rendered.pages:
        boxes: list[Any] = []
        _walk(page._page_box, boxes)
        lines = []
        for box in boxes:
            element = box.element
            if element is None or element.get("data-fit-block") is None:
                continue
            if not "".join(getattr(c, "text", "") for c in box.children).strip():
                continue
            lines.append(Line(int(element.get("data-fit-block")), element.get("class"),
                              element.tag, box.position_y * PX_PT,
                              (box.position_y + box.height) * PX_PT,
                              box.style["font_size"] * PX_PT))
        pages.append(Page(lines))
    return pages


def _units(text: str) -> float:
    """The width of a text in body characters: half for ASCII letters and digits."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _texts(html: str) -> dict[int, str]:
    """The plain text of each numbered block (for estimating its lines)."""
    texts: dict[int, str] = {}
    parts = _BLOCK.split(html)
    # split yields: text, tag, attrs, text, tag, attrs, … ; the text after block n is its content
    for number, index in enumerate(range(3, len(parts), 3), start=1):
        body = parts[index].split("</", 1)[0]
        texts[number] = re.sub(r"<[^>]+>", "", body)
    return texts


class _Fitter:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.profile: StyleProfile = document.profile
        self.grid = self.profile.grid
        body = self.profile.role("body")
        self.size = body.size
        self.indent = body.first_indent_chars
        geometry = self.profile.portrait
        self.foot = (geometry.height_mm - geometry.bottom_mm) * 72 / 25.4
        self.texts = _texts(document.html)

    def body_lines(self, page: Page) -> list[Line]:
        return [line for line in page.lines if abs(line.size - self.size) < 0.6]

    def change(self, pages: list[Page], hints: dict[int, int]) -> dict[int, int] | None:
        """The next adjustment, or None when the pages fit (or nothing more can be done)."""
        body = [i for i, page in enumerate(pages) if self.body_lines(page)]
        if len(body) > 1:
            last = self.body_lines(pages[body[-1]])
            carried = [line for line in last if line.cls not in FINAL]
            if len(carried) < len(last) and len(carried) < CARRIED:
                before = pages[body[-2]]
                free = math.floor((self.foot - before.lines[-1].bottom) / self.grid.line_pitch_pt
                                  + 0.05)
                # pull the last page (the 落款's blank line, signature and date, and what body
                # text is with it) up onto the page before when that takes fewer lines than
                # pushing body lines down until CARRIED of them stand with the 落款
                pull, push = 1 + len(last) - free, free + CARRIED - len(carried)
                return (self.adjust(before, hints, looser=pull > push)
                        or self.adjust(before, hints, looser=pull <= push))
        for index in body[1:-1]:
            count = len(self.body_lines(pages[index]))
            if count < self.grid.lines:
                return self.adjust(pages[index], hints, looser=True)
        return None

    def adjust(self, page: Page, hints: dict[int, int], looser: bool) -> dict[int, int] | None:
        """One body paragraph of ``page`` set a line longer (looser) or shorter, least change first.

        A choice costs the full lines it alters, then how far its characters a line move from
        the grid's; a paragraph already adjusted the other way is left alone.
        """
        best: tuple[float, int, int] | None = None
        step = -1 if looser else 1
        for block in dict.fromkeys(line.block for line in self.body_lines(page)
                                   if line.tag == "p" and line.cls is None):
            current = hints.get(block, self.grid.chars)
            if (current - self.grid.chars) * step < 0:
                continue
            units = _units(self.texts.get(block, "")) + self.indent
            before = math.ceil(units / current)
            # the change must hold with a margin: Word and LibreOffice set a line a character
            # or so differently (punctuation, digits), and the Word file carries the same hint
            margined = units + step * MARGIN
            chars = current + step
            while chars in FIT_CHARS and chars >= LOOSEST:
                after = math.ceil(margined / chars)
                if after != before:
                    # fewest full lines changed first (28 characters stays the common line)
                    cost = (after - 1) * 10 + abs(chars - self.grid.chars)
                    if best is None or cost < best[0]:
                        best = (cost, block, chars)
                    break
                chars += step
        if best is None:
            return None
        return {best[1]: best[2]}


def fit(document: Document) -> Document:
    """``document`` with body paragraphs fitted to the pages (see the module docstring)."""
    if ('class="portrait"' not in document.html or 'class="landscape"' in document.html
            or "body" not in document.profile.roles):
        return document  # a landscape table sets its own pages (and is long to lay out)
    from reportgen.errors import OutputError
    from reportgen.vocabulary_reader import check
    from reportgen.writers.pdf import _weasyprint

    check(document.html)  # nothing outside the vocabulary is laid out (or fetched)
    try:
        _weasyprint()
    except OutputError:  # no Pango: nothing to measure with; the Word file is written unfitted
        return document
    fitter = _Fitter(document)
    hints: dict[int, int] = {}
    for _ in range(MAX_ROUNDS):
        pages = _layout(_number(document.html, hints, mark=True), document)
        change = fitter.change(pages, hints)
        if not change:
            break
        hints.update(change)
    if not hints:
        return document
    assert all(chars in FIT_CHARS for chars in hints.values())
    return replace(document, html=_number(document.html, hints, mark=False))
