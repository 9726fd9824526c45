"""Where the 版记 goes (GB/T 9704 7.4, 7.5): the foot of the last body page, or an even page of its own.

Templates end a document with ``<section class="colophon">``: the 版记 on a page of its own.
``place`` lays the document out once with WeasyPrint and looks at the body's last page:

- a portrait page on the even side (any side when the profile says ``double_sided: false``)
  with room for the 版记 under the body (and a blank line between): the 版记 moves into the
  last body section, where both writers set it at the foot of the type area; the page keeps
  its number;
- otherwise the 版记 keeps its own section, on the next even page (next page single-sided):
  the page carries no number, nor a blank page put before it (7.5). When the body ends on an
  even page that blank page is written out as ``<section class="blank">``: Word and
  LibreOffice then need not insert one (LibreOffice's PDF export leaves such inserted pages
  out, and the 版记 would land on an odd page).

A landscape last page never holds the 版记 (it is set for a portrait page). Documents whose
table the PDF writer lays out in chunks (over ``pdf_chunks.CHUNK_ABOVE`` rows) are not laid out
here: the PDF writer places their 版记 from the last chunk's layout (``decide`` with the chunk's
first page number, ``shifted`` when that number proves other than the worker assumed).

Several documents joined into one PDF whose pages are numbered on (the 公开版 of a config with
several documents, ``paginate_and_place_joined``) are one 公文 with its attachments (GB/T 9704
7.3.7: attachments come before the 版记 and are bound with the body; 7.5: their pages numbered
on): they get one 版记, the first document's that has one, on the last page of the whole.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from reportgen.document import Document
from reportgen.profile import StyleProfile

PX_PT = 0.75  # WeasyPrint lays out in CSS pixels
_SECTION = re.compile(r'<section class="colophon">\s*(<footer class="colophon">.*?</footer>)'
                      r"\s*</section>\s*", re.S)
BLANK = '<section class="blank"></section>\n'


@dataclass(frozen=True)
class Rules:
    """What placing the 版记 needs of the profile (small, for the PDF writer's workers)."""

    pitch: float  # the blank line between the body and the 版记, points
    double_sided: bool
    first_page: int = 1  # the number of the first page laid out (a chunk's)


def rules(profile: StyleProfile, first_page: int = 1) -> Rules:
    """The profile's placing rules for pages laid out from number ``first_page``."""
    return Rules(profile.grid.line_pitch_pt, profile.double_sided, first_page)


@dataclass(frozen=True)
class Placement:
    """Where the layout puts the 版记: ``foot`` of the last body page, or ``page`` of its own."""

    where: str  # "foot" or "page"
    body_pages: int  # the body's last page number (the 版记 and a blank page before it not
    # counted; those of the documents joined before it into one PDF counted)
    room_pt: float  # free height under the body on its last page (0 on a landscape page)
    needed_pt: float  # the 版记's height plus the blank line above it


def paginate_and_place(document: Document) -> Document:
    """Continuation rows (writers/paginate.py), then the 版记, from one layout when it can."""
    from reportgen.writers import kept
    from reportgen.writers.paginate import paginate

    laid: list[Any] = []
    paged = paginate(document, laid)
    placed = place(paged, laid or None)
    layout = kept.withdraw(paged, paged.html) if placed.html != paged.html else None
    if layout is not None:  # the layout kept for the PDF writer shows the 版记 where it was
        rendered, finish = layout.rendered, layout.finish
        if placed.html.replace(BLANK, "", 1) == paged.html:
            # a blank page: WeasyPrint's own before
            kept.remember(placed, placed.html, rendered, finish)
        else:  # the 版记 at the foot of the last body page
            body = sum(1 for _ in _body_pages(rendered.pages))
            kept.remember(placed, placed.html, rendered,
                          lambda: _at_foot(finish() if finish is not None else rendered, body))
    return placed


def _body_pages(pages: list[Any]) -> Any:
    """The pages before the 版记 and a blank page before it."""
    names = [(p._page_box.page_type.name or "", bool(p._page_box.page_type.blank)) for p in pages]
    first = next((i for i, (name, _) in enumerate(names) if name == "colophon"), len(names))
    while first and names[first - 1][1]:
        first -= 1
    return iter(pages[:first])


def _at_foot(rendered: Any, body: int) -> Any:
    """The layout with the 版记 on its own page, as the document with it at the foot of the
    last body page: its block moved there (bottom on the type area's foot, where the CSS sets
    it), the pages after dropped. None when there is no such block."""
    if rendered is None:
        return None
    pages = rendered.pages
    footer = next((box for page in pages[body:] for box in page._page_box.descendants()
                   if box.element_tag == "footer" and box.element is not None
                   and "colophon" in (box.element.get("class") or "")), None)
    last = pages[body - 1]._page_box
    roots = [c for c in last.children if getattr(c, "element_tag", None) == "html"]
    if footer is None or not roots:
        return None
    footer.translate(0, float(last.content_box_y() + last.height)
                     - float(footer.position_y + footer.margin_height()))
    roots[0].children = [*roots[0].children, footer]
    return rendered.copy(pages[:body])


def paginate_and_place_joined(documents: list[Document]) -> list[Document]:
    """Documents to be joined into one PDF, pages numbered on: each cut at page breaks
    (writers/paginate.py), every 版记 but the first taken out and that one moved to the end
    of the last document, then placed where the joined pages put it (see above)."""
    from reportgen.writers.paginate import _render, paginate
    from reportgen.writers.pdf_chunks import CHUNK_ABOVE

    found = [m.group(0) for m in (_SECTION.search(d.html) for d in documents) if m]
    bare = [dataclasses.replace(d, html=_SECTION.sub("", d.html)) if _SECTION.search(d.html)
            else d for d in documents]
    if not found:
        return [paginate(d) for d in bare]
    end = bare[-1].html.rfind("</body>")
    end = len(bare[-1].html) if end < 0 else end
    bare[-1] = dataclasses.replace(bare[-1], html=bare[-1].html[:end] + found[0]
                                   + bare[-1].html[end:])
    # every document starts a page (css: section, break-before: page), so the pages before
    # the last document are the sum of each one's own; a table laid out in chunks: not laid
    # out here (the PDF writer places the 版记 from the last chunk when that table is the last
    # document's; else the CSS leaves it on an even page of its own)
    measure = all(d.html.count("<tr") <= CHUNK_ABOVE for d in bare)
    out: list[Document] = []
    before = 0
    for document in bare[:-1]:
        laid: list[Any] = []
        out.append(paginate(document, laid))
        if measure:
            before += len(laid or _render(out[-1].html, out[-1]))
    laid = []
    last = paginate(bare[-1], laid)
    out.append(place(last, laid or None, before) if measure else last)
    return out


def place(document: Document, pages: list[Any] | None = None, before: int = 0) -> Document:
    """``document`` with its 版记 placed (see above); unchanged without a 版记 section.

    ``pages``: WeasyPrint's pages of the document as it is, when already laid out; ``before``:
    pages of the documents joined before it into one PDF.
    """
    from reportgen.writers.pdf_chunks import CHUNK_ABOVE

    html = document.html
    if len(_SECTION.findall(html)) != 1 or html.count("<tr") > CHUNK_ABOVE:
        return document
    if pages is None:  # the layout kept for the PDF writer as well (paginate_and_place)
        from reportgen.writers import kept
        from reportgen.writers.paginate import ONE_LAYOUT, _render_document

        rendered = _render_document(html, document)
        if ONE_LAYOUT:
            kept.remember(document, html, rendered)
        pages = rendered.pages
    placement = decide(pages, rules(document.profile, before + 1))
    if placement is None:
        return document
    return dataclasses.replace(document, html=apply(html, placement, document.profile.double_sided))


def single(html: str) -> bool:
    """Whether ``html`` holds one 版记 section (what ``place`` and the PDF writer place)."""
    return len(_SECTION.findall(html)) == 1


def apply(html: str, placement: Placement, double_sided: bool) -> str:
    """The HTML with the 版记 at the foot of the last body section, or a blank page before it."""
    match = _SECTION.search(html)
    if match is None:
        return html
    if placement.where == "foot":
        rest = html[:match.start()] + html[match.end():]
        end = rest.rfind("</section>", 0, match.start())
        if end < 0:
            return html
        return rest[:end] + match.group(1) + "\n" + rest[end:]
    if double_sided and placement.body_pages % 2 == 0:
        return html[:match.start()] + BLANK + html[match.start():]
    return html


def decide(pages: list[Any], rules: Rules) -> Placement | None:
    """The placement from WeasyPrint's pages of the document with the 版记 on its own page
    (the first of them numbered ``rules.first_page``)."""
    named = [(p._page_box.page_type.name or "", bool(p._page_box.page_type.blank)) for p in pages]
    first = next((i for i, (name, _) in enumerate(named) if name == "colophon"), None)
    if first is None:
        return None
    body = first
    while body and named[body - 1][1]:  # a blank page put before the 版记
        body -= 1
    if body == 0:
        return None
    footer = _footer_height(pages[first])
    needed = footer + rules.pitch
    last = pages[body - 1]._page_box
    number = rules.first_page + body - 1
    if last.width > last.height or named[body - 1][0] == "landscape":
        return Placement("page", number, 0.0, needed)
    bottom = last.content_box_y() + last.height
    room = (bottom - _content_bottom(last)) * PX_PT
    return _placed(number, room, needed, rules.double_sided)


def shifted(placement: Placement, first_page: int, rules: Rules) -> Placement:
    """``placement`` (decided with ``rules.first_page``) for pages numbered from ``first_page``."""
    number = placement.body_pages - rules.first_page + first_page
    return _placed(number, placement.room_pt, placement.needed_pt, rules.double_sided)


def _placed(number: int, room: float, needed: float, double_sided: bool) -> Placement:
    """At the foot of body page ``number`` when it has room and is even (any, single-sided)."""
    side_ok = number % 2 == 0 or not double_sided
    return Placement("foot" if side_ok and room >= needed else "page", number, room, needed)


def _footer_height(page: Any) -> float:
    """Height of the 版记 block (rules included) on its page, points."""
    for box in page._page_box.descendants():
        if box.element_tag == "footer" and box.element is not None \
                and "colophon" in (box.element.get("class") or ""):
            return float(box.border_height()) * PX_PT
    return 0.0


def _content_bottom(page_box: Any) -> float:
    """The lowest edge of text, rules and tables on a page (px from the page top)."""
    from weasyprint.formatting_structure import boxes

    lowest = float(page_box.content_box_y())
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, (boxes.LineBox, boxes.TableBox, boxes.ReplacedBox)) \
                    or (isinstance(box, boxes.BlockBox) and box.border_bottom_width):
                lowest = max(lowest, float(box.position_y + box.border_height()
                                           + box.margin_top))
    return lowest
