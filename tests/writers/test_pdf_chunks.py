"""Long tables are laid out in chunks: every row once, items whole, page numbers running on."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pdf_samples import page_number
from pypdf import PdfReader

from reportgen.analysis.stats import compute
from reportgen.config import config_from_dict
from reportgen.document import Document
from reportgen.model import Item, Ledger, UnitRow
from reportgen.profile import load_profile
from reportgen.templating.render import render_document
from reportgen.writers import pdf, pdf_chunks, pdf_parallel
from reportgen.writers.pdf_chunks import continuation_css, split_long_table


def _ledger(items: int, long_every: int = 0) -> Ledger:
    """``items`` items of 1–3 short rows; with ``long_every``, every so many rows is tall
    enough to break inside its text at a page foot (about 15 lines)."""
    def progress(i: int, j: int) -> str:
        tall = long_every and (i + j) % long_every == 0
        return f"第{i}项第{j}行进展。" * (40 if tall else 6)

    return Ledger(title="分块测试台账", items=[
        Item(seq=str(i), task=f"第{i}项任务", rows=[
            UnitRow(unit=f"单位{i}-{j}", person="王惠平", progress=progress(i, j), status="积极")
            for j in range(1 + i % 3)])
        for i in range(1, items + 1)])


def _document(ledger: Ledger, kind: str = "attachment") -> Document:
    params: dict[str, object] = {"title": ledger.title}
    if kind == "bulletin":
        params["issue_no"] = 8
    config = config_from_dict({"ledger": "x.yaml", "office": "某区督查局", "date": "2022-11-12",
                               "documents": [{"kind": kind, "params": params}]},
                              "config.yaml", Path("/nonexistent"))
    profile = load_profile(config.profile, config.user_dirs)
    return render_document(config.documents[0], ledger, compute(ledger, ledger.scale), config,
                           profile)


def _rows(html: str) -> list[str]:
    body = html[html.rindex("<tbody>"): html.rindex("</tbody>")]
    return re.findall(r"<tr[ >].*?</tr>", body, re.S)


def test_a_short_table_is_not_split() -> None:
    html = _document(_ledger(20)).html
    assert split_long_table(html) == [html]
    assert split_long_table(html, 10, above=len(_rows(html))) == [html]


def test_split_keeps_every_row_once_and_never_splits_an_item() -> None:
    html = _document(_ledger(60), "bulletin").html
    chunks = split_long_table(html, 20, above=0)
    assert len(chunks) >= 4
    assert [r for c in chunks for r in _rows(c)] == _rows(html)
    for chunk in chunks:
        assert 'class="seq' in _rows(chunk)[0]  # each chunk starts with an item's first row
        assert chunk.count("<thead>") == 1 and chunk.rstrip().endswith("</html>")
        assert chunk.count("<section") == chunk.count("</section>")
    assert "masthead" in chunks[0] and "masthead" not in chunks[1]  # the bulletin text once


def test_continuation_css_numbers_and_sides() -> None:
    assert "counter-reset: page 7" in continuation_css(7)
    assert "break-before: right" in continuation_css(7)
    assert "break-before: left" in continuation_css(8)


def _footer_numbers(path: Path) -> list[tuple[int, bool]]:
    out = []
    with pdfplumber.open(path) as doc:
        pages = list(doc.pages)
        if "印发" in (pages[-1].extract_text() or ""):  # the 版记 page, a blank page before it:
            pages = pages[:-1]                          # unnumbered (GB/T 9704 7.5)
            if not (pages[-1].extract_text() or "").strip():
                pages = pages[:-1]
        for page in pages:
            number = page_number(page)
            assert number, page.page_number
            out.append(number)
    return out


@pytest.mark.parametrize("kind", ["attachment", "bulletin"])
def test_a_chunked_pdf_numbers_pages_on_and_holds_every_row(kind: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 15)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 20)
    ledger = _ledger(40)
    path = tmp_path / "a.pdf"
    pdf.write(_document(ledger, kind), path)
    numbers = _footer_numbers(path)
    assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1))
    assert all(right == (n % 2 == 1) for n, right in numbers)  # odd right, even left
    with pdfplumber.open(path) as doc:
        text = re.sub(r"\s", "", "".join(p.extract_text() or "" for p in doc.pages))
    for item in ledger.items:
        assert item.task in text
        for row in item.rows:
            assert row.unit and row.unit in text
    table_pages = len(numbers) - (2 if kind == "bulletin" else 0)  # the bulletin's text: 2 pages
    assert text.count("序号") >= table_pages  # the header repeats on every table page
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == ledger.title
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]  # no chunk files left behind


def test_a_chunk_failing_leaves_the_old_pdf_and_no_chunk_files(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                ) -> None:
    import weasyprint

    from reportgen.errors import OutputError

    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 15)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 20)
    monkeypatch.setattr(pdf_parallel, "WORKERS", 1)  # the patched writer runs in this process
    original = weasyprint.Document.write_pdf
    calls: list[object] = []

    def flaky(self: object, target: object = None, *args: object, **kwargs: object) -> object:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, target, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", flaky)
    path = tmp_path / "a.pdf"
    path.write_bytes(b"older PDF")
    with pytest.raises(OutputError):
        pdf.write(_document(_ledger(40)), path)
    assert path.read_bytes() == b"older PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
