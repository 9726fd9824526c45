"""Continuation rows: the document laid out by WeasyPrint, its items cut where pages break.

A page that starts inside an item (a later row of its merged cells, or the rest of a row broken
in its text) would show empty 序号 and 工作任务 cells. This pass lays the PDF's HTML out once,
finds every such page and cuts the item there (``continuation.py``): the part on the new page
is a merge group of its own, its first row of class ``cont`` (which starts a page), whose 序号
and 工作任务 cells repeat the number and the task with （续）, shortened to the height that part
has on its page. Each part holds what its page held, so the cut moves nothing and one layout is
enough. Where the item's own 工作任务 ran over the page (an item starting near the foot of a
page), the part above the break shows it shortened with …… and the next page in full with （续）,
or, when it is too long for that page's part as well, the rest of it (……rest（续）), so nothing
of the task is lost. Where even the rest needs more lines than that part held, the part grows
to hold it: every row below moves down, so the document is laid out again from there and cut
again (``settle``): only from that part's page on (writers/relay.py), the pages before kept.
Word and PDF are then written from the same HTML: Word breaks pages its own way, and a cut that
Word places mid-page still reads right, each part being a merge group of its own.
Where to cut is decided from the layout's row fragments in writers/cut_plan.py.

Tables the PDF writer lays out in chunks (over ``pdf_chunks.CHUNK_ABOVE`` rows) are left as they
are here: each chunk starts a fresh page, so its cuts do not depend on the other chunks, and the
PDF writer cuts each chunk where it lays it out (``cut``: in its worker process), never a
whole-document layout of thousands of rows in one process. The worker sends back only its cuts
and page marks (``Laid``, row numbers of its chunk) and, for the last chunk, where its 版记 goes;
the PDF writer applies them to its own copy of each chunk (``applied``) and joins them into the
document that the Word file is written from.

One layout per PDF: the (last) layout that measured the cuts is the one the PDF is drawn from
(writers/relabel.py lays in the cells the cut changed). Here it is kept for the PDF writer
(writers/kept.py, keyed by the HTML it shows; the 版记 placed from it first, see
writers/colophon.py); in ``cut`` it is returned. Where the cut cannot be matched to the layout,
or a chunk's 版记 moves, the cut document is laid out again, as before.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from reportgen.document import Document
from reportgen.profile import StyleProfile
from reportgen.templating.layout import MM
from reportgen.templating.table import ITEM_KEYS
from reportgen.writers import kept, relay
from reportgen.writers.colophon import Placement, Rules, apply, decide, shifted
from reportgen.writers.continuation import (
    ROW_ID,
    Cut,
    apply_cuts,
    number_rows,
    strip_numbers,
    task_texts,
)
from reportgen.writers.cut_plan import Fragment, Settings, plan
from reportgen.writers.relabel import keep_origin, relabel, strip_origin

_SPACE = re.compile(r"\s+")
ONE_LAYOUT = True  # the PDF drawn from the measuring layout (relabel); False: laid out again
INCREMENTAL = True  # a grown part laid out again from its page on (relay); False: all again
GROWN_AT_MOST = 20  # parts grown for the rest of a task (a layout each) in one document
R = TypeVar("R")  # what a layout function returns (WeasyPrint's pages, or its document)


def settings(profile: StyleProfile) -> Settings | None:
    """The profile's cutting settings; None when it turns continuation rows off."""
    if not profile.table_layout.continuation_rows:
        return None
    return Settings(profile.role("table_cell").line_pitch_pt or profile.grid.line_pitch_pt,
                    2 * profile.table_layout.cell_padding_v_mm * MM + 3.0, ONE_LAYOUT)


def paginate(document: Document, laid: list[Any] | None = None) -> Document:
    """``document`` with its items cut at page breaks (see above); unchanged without a table.

    ``laid`` receives WeasyPrint's pages when the document was laid out (writers/colophon.py
    places the 版记 from them: the cuts move nothing). The layout, its cut cells laid in
    (writers/relabel.py) when the PDF writer takes it, is kept for it (``take``).
    """
    from reportgen.writers.pdf_chunks import split_long_table

    rules = settings(document.profile)
    if "<tbody>" not in document.html or rules is None \
            or len(split_long_table(document.html)) > 1:
        return document  # no table, not wanted, or one the PDF writer cuts chunk by chunk
    settled = relay.settle(document.html, lambda html, first: _render_document(
        html, document, first), _fragment_list, rules, GROWN_AT_MOST) if INCREMENTAL else None
    if settled is not None and len(settled.segments) > 1:
        return _from_segments(document, settled, laid)
    if settled is not None:
        numbered, rendered, cuts = settled.numbered, settled.rendered, settled.cuts
    else:
        numbered, rendered, _, cuts = settle(
            document.html, lambda html: _render_document(html, document),
            lambda done: done.pages, rules)
    if laid is not None:
        laid.extend(rendered.pages)
    if not cuts:
        html = strip_numbers(numbered)
        if ONE_LAYOUT:
            kept.remember(document, html, rendered)
        return document if html == document.html else dataclasses.replace(document, html=html)
    origin = keep_origin(numbered)
    marked = apply_cuts(origin, cuts)
    html = strip_origin(strip_numbers(marked))
    if ONE_LAYOUT:  # the cells laid in when the PDF writer takes it (the 版记 placed first)
        kept.remember(document, html, rendered, lambda: relabel(
            rendered, origin, marked, cuts, lambda text: _render_document(text, document)))
    return document if html == document.html else dataclasses.replace(document, html=html)


def _from_segments(document: Document, settled: relay.Settled, laid: list[Any] | None,
                   ) -> Document:
    """``paginate``'s document where a part grew: the layout the pages of every segment
    (writers/relay.py), each one's cut cells laid in when the PDF writer takes it."""
    rendered = settled.rendered
    if laid is not None:
        laid.extend(rendered.pages)
    html = strip_origin(strip_numbers(apply_cuts(keep_origin(settled.numbered), settled.cuts)))
    if ONE_LAYOUT:
        kept.remember(document, html, rendered, lambda: relay.relabelled(
            settled, lambda text: _render_document(text, document)))
    return document if html == document.html else dataclasses.replace(document, html=html)


@dataclass
class Laid:
    """What the layout of a chunk decided: the cuts of parts grown for their task's rest, batch
    by batch as ``settle`` applied them, its cuts and page marks (``Cut``, by row number of the
    chunk as each batch left it) and, with a 版记 in it, the 版记's placement. Small: it crosses
    processes."""

    cuts: list[Cut]
    placement: Placement | None = None
    grown: list[list[Cut]] = dataclasses.field(default_factory=list)


def cut(html: str, render: Callable[[str], Any], rules: Settings | None,
        colophon: Rules | None = None) -> tuple[str, Any, Laid]:
    """``html`` (a chunk of a long table) with its items cut (``rules``) and its 版记 placed
    (``colophon``: pages numbered from ``colophon.first_page``), its WeasyPrint document as
    ``render`` lays it out (the layout that measured it, its cut cells laid in by
    writers/relabel.py, or where that cannot be done or the 版记 moves, one more layout), and
    what was decided."""
    grown: list[list[Cut]] = []
    marks_only = True
    cuts: list[Cut] = []
    if rules is None:
        numbered = number_rows(html)[0]
        rendered = render(numbered)  # the row numbers are attributes: the pages are the same
    else:
        numbered, rendered, pages, cuts = settle(html, render, lambda done: done.pages, rules,
                                                 grown)
        starts = {f.row for page in pages for f in page if f.starts_group}
        marks_only = all(c.part == 0 and c.row in starts for c in cuts)
        del pages
    laid = Laid(cuts, decide(rendered.pages, colophon) if colophon is not None else None, grown)
    shown = strip_numbers(numbered)  # what ``rendered`` shows (parts grown, if any)
    placed = shown
    if laid.placement is not None and colophon is not None:
        placed = apply(shown, laid.placement, colophon.double_sided)
    if marks_only:  # page marks change no PDF page: they are for Word (``applied``)
        if placed == shown:
            return shown, rendered, laid
        del rendered  # free the last layout before the next
        return placed, render(placed), laid
    origin = keep_origin(numbered)
    marked = apply_cuts(origin, cuts)
    out = strip_origin(strip_numbers(marked))
    if placed == shown and rules is not None and rules.one_layout:
        done = relabel(rendered, origin, marked, cuts, render)
        if done is not None:
            return out, done, laid
    if laid.placement is not None and colophon is not None:
        out = apply(out, laid.placement, colophon.double_sided)
    del rendered  # free the last layout before the next
    return out, render(out), laid


def measure(html: str, document: Document, rules: Settings | None,
            colophon: Rules | None = None) -> tuple[Laid, int]:
    """What ``cut`` decides for the chunk ``html``, and its page count, from layouts made only
    to measure it (for a Word file written without its PDF: writers.pdf.paged)."""
    grown: list[list[Cut]] = []
    cuts: list[Cut] = []
    if rules is None:
        rendered = _render(html, document)
    else:
        _, rendered, _, cuts = settle(html, lambda text: _render(text, document),
                                      lambda pages: pages, rules, grown)
    placement = decide(rendered, colophon) if colophon is not None else None
    return Laid(cuts, placement, grown), len(rendered)


def applied(html: str, laid: Laid, colophon: Rules | None = None, first_page: int = 1) -> str:
    """The chunk ``html`` as its layout ``laid`` cut and marked it, its 版记 placed for pages
    numbered from ``first_page`` (``colophon``: the rules the layout placed it by)."""
    if laid.cuts or laid.grown:
        numbered = number_rows(html)[0]
        for batch in laid.grown:  # as ``settle`` applied them
            numbered = number_rows(apply_cuts(numbered, batch))[0]
        html = strip_numbers(apply_cuts(numbered, laid.cuts))
    if laid.placement is not None and colophon is not None:
        html = apply(html, shifted(laid.placement, first_page, colophon), colophon.double_sided)
    return html


def settle(html: str, render: Callable[[str], R], pages_of: Callable[[R], list[Any]],
           rules: Settings, grown_cuts: list[list[Cut]] | None = None,
           ) -> tuple[str, R, list[list[Fragment]], list[Cut]]:
    """``html`` numbered (continuation.number_rows), as ``render`` lays it out, its fragments
    and the cuts that label every page starting inside an item, none of them growing.

    A part that must grow to show the rest of its task (``Cut.grows``) moves every page below
    it: the cuts up to it are applied and the document laid out again (its pages above stay
    as they were, each cut page starting with its own row), then cut again from there. One
    layout when no part grows (the usual case); after ``GROWN_AT_MOST`` grown parts, the
    others are left as laid out.
    """
    numbered, firsts = number_rows(html)
    rendered = render(numbered)
    grown_parts = 0
    while True:
        pages = [list(_fragments(page, n)) for n, page in enumerate(pages_of(rendered))]
        cuts = plan(pages, firsts, rules, task_texts(numbered))
        grown = next((n for n, c in enumerate(cuts) if c.grows), None)
        if grown is None or grown_parts == GROWN_AT_MOST:
            return numbered, rendered, pages, [c for c in cuts if not c.grows]
        grown_parts += 1
        if grown_cuts is not None:  # ``grown_cuts`` receives each batch applied
            grown_cuts.append(cuts[:grown + 1])
        numbered, firsts = number_rows(apply_cuts(numbered, cuts[:grown + 1]))
        del rendered, pages  # one layout in memory at a time
        rendered = render(numbered)


def layout(html: str, document: Document) -> list[list[Fragment]]:
    """The body-row fragments of every page, in page order."""
    pages: list[list[Fragment]] = []
    for page in _render(html, document):
        pages.append(list(_fragments(page, len(pages))))
    return pages


def _render(html: str, document: Document) -> list[Any]:
    """WeasyPrint's pages for ``html``, fetching only reportgen's own fonts (writers.fetch)."""
    pages: list[Any] = _render_document(html, document).pages
    return pages


def _render_document(html: str, document: Document, first_page: int = 1) -> Any:
    """WeasyPrint's document for ``html``, fetching only reportgen's own fonts; the stylesheet
    parsed and its fonts loaded once per process (writers.sheets); its pages
    numbered and sided from ``first_page`` (pdf_chunks.continuation_css)."""
    import weasyprint

    from reportgen.errors import TemplateError
    from reportgen.writers.css import document_stylesheet
    from reportgen.writers.fetch import bundled_fetcher, refusal_type, short_url
    from reportgen.writers.pdf_chunks import continuation_css
    from reportgen.writers.sheets import NO_MORE, stylesheets

    fetcher = bundled_fetcher()
    try:
        fonts, sheets = stylesheets(document_stylesheet(document.profile, document.scale),
                                    continuation_css(first_page) if first_page > 1
                                    else NO_MORE, fetcher)
        rendered = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts)
    except refusal_type():
        urls = "、".join(short_url(u) for u in dict.fromkeys(fetcher.refused))
        raise TemplateError(f"文档或样式引用了 reportgen 自带字体以外的资源：{urls}"
                            "（见 docs/security.md）") from None
    return rendered


def _fragment_list(page: Any, number: int) -> list[Fragment]:
    return list(_fragments(page, number))


def _fragments(page: Any, number: int) -> Iterator[Fragment]:
    from weasyprint.formatting_structure import boxes

    for box in page._page_box.descendants():
        if not isinstance(box, boxes.TableRowBox) or box.element is None:
            continue
        row = box.element.get(ROW_ID)
        if row is None:
            continue  # a header row
        texts: dict[str, str] = {}
        widths: dict[str, float] = {}
        pitch = 0.0
        size = 0.0
        starts = False
        for cell in box.children:
            if not isinstance(cell, boxes.TableCellBox) or cell.element is None:
                continue
            names = (cell.element.get("class") or "").split()
            key = names[0] if names else ""
            starts = starts or key in ITEM_KEYS
            texts[key] = _SPACE.sub("", "".join(
                b.text for b in cell.descendants() if isinstance(b, boxes.TextBox)))
            widths[key] = float(cell.width)
            if key == "task":
                size = float(cell.style["font_size"])
            if key == "progress":
                lines = [b.height for b in cell.descendants() if isinstance(b, boxes.LineBox)]
                pitch = max([pitch, *lines])
        yield Fragment(int(row), number, float(box.position_y),
                       float(box.position_y + box.height), texts, starts, widths, pitch, size)
