"""Long tables in PDF laid out in parallel: chunks in worker processes, page numbers stamped after.

The chunks of ``pdf_chunks`` depend on each other only through the page numbers (chunk k's first
number is the page count of the chunks before it) and the side of their first page. So each
chunk is laid out without page numbers (its margin boxes set to ``content: none``; they lie
outside the page area and never move the text), and its first page guessed to be a right page:
the side changes nothing on a page without a number, because the profile's ``@page :left`` and
``:right`` rules differ only in their number boxes. Only a chunk that holds more than table rows
(the last one, when a 版记 or other sections follow the table) can break to a left or right
page: it is laid out again when the guess proves wrong (with the items as cut the first time).
With continuation rows on, a worker lays its chunk out, finds the pages that start inside an
item and cuts those items (``paginate.cut``; a chunk starts a fresh page, so its cuts depend on
nothing outside it), and writes the chunk from that same layout with the cut cells laid in
(writers/relabel.py).
A worker sends back what it cut (``paginate.Laid``: row numbers, not HTML), and the last chunk
where its 版记 goes (placed as if the chunk started on a right page; ``paginate.applied`` places
it again when it does not).

``pdf_numbers`` has WeasyPrint lay out a few template pages with the document's own page rules
(queued behind the chunks, for every named page of the stylesheet and numbers of up to four
digits, so that one worker lays them out while the other finishes the last chunk; exactly the
pages' own when they need more), and ``pdf_join`` lays each page's number ("— N —", exactly
where and how a single pass draws it) over the page and embeds each font once. Pool workers
collect garbage rarely during a chunk and the whole heap only between chunks (WORKER_GC). Workers start by ``forkserver`` (``spawn`` where there is none), never by a bare fork, so
a progress thread or a web server's threads cannot deadlock a child. The work and the joined file
do not depend on the number of workers: one worker runs the same steps in this process.
"""
from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.processes import worker_context
from reportgen.writers.sheets import stylesheets as _stylesheets

if TYPE_CHECKING:
    from reportgen.writers.colophon import Rules
    from reportgen.writers.cut_plan import Settings
    from reportgen.writers.paginate import Laid

# Margin boxes of CSS paged media, all set to nothing while a chunk is laid out.
MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                "right-top", "right-middle", "right-bottom", "bottom-right-corner",
                "bottom-right", "bottom-center", "bottom-left", "bottom-left-corner",
                "left-bottom", "left-middle", "left-top")
# Margin content that depends on the page's text cannot be stamped from an empty page.
_CONTENT_BOUND = re.compile(r"\b(?:string|element|target-counter|target-text)\(")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_PAGE_NAMES = re.compile(r"@page\s+([A-Za-z_][\w-]*)")
_TRIVIAL_TAIL = re.compile(r"(?:\s|</(?:tbody|table|section|body|html)>)*")
WORKERS: int | None = None  # None: one per core
# Number templates laid out ahead cover page numbers of up to this many digits (9,999 pages).
LIKELY_DIGITS = 4
# WeasyPrint is not preloaded: the fork server would hold 55 MB more for the whole run, and
# each worker imports it in parallel with the other (the same wait as a preload, which runs
# before the first fork).
PRELOAD = ["reportgen.writers.pdf_parallel"]


@dataclass(frozen=True)
class Meta:
    """The PDF's document information, the same on every part."""

    title: str
    author: str
    created: str | None


@dataclass(frozen=True)
class Job:
    """One chunk (or one number layer) to lay out and write to ``out``."""

    html: str
    css: str
    extra_css: str
    meta: Meta
    out: str
    fonts_dir: str
    cut: Settings | None = None  # cut its items at page breaks first (continuation rows)
    colophon: Rules | None = None  # place its 版记 (the last chunk of a document with one)


@dataclass
class Part:
    """A written part: its page names and blank flags, and the fonts it used (see pdf_join)."""

    out: str
    pages: list[tuple[str, bool]]
    fonts: dict[str, dict[str, Any]] = field(default_factory=dict)
    laid: Laid | None = None  # what its layout cut and placed (None: not asked to)


def stampable(css: str) -> bool:
    """Whether the stylesheet's margin boxes can be drawn on empty pages (counters only)."""
    return not _CONTENT_BOUND.search(css)


def page_names(css: str) -> list[str]:
    """The named pages of a stylesheet (``@page landscape``…), sorted."""
    return sorted(set(_PAGE_NAMES.findall(css)))


def unnumbered_css(css: str) -> str:
    """CSS that empties every margin box of every page of ``css`` (named pages included)."""
    names = ["", *page_names(css)]
    boxes = " ".join(f"@{box} {{ content: none }}" for box in MARGIN_BOXES)
    rules = [f"@page {name}{side} {{ {boxes} }}" for name in names
             for side in (":left", ":right", ":first", ":blank")]
    return "\n".join(rules) + "\n"


def page_css(css: str) -> str:
    """The rules of ``css`` that shape a page and its margin boxes: at-rules and the root's.

    Margin boxes inherit from the root element, so ``html`` and ``:root`` rules stay; the
    number layer needs nothing else (its pages are empty), which keeps it cheap to lay out.
    """
    css = _COMMENT.sub("", css)
    out = []
    position = 0
    while (brace := css.find("{", position)) >= 0:
        depth, end = 1, brace + 1
        while depth and end < len(css):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        selector = css[position:brace].strip()
        if selector.startswith("@") or selector in ("html", ":root", "body"):
            out.append(css[position:end].strip())
        position = end
    return "\n".join(out) + "\n"


def side_css(first_page: int) -> str:
    """The first page of a chunk laid out without numbers: only its side matters."""
    return f"html {{ break-before: {'right' if first_page % 2 else 'left'} }}\n"


def numbers_html(pages: list[tuple[str, bool]]) -> str:
    """Empty pages, one per page of a chunk, each on the chunk page's named page."""
    divs = []
    for index, (name, _blank) in enumerate(pages):
        style = [f"page: {name}" if name else "page: auto", "height: 1px", "margin: 0"]
        if index:
            style.append("break-before: page")
        divs.append(f'<div style="{"; ".join(style)}"></div>')
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"></head>\n'
            f"<body>\n{''.join(divs)}\n</body>\n</html>\n")


def tail_is_trivial(chunk: str) -> bool:
    """Whether a chunk ends its table with nothing but closing tags (no section may follow)."""
    end = chunk.rfind("</tbody>")
    return end >= 0 and bool(_TRIVIAL_TAIL.fullmatch(chunk, end))


def lay_out(job: Job) -> Part:
    """Lay one job out and write it; in a worker process or in this one."""
    from reportgen.writers.fetch import bundled_fetcher
    from reportgen.writers.paginate import cut
    from reportgen.writers.pdf import _fetching, _weasyprint

    weasyprint = _weasyprint()
    fetcher = bundled_fetcher()
    with _fetching(fetcher):
        font_config, sheets = _stylesheets(job.css, job.extra_css, fetcher)

        def render(html: str) -> Any:
            return weasyprint.HTML(string=html, url_fetcher=fetcher).render(
                stylesheets=sheets, font_config=font_config)

        laid = None
        if job.cut is None and job.colophon is None:
            rendered = render(job.html)
        else:  # continuation rows, 版记: measured and cut here, the chunk starting a fresh page
            _, rendered, laid = cut(job.html, render, job.cut, job.colophon)
        rendered.metadata.title = job.meta.title
        rendered.metadata.authors = [job.meta.author] if job.meta.author else []
        if job.meta.created:
            rendered.metadata.created = job.meta.created
        rendered.metadata.generator = "reportgen"
        rendered.write_pdf(job.out)
    pages = [(p._page_box.page_type.name or "", bool(p._page_box.page_type.blank))
             for p in rendered.pages]
    part = Part(job.out, pages, _fonts_used(rendered, Path(job.fonts_dir)), laid)
    del rendered
    _release_memory()
    return part


def _release_memory() -> None:
    """Hand a chunk's freed layout back to the system before the next one.

    A worker lays out chunk after chunk; without this its heap keeps the fragments of each
    layout and grows by some 20 MB a chunk (glibc's malloc_trim; elsewhere nothing happens).
    """
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _fonts_used(rendered: Any, folder: Path) -> dict[str, dict[str, Any]]:
    """Each font's state after writing (glyphs, widths, names) and its whole file saved once."""
    from weasyprint.text.fonts import get_hb_object_data

    out: dict[str, dict[str, Any]] = {}
    for font in rendered.fonts.values():  # keyed by the font's resource name, as in the PDF
        state = {k: v for k, v in vars(font).items()
                 if k not in ("hb_font", "hb_face", "file_content")}
        if font.hash in out:  # one font file, several Font objects: one dictionary in the PDF
            out[font.hash]["widths"].update(state["widths"])
            out[font.hash]["to_unicode"].update(state["to_unicode"])
            continue
        if not font.bitmap:
            data = get_hb_object_data(font.hb_face)
            digest = hashlib.sha256(data).hexdigest()
            target = folder / f"{digest}.font"
            if not target.exists():
                temp = folder / f"{digest}.{os.getpid()}.tmp"
                temp.write_bytes(data)
                os.replace(temp, target)
            state["source"] = str(target)
        out[font.hash] = state
    return out


class _Here(Executor):
    """An executor that runs each call at once in this process (one worker)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed over to the caller through the future
            future.set_exception(exc)
        return future


def _context() -> BaseContext:
    return worker_context(PRELOAD)


def default_workers() -> int:
    """The cores this process may use; 1 inside a worker process (its siblings use the rest)."""
    if WORKERS is not None:
        return WORKERS
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Collections in a layout worker: the young generation every 10,000 objects instead of 700, the
# whole heap only between chunks (_release_memory). A chunk allocates millions of short-lived
# boxes; with the default thresholds the collector traversed the heap some 340 times a chunk,
# about a tenth of the worker's time (bench/results.md).
WORKER_GC = (10_000, 10, 1_000)


def start_worker() -> None:
    """A pool worker's start: WeasyPrint loaded, and what it loaded kept out of collections.

    ``gc.freeze`` moves the modules, fonts and stylesheets of the process into the permanent
    generation, so that the collections of the layout do not walk them again and again.
    """
    import gc

    from reportgen.writers.pdf import _weasyprint

    with contextlib.suppress(Exception):  # a missing library is reported by the first job
        _weasyprint()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_GC)


def executor(workers: int) -> Executor:
    """A process pool of ``workers``, or this process alone for one."""
    if workers <= 1:
        return _Here()
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                               initializer=start_worker)


def lay_out_all(chunks: list[str], css: str, meta: Meta, folder: Path, workers: int,
                rules: Settings | None = None, colophon: Rules | None = None,
                ) -> tuple[list[Part], Part, list[tuple[str, int]], bytes | None]:
    """The chunks laid out without numbers (``rules``: their items cut at page breaks first;
    ``colophon``: the last chunk's 版记 placed), the number templates, and the shared fonts."""
    try:
        return _lay_out_all(chunks, css, meta, folder, min(workers, len(chunks)), rules,
                            colophon)
    except BrokenProcessPool:  # a worker died (memory?) or could not start: here, one by one
        return _lay_out_all(chunks, css, meta, folder, 1, rules, colophon)


def _lay_out_all(chunks: list[str], css: str, meta: Meta, folder: Path, workers: int,
                 rules: Settings | None = None, colophon: Rules | None = None,
                 ) -> tuple[list[Part], Part, list[tuple[str, int]], bytes | None]:
    from reportgen.writers.paginate import applied
    from reportgen.writers.pdf_join import merged_fonts
    from reportgen.writers.pdf_numbers import template_css, template_pages, templates_for

    fonts_dir = folder / "fonts"
    fonts_dir.mkdir(exist_ok=True)
    blank = unnumbered_css(css)

    def chunk_job(index: int, first_page: int, html: str | None = None) -> Job:
        """A chunk's job; given ``html``, the chunk as already cut (cuts ignore the side)."""
        last = colophon if index == len(chunks) - 1 else None
        return Job(html or chunks[index], css, blank + side_css(first_page), meta,
                   str(folder / f"{index:04d}-{first_page}.pdf"), str(fonts_dir),
                   None if html else rules, None if html else last)

    def numbers_job(templates: list[tuple[str, int]], name: str) -> Job:
        return Job(numbers_html([(page, False) for page, _ in templates]), page_css(css),
                   template_css(templates), meta, str(folder / name), str(fonts_dir))

    sensitive = [i == len(chunks) - 1 and not tail_is_trivial(c) for i, c in enumerate(chunks)]
    with executor(workers) as pool:
        laid = [pool.submit(lay_out, chunk_job(i, 1)) for i in range(len(chunks))]
        # The number templates of every page name of the stylesheet, queued behind the chunks:
        # a worker lays them out while the other still lays out the last chunk.
        likely = templates_for({(name, digits) for name in ["", *page_names(css)]
                                for digits in range(1, LIKELY_DIGITS + 1)})
        early = pool.submit(lay_out, numbers_job(likely, "numbers-early.pdf"))
        parts: list[Part] = []
        first = 1
        for index, future in enumerate(laid):
            part = future.result()
            if sensitive[index] and first % 2 == 0:  # guessed a right page: lay out again
                html = applied(chunks[index], part.laid, colophon, first) \
                    if part.laid else chunks[index]
                decided = part.laid
                part = pool.submit(lay_out, chunk_job(index, first, html)).result()
                part.laid = decided
            parts.append(part)
            first += len(part.pages)
        needed = template_pages([page for part in parts for page in part.pages])
        if set(needed) <= set(likely):
            templates, numbers = likely, early.result()
        else:  # a page name or number width the stylesheet did not foretell: exactly these
            early.cancel()
            templates = needed
            numbers = pool.submit(lay_out, numbers_job(needed, "numbers.pdf")).result()
        fonts = pool.submit(merged_fonts, [*parts, numbers]).result()
    return parts, numbers, templates, fonts
