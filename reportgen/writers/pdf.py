"""PDF output: the document's HTML rendered by WeasyPrint with CSS generated from the profile.

WeasyPrint needs system libraries (Pango, HarfBuzz); it is imported only when a PDF is written,
and a machine that lacks them gets a Chinese message naming the Debian packages to install.
The HTML is checked against the vocabulary first, and WeasyPrint fetches through
``writers.fetch``: only reportgen's bundled fonts, never a local file or the network.
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from reportgen.document import Document
from reportgen.errors import OutputError, TemplateError
from reportgen.profile import StyleProfile, load_profile
from reportgen.vocabulary_reader import check
from reportgen.writers.atomic import atomic_path
from reportgen.writers.css import document_stylesheet
from reportgen.writers.fetch import bundled_fetcher, refusal_type, short_url
from reportgen.writers.fonts import font_families
from reportgen.writers.paginate import Laid, applied, cut, settings
from reportgen.writers.pdf_chunks import continuation_css, join_chunks, split_long_table

if TYPE_CHECKING:
    from reportgen.writers.colophon import Rules

INSTALL_HINT = ("请以 root 身份安装：apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 "
                "libharfbuzz-subset0 fonts-noto-cjk")
PARALLEL = True  # long tables in worker processes (pdf_parallel); False: one chunk after another
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


@contextlib.contextmanager
def _sonames_only() -> Iterator[None]:
    """While WeasyPrint loads Pango and HarfBuzz, let ctypes search for no library by name.

    WeasyPrint tries several names per library (Windows, macOS, Linux ones) and cffi hands each
    name that does not load directly to ``ctypes.util.find_library``, which runs gcc, ld and
    ldconfig: about 50 processes, up to a second before the first PDF. On Linux the list holds
    the soname (libpango-1.0.so.0…), which loads directly without a search.
    """
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _weasyprint() -> ModuleType:
    """Import WeasyPrint, turning a missing system library into an OutputError."""
    if sys.platform == "linux" and "weasyprint" not in sys.modules:
        try:
            with _sonames_only():
                import weasyprint  # noqa: F401
        except (OSError, ImportError):  # an unusual layout: import again with the search
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
    try:
        import weasyprint as module
    except (OSError, ImportError) as exc:
        raise OutputError(
            f"无法生成 PDF：WeasyPrint 无法加载（缺少系统库 Pango，Debian 软件包 libpango-1.0-0）。"
            f"{INSTALL_HINT}。原始错误：{exc}") from None
    loaded: ModuleType = module
    return loaded


def check_environment(profile: StyleProfile | None = None) -> list[str]:
    """Chinese warnings about the PDF tool chain; raises OutputError when WeasyPrint cannot load."""
    _weasyprint()
    from weasyprint.text import ffi

    warnings = []
    if getattr(ffi, "harfbuzz_subset", None) is None:
        warnings.append("缺少系统库 libharfbuzz-subset0：字体子集化改用较慢的方式，PDF 生成会慢很多倍"
                        "（apt-get install -y libharfbuzz-subset0）")
    families = font_families(profile or load_profile())
    if not any(families.values()):
        warnings.append("找不到任何中文字体（内置 Fandol 字体缺失，系统也没有 Noto CJK）："
                        "PDF 中的汉字将无法显示。请重新安装 reportgen 或 apt-get install -y "
                        "fonts-noto-cjk")
    elif not any(f.startswith("Noto") for chain in families.values() for f in chain):
        warnings.append("系统没有 Noto CJK 字体：人名中的生僻字（如 堃、镕、瑄）可能缺字。"
                        "apt-get install -y fonts-noto-cjk")
    return warnings


@contextlib.contextmanager
def _fetching(fetcher: Any) -> Iterator[None]:
    """Turn a URL refused by ``fetcher`` into a TemplateError naming it."""
    try:
        yield
    except refusal_type():
        urls = "、".join(short_url(u) for u in dict.fromkeys(fetcher.refused))
        raise TemplateError(
            f"文档或样式引用了 reportgen 自带字体以外的资源：{urls}。生成 PDF 时不读取本机文件、"
            "不访问网络（见 docs/security.md）") from None


def _stylesheet(document: Document) -> tuple[Any, Any, Any]:
    """The document's stylesheet, the font configuration it loaded its fonts into, and the
    fetcher that served them (each needed again by the layout and by write_pdf)."""
    from weasyprint.text.fonts import FontConfiguration

    fetcher = bundled_fetcher()
    font_config = FontConfiguration()
    with _fetching(fetcher):
        css = _weasyprint().CSS(string=document_stylesheet(document.profile, document.scale),
                                font_config=font_config, url_fetcher=fetcher)
    return css, font_config, fetcher


def _render(html: str, document: Document, title: str, author: str) -> tuple[Any, Any]:
    """The laid-out document and the fetcher that served it (needed again by write_pdf)."""
    css, font_config, fetcher = _stylesheet(document)
    with _fetching(fetcher):
        rendered = _weasyprint().HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config)
    return _metadata(rendered, document, title, author), fetcher


def _render_chunk(html: str, document: Document, title: str, author: str, font_config: Any,
                  sheets: list[Any], fetcher: Any) -> Any:
    """One chunk of a long table, with shared fonts and stylesheets (see pdf_chunks)."""
    with _fetching(fetcher):
        rendered = _weasyprint().HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=font_config)
    return _metadata(rendered, document, title, author)


def _metadata(rendered: Any, document: Document, title: str, author: str) -> Any:
    rendered.metadata.title = title
    rendered.metadata.authors = [author] if author else []
    if document.date:
        rendered.metadata.created = document.date.isoformat()
    rendered.metadata.generator = "reportgen"
    return rendered


def _save(rendered: Any, fetcher: Any, path: Path) -> None:
    try:
        with atomic_path(path) as temp, _fetching(fetcher):
            rendered.write_pdf(temp)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None


def _colophon(html: str, document: Document, first_page: int = 1) -> Rules | None:
    """The rules to place the 版记 by, when ``html`` holds one (writers/colophon.py)."""
    from reportgen.writers import colophon

    return colophon.rules(document.profile, first_page) if colophon.single(html) else None


def _save_chunks(chunks: list[str], document: Document, title: str, author: str,
                 path: Path) -> str:
    """Lay out and save the chunks of a long table one by one, then join them (pdf_chunks);
    the document's HTML as cut and placed (the Word file's)."""
    from pypdf import PdfReader, PdfWriter

    from reportgen.writers import pdf_compact

    try:
        with atomic_path(path) as temp, tempfile.TemporaryDirectory(
                prefix=".reportgen-pdf-", dir=path.parent) as folder:
            weasyprint = _weasyprint()
            css, font_config, fetcher = _stylesheet(document)
            parts: list[Path] = []
            pages = 0
            rules = settings(document.profile)
            placing = _colophon("".join(chunks), document) is not None
            cut_chunks: list[str] = []
            for index, chunk in enumerate(chunks):
                sheets = [css]
                if index:
                    sheets.append(weasyprint.CSS(string=continuation_css(pages + 1),
                                                 font_config=font_config, url_fetcher=fetcher))

                def render(html: str, sheets: list[Any] = sheets) -> Any:
                    return _render_chunk(html, document, title, author, font_config, sheets,
                                         fetcher)

                # continuation rows: each chunk cut where its pages break (writers/paginate.py);
                # the 版记 placed from the last chunk's layout (writers/colophon.py)
                last = index == len(chunks) - 1
                colophon = _colophon(chunk, document, pages + 1) if placing and last else None
                laid = Laid([])
                if rules is None and colophon is None:
                    rendered = render(chunk)
                else:
                    _, rendered, laid = cut(chunk, render, rules, colophon)
                cut_chunks.append(applied(chunk, laid, colophon, pages + 1))
                pages += len(rendered.pages)
                parts.append(Path(folder) / f"{index:04d}.pdf")
                with _fetching(fetcher):
                    rendered.write_pdf(parts[-1])
                del rendered  # free the layout before the next chunk
            writer = PdfWriter()  # joined only now: its objects would slow the layout's GC
            for part in parts:
                writer.append(str(part))
            metadata = PdfReader(parts[0]).metadata
            if metadata:
                writer.add_metadata(dict(metadata))
            with open(temp, "wb") as out:
                pdf_compact.write(writer, out)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None
    return join_chunks(cut_chunks)


class _Unstampable(Exception):
    """The parallel parts cannot be numbered by swapping digits (pdf_numbers.plan)."""


def _save_parallel(chunks: list[str], document: Document, title: str, author: str, path: Path,
                   workers: int | None = None) -> str:
    """Lay the chunks out in worker processes, then number and join them (pdf_parallel); the
    document's HTML as cut and placed (the Word file's)."""
    from reportgen.writers import pdf_join, pdf_parallel

    css = document_stylesheet(document.profile, document.scale)
    workers = pdf_parallel.default_workers() if workers is None else workers
    if not pdf_parallel.stampable(css):  # margin boxes that need the page's text: one pass
        return _save_chunks(chunks, document, title, author, path)
    colophon = _colophon("".join(chunks), document)
    meta = pdf_parallel.Meta(title, author, document.date.isoformat() if document.date else None)
    try:
        with atomic_path(path) as temp, tempfile.TemporaryDirectory(
                prefix=".reportgen-pdf-", dir=path.parent) as folder:
            pdf_parallel._release_memory()  # what rendering left behind, before the workers
            laid = pdf_parallel.lay_out_all(chunks, css, meta, Path(folder), workers,
                                            settings(document.profile), colophon)
            parts = laid[0]
            stamped = pdf_join.join(*laid, temp)
            if not stamped:  # digits of unequal widths: numbers cannot be swapped
                raise _Unstampable
    except _Unstampable:
        return _save_chunks(chunks, document, title, author, path)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None
    cut_chunks = []
    first = 1
    for chunk, part in zip(chunks, parts, strict=True):
        cut_chunks.append(applied(chunk, part.laid, colophon, first) if part.laid else chunk)
        first += len(part.pages)
    return join_chunks(cut_chunks)


def _save_long(chunks: list[str], document: Document, title: str, author: str,
               path: Path) -> str:
    """A document whose long table is split: in parallel, or one chunk after another; its
    HTML as cut and placed."""
    if PARALLEL:
        return _save_parallel(chunks, document, title, author, path)
    return _save_chunks(chunks, document, title, author, path)


def _laid(html: str, document: Document, title: str, author: str) -> tuple[Any, Any] | None:
    """The layout writers.paginate made of ``html`` when it cut it (one layout per PDF)."""
    from reportgen.writers.kept import take

    rendered = take(document, html)
    if rendered is None:
        return None
    _weasyprint()
    return _metadata(rendered, document, title, author), bundled_fetcher()


def _same_layout(one: str, other: str) -> bool:
    """Whether two HTML documents lay out alike: the same root tag and the same body."""
    return one[:one.find("<head")] == other[:other.find("<head")] \
        and body_of(one).strip() == body_of(other).strip()


def write(document: Document, path: Path) -> None:
    """Write one document as a PDF (A4, fonts embedded, metadata from the document)."""
    write_paged(document, path)


def write_paged(document: Document, path: Path) -> Document:
    """Write one document as a PDF; the document as written. A long table laid out in chunks
    (pdf_chunks) is cut at its page breaks, its 版记 placed, by its chunks' layouts: the Word
    file of the document is written from what this returns, so that its pages follow the PDF's."""
    check(document.html)
    chunks = split_long_table(document.html)
    if len(chunks) > 1:
        html = _save_long(chunks, document, document.title, document.office, path)
        return dataclasses.replace(document, html=html)
    _save(*(_laid(document.html, document, document.title, document.office)
            or _render(document.html, document, document.title, document.office)), path)
    return document


def paged(document: Document) -> Document:
    """``document`` as ``write_paged`` cuts and places it, for a Word file written without its
    PDF: the chunks of a long table laid out one after another only to measure them (the PDF's
    workers lay out the same pages: margin boxes and the first page's side move no row);
    other documents cut by writers.paginate and writers.colophon."""
    from reportgen.writers.paginate import measure

    chunks = split_long_table(document.html)
    if len(chunks) == 1:
        from reportgen.writers.colophon import paginate_and_place

        return paginate_and_place(document)
    check(document.html)
    rules = settings(document.profile)
    colophon = _colophon("".join(chunks), document)
    if rules is None and colophon is None:
        return document  # nothing to cut nor to place
    cut_chunks = []
    first = 1
    for index, chunk in enumerate(chunks):
        last = colophon if index == len(chunks) - 1 else None
        laid, pages = measure(chunk, document, rules, last)
        cut_chunks.append(applied(chunk, laid, last, first))
        first += pages
    return dataclasses.replace(document, html=join_chunks(cut_chunks))


def body_of(html: str) -> str:
    """The content of an HTML document's ``<body>`` (the whole text if it has none)."""
    match = _BODY.search(html)
    return match.group(1) if match else html


def combined_html(documents: list[Document], title: str) -> str:
    """One HTML document holding every document's sections in order."""
    from html import escape

    bodies = "\n".join(body_of(d.html) for d in documents)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n</head>\n<body>\n{bodies}\n</body>\n</html>\n")


def write_combined(documents: list[Document], path: Path, title: str, author: str) -> None:
    """Write several documents into one PDF whose page numbers run on (bulletin, attachments…)."""
    if not documents:
        raise OutputError(f"合并 PDF {path}：没有要合并的文档")
    first = documents[0]
    html = combined_html(documents, title)
    check(html)
    chunks = split_long_table(html)
    if len(chunks) > 1:
        _save_long(chunks, first, title, author, path)
    else:  # one document: the layout paginate made of it is this one's (same body, same CSS)
        laid = _laid(first.html, first, title, author) if len(documents) == 1 \
            and _same_layout(first.html, html) else None
        _save(*(laid or _render(html, first, title, author)), path)
