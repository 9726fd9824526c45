"""PDF output: the document's HTML rendered by WeasyPrint with CSS generated from the profile.

WeasyPrint needs system libraries (Pango, HarfBuzz); it is imported only when a PDF is written,
and a machine that lacks them gets a Chinese message naming the Debian packages to install.
The HTML is checked against the vocabulary first, and WeasyPrint fetches through
``writers.fetch``: only reportgen's bundled fonts, never a local file or the network.
"""
from __future__ import annotations

import contextlib
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from reportgen.document import Document
from reportgen.errors import OutputError, TemplateError
from reportgen.profile import StyleProfile, load_profile
from reportgen.vocabulary_reader import check
from reportgen.writers.atomic import atomic_path
from reportgen.writers.css import document_stylesheet
from reportgen.writers.fetch import bundled_fetcher, refusal_type, short_url
from reportgen.writers.fonts import font_families
from reportgen.writers.paginate import cut, settings
from reportgen.writers.pdf_chunks import continuation_css, split_long_table

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


def _render(html: str, document: Document, title: str, author: str) -> tuple[Any, Any]:
    """The laid-out document and the fetcher that served it (needed again by write_pdf)."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fetcher = bundled_fetcher()
    font_config = FontConfiguration()
    with _fetching(fetcher):
        css = weasyprint.CSS(string=document_stylesheet(document.profile, document.scale),
                             font_config=font_config, url_fetcher=fetcher)
        rendered = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
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


def _save_chunks(chunks: list[str], document: Document, title: str, author: str,
                 path: Path) -> None:
    """Lay out and save the chunks of a long table one by one, then join them (pdf_chunks)."""
    from pypdf import PdfReader, PdfWriter

    try:
        with atomic_path(path) as temp, tempfile.TemporaryDirectory(
                prefix=".reportgen-pdf-", dir=path.parent) as folder:
            weasyprint = _weasyprint()
            from weasyprint.text.fonts import FontConfiguration

            font_config = FontConfiguration()
            fetcher = bundled_fetcher()
            with _fetching(fetcher):
                css = weasyprint.CSS(string=document_stylesheet(document.profile, document.scale),
                                     font_config=font_config, url_fetcher=fetcher)
            parts: list[Path] = []
            pages = 0
            rules = settings(document.profile)
            for index, chunk in enumerate(chunks):
                sheets = [css]
                if index:
                    sheets.append(weasyprint.CSS(string=continuation_css(pages + 1),
                                                 font_config=font_config, url_fetcher=fetcher))

                def render(html: str, sheets: list[Any] = sheets) -> Any:
                    return _render_chunk(html, document, title, author, font_config, sheets,
                                         fetcher)

                # continuation rows: each chunk cut where its pages break (writers/paginate.py)
                rendered = render(chunk) if rules is None else cut(chunk, render, rules)[1]
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
            writer.write(temp)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None


class _Unstampable(Exception):
    """The parallel parts cannot be numbered by swapping digits (pdf_numbers.plan)."""


def _save_parallel(chunks: list[str], document: Document, title: str, author: str, path: Path,
                   workers: int | None = None) -> None:
    """Lay the chunks out in worker processes, then number and join them (pdf_parallel)."""
    from reportgen.writers import pdf_join, pdf_parallel

    css = document_stylesheet(document.profile, document.scale)
    workers = pdf_parallel.default_workers() if workers is None else workers
    if not pdf_parallel.stampable(css):  # margin boxes that need the page's text: one pass
        _save_chunks(chunks, document, title, author, path)
        return
    meta = pdf_parallel.Meta(title, author, document.date.isoformat() if document.date else None)
    try:
        with atomic_path(path) as temp, tempfile.TemporaryDirectory(
                prefix=".reportgen-pdf-", dir=path.parent) as folder:
            pdf_parallel._release_memory()  # what rendering left behind, before the workers
            laid = pdf_parallel.lay_out_all(chunks, css, meta, Path(folder), workers,
                                            settings(document.profile))
            stamped = pdf_join.join(*laid, temp)
            if not stamped:  # digits of unequal widths: numbers cannot be swapped
                raise _Unstampable
    except _Unstampable:
        _save_chunks(chunks, document, title, author, path)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None


def _save_long(chunks: list[str], document: Document, title: str, author: str,
               path: Path) -> None:
    """A document whose long table is split: in parallel, or one chunk after another."""
    if PARALLEL:
        _save_parallel(chunks, document, title, author, path)
    else:
        _save_chunks(chunks, document, title, author, path)


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
    check(document.html)
    chunks = split_long_table(document.html)
    if len(chunks) > 1:
        _save_long(chunks, document, document.title, document.office, path)
    else:
        _save(*(_laid(document.html, document, document.title, document.office)
                or _render(document.html, document, document.title, document.office)), path)


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


def copy_with_metadata(source: Path, path: Path, title: str, author: str) -> None:
    """A copy of an already written PDF under another title (a 公开版 of a single document)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(source))
    writer.add_metadata({"/Title": title, "/Author": author})
    try:
        with atomic_path(path) as temp:
            writer.write(temp)
    except OSError as exc:
        raise OutputError(f"无法写入 PDF 文件 {path}：{exc}") from None


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
