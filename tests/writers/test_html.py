"""The HTML writer: the same document with the generated stylesheet embedded."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from pdf_samples import attachment_document, bulletin_document, paragraphs

from reportgen.errors import OutputError
from reportgen.model import Ledger
from reportgen.writers import get_writer, html


class Collector(HTMLParser):
    """Collects the <style> text, where it sits, and all text outside it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.style = ""
        self.style_parent = ""
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.style_parent = self.stack[-1] if self.stack else ""
        if tag not in ("meta", "br", "col"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style += data
        else:
            self.text += data


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_html_embeds_the_stylesheet(tmp_path: Path, small_ledger: Ledger) -> None:
    document = bulletin_document(small_ledger)
    path = tmp_path / "督查通报.html"
    get_writer("html")(document, path)
    page = parse(path)
    assert page.style_parent == "head"
    assert "@page landscape" in page.style and "table-layout: fixed" in page.style
    assert "@font-face" in page.style or "Noto" in page.style
    for paragraph in paragraphs(document.html):
        assert paragraph in page.text
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_html_keeps_the_table(tmp_path: Path, small_ledger: Ledger) -> None:
    path = tmp_path / "附件.html"
    html.write(attachment_document(small_ledger), path)
    text = path.read_text(encoding="utf-8")
    assert text.count("<tr") == 1 + len(small_ledger.rows)
    assert 'rowspan="3"' in text and "暂未报送进展" in text


def test_with_style_without_head() -> None:
    assert html.with_style("<p>x</p>", "p{}").startswith("<style>\np{}</style>\n<p>x</p>")


def test_unwritable_target_raises(tmp_path: Path, small_ledger: Ledger) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="无法写入 HTML"):
        html.write(bulletin_document(small_ledger), blocker / "a.html")
