"""HTML output: the document's HTML with the generated stylesheet embedded, for a browser."""
from __future__ import annotations

import re
from pathlib import Path

from reportgen.document import Document
from reportgen.errors import OutputError
from reportgen.vocabulary_reader import check
from reportgen.writers.atomic import atomic_path
from reportgen.writers.css import document_stylesheet

_HEAD_END = re.compile(r"</head\s*>", re.I)


def with_style(html: str, css: str) -> str:
    """``html`` with ``css`` in a ``<style>`` element at the end of its head."""
    style = f"<style>\n{css}</style>\n"
    if _HEAD_END.search(html):
        return _HEAD_END.sub(lambda m: style + m.group(0), html, count=1)
    return style + html


def write(document: Document, path: Path) -> None:
    """Write the document as one self-contained HTML file (fonts referenced by file:// URL)."""
    check(document.html)  # nothing outside the vocabulary: no script, link, image or style
    text = with_style(document.html, document_stylesheet(document.profile, document.scale))
    try:
        with atomic_path(path) as temp:
            temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入 HTML 文件 {path}：{exc}") from None
