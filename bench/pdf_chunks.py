"""Prototype (benchmark only): a long ledger table rendered to PDF in chunks, numbers running on.

Not used by reportgen (which lays out in chunks but writes them one after another); it measures what the PDF writer would gain by (1) laying the table out in
chunks of a few hundred rows, which removes WeasyPrint's per-page work over the whole table and
bounds memory, and (2) writing chunk k's PDF in a forked child while chunk k+1 is laid out.
Page numbers continue across chunks through ``@page :first { counter-reset: page N }`` and the
first page's side through ``html { break-before: left | right }``.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reportgen.document import Document
from reportgen.writers.css import document_stylesheet
from reportgen.writers.pdf_chunks import continuation_css, split_long_table


def split_table(html: str, rows_per_chunk: int) -> list[str]:
    """HTML documents, each holding a slice of the last table's rows (the product's splitter)."""
    return split_long_table(html, rows_per_chunk, above=0)


def write_chunked(document: Document, path: Path, rows_per_chunk: int = 300,
                  fork: bool = True) -> int:
    """Write ``document`` to ``path`` in chunks; returns the number of pages."""
    import weasyprint
    from pypdf import PdfWriter
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base_css = document_stylesheet(document.profile, document.scale)
    css = weasyprint.CSS(string=base_css, font_config=font_config)
    pages = 0
    children: list[int] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-chunks-") as folder:
        parts = []
        for index, html in enumerate(split_table(document.html, rows_per_chunk)):
            sheets = [css]
            if index:
                sheets.append(weasyprint.CSS(string=continuation_css(pages + 1),
                                             font_config=font_config))
            rendered = weasyprint.HTML(string=html).render(stylesheets=sheets,
                                                           font_config=font_config)
            part = Path(folder) / f"{index:04d}.pdf"
            parts.append(part)
            pages += len(rendered.pages)
            if fork:
                while len(children) >= 1:  # two cores: one writer beside the layout
                    _reap(children)
                pid = os.fork()
                if pid == 0:  # child: write this chunk and leave without cleanup
                    code = 0
                    try:
                        rendered.write_pdf(part)
                    except BaseException:  # noqa: BLE001 - reported by the exit status
                        code = 1
                    os._exit(code)
                children.append(pid)
            else:
                rendered.write_pdf(part)
            del rendered
        while children:
            _reap(children)
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        writer.add_metadata({"/Title": document.title, "/Author": document.office,
                             "/Producer": "reportgen"})
        with open(path, "wb") as handle:
            writer.write(handle)
    return pages


def _reap(children: list[int]) -> None:
    pid, status = os.wait()
    children.remove(pid)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"chunk writer {pid} failed")
