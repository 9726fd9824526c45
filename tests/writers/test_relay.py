"""A grown part laid out again from its page on only (writers/relay.py) gives the document and
the PDF that laying the whole document out again gives: the same HTML, page count, text,
page numbers and sides of every page."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from test_continuation_grow import _ledger as grow_ledger
from test_pdf_chunks import _document
from test_relabel import assert_same_pages

from reportgen.document import Document
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline.core import prepare
from reportgen.writers import kept, paginate, pdf, relay
from reportgen.writers.continuation import CONTINUED, ELLIPSIS, ROW_ID

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = EXAMPLES / "zhanhe-2022-08" / "config.yaml"  # seed 002: item 45 of the bulletin grows


def _layouts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(first page number, pages) of every layout ``paginate`` makes from here on."""
    made: list[tuple[int, int]] = []
    original = paginate._render_document

    def counting(html: str, document: Document, first_page: int = 1) -> Any:
        rendered = original(html, document, first_page)
        made.append((first_page, len(rendered.pages)))
        return rendered

    monkeypatch.setattr(paginate, "_render_document", counting)
    return made


def _both(document: Document, folder: Path, monkeypatch: pytest.MonkeyPatch,
          ) -> tuple[Document, Document, list[tuple[int, int]], list[tuple[int, int]]]:
    """``document`` cut and written as a PDF both ways: whole again (``all.pdf``) and from
    the grown page on (``rest.pdf``); the layouts each made."""
    out = {}
    layouts = {}
    for incremental, name in ((False, "all"), (True, "rest")):
        with monkeypatch.context() as patch:
            patch.setattr(paginate, "INCREMENTAL", incremental)
            made = _layouts(patch)
            cut = paginate.paginate(document)
            pdf.write_paged(cut, folder / f"{name}.pdf")
            kept.forget()
            out[name], layouts[name] = cut, list(made)
    return out["all"], out["rest"], layouts["all"], layouts["rest"]


@pytest.fixture(scope="module")
def bulletin() -> Document:
    return prepare(SEED).documents[0]


def test_seed_bulletin_laid_out_again_from_its_grown_page(
        bulletin: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, rest, all_layouts, rest_layouts = _both(bulletin, tmp_path, monkeypatch)
    assert rest.html == whole.html  # the Word file's document: the same cuts, the same labels
    assert_same_pages(tmp_path / "rest.pdf", tmp_path / "all.pdf")
    # all again: two layouts of every page; from the grown page: its pages after it only
    (_, pages), *again = all_layouts
    assert again and all(layout == (1, pages) for layout in again[:1])
    first, (start, rest_pages) = rest_layouts[0], rest_layouts[1]
    assert first == (1, pages)
    assert start > 1 and start - 1 + rest_pages == pages
    assert rest_pages < pages // 4
    with pdfplumber.open(tmp_path / "rest.pdf") as doc:  # the grown part: ……rest（续）
        grown = (doc.pages[start - 1].extract_text() or "").replace("\n", "")
        assert len(doc.pages) == pages
    assert ELLIPSIS in grown and CONTINUED in grown


def test_a_small_document_grown_on_its_last_page(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """test_continuation_grow's ledger: item 2's part on page 2 grows; page 1 is kept."""
    document = _document(grow_ledger(150))
    whole, rest, _, rest_layouts = _both(document, tmp_path, monkeypatch)
    assert rest.html == whole.html and rest.html != document.html
    assert_same_pages(tmp_path / "rest.pdf", tmp_path / "all.pdf")
    assert [first for first, _ in rest_layouts[:2]] == [1, 2]


def _two_grown() -> Ledger:
    """test_continuation_grow's ledger twice over: items 2 and 4 start low on a page, their
    parts on the next page grow (three layouts: the whole, then from each grown page)."""
    task = "加快推进重点项目建设" * 12

    def item(seq: str, task: str, progress: str) -> Item:
        return Item(seq=seq, task=task, rows=[UnitRow(unit="区财政局", person="李会卿",
                                                      progress=progress, status="正常")])

    return Ledger(title="续表测试台账", items=[
        item("1", "第一项任务", "推进" * 150), item("2", task, "完成阶段目标" * 15),
        item("3", "第三项任务", "推进" * 100), item("4", task, "完成阶段目标" * 15),
        item("5", "第五项任务", "已开工。")])


def test_two_parts_grown_on_two_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _document(_two_grown())
    whole, rest, all_layouts, rest_layouts = _both(document, tmp_path, monkeypatch)
    assert rest.html == whole.html
    assert_same_pages(tmp_path / "rest.pdf", tmp_path / "all.pdf")
    firsts = [first for first, _ in rest_layouts[:3]]
    assert firsts[0] == 1 and 1 < firsts[1] < firsts[2]  # each rest from its grown page on
    assert [first for first, _ in all_layouts[:3]] == [1, 1, 1]  # before: the whole thrice
    with pdfplumber.open(tmp_path / "rest.pdf") as doc:
        texts = ["".join((page.extract_text() or "").split()) for page in doc.pages]
    for first in firsts[1:]:
        assert ELLIPSIS in texts[first - 1] and CONTINUED in texts[first - 1]


def test_a_segment_that_cannot_be_relabelled_is_laid_out_again(
        bulletin: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a segment's cut cells cannot be laid in, the PDF writer lays the cut document out
    whole, as without the kept layout: the same pages."""
    calls: list[int] = []

    def refusing(*args: Any) -> Any:
        calls.append(1)
        return None

    with monkeypatch.context() as patch:
        patch.setattr(paginate, "INCREMENTAL", False)
        cut = paginate.paginate(bulletin)
        pdf.write_paged(cut, tmp_path / "all.pdf")
        kept.forget()
    monkeypatch.setattr(relay, "relabel", refusing)
    again = paginate.paginate(bulletin)
    pdf.write_paged(again, tmp_path / "again.pdf")
    assert calls == [1]
    assert again.html == cut.html
    assert_same_pages(tmp_path / "again.pdf", tmp_path / "all.pdf")


def test_the_rest_of_a_document() -> None:
    head = '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>t</title></head>\n<body class="x">\n'
    table = ('<table class="ledger"><colgroup><col class="seq"></colgroup>'
             "<thead><tr><th>序号</th></tr></thead>\n<tbody>\n"
             f'<tr {ROW_ID}="0"><td>1</td></tr>\n<tr {ROW_ID}="1"><td>2</td></tr>\n'
             "</tbody></table>\n")
    numbered = (f'{head}<section class="portrait"><p>正文</p></section>\n'
                f'<section class="landscape"><h1>附件</h1>\n{table}</section>\n'
                '<section class="colophon"><p>版记</p></section>\n</body></html>\n')
    rest = relay.rest_of(numbered, 1)
    assert rest is not None
    assert rest.startswith(head) and "正文" not in rest and "附件" not in rest
    assert '<section class="landscape">\n<table class="ledger"><colgroup>' in rest
    assert "<thead><tr><th>序号</th></tr></thead>" in rest
    assert f'<tr {ROW_ID}="0">' not in rest and rest.endswith(
        f'<tr {ROW_ID}="1"><td>2</td></tr>\n</tbody></table>\n</section>\n'
        '<section class="colophon"><p>版记</p></section>\n</body></html>\n')
    # a table inside another element than a section of the body: not cut out, laid out whole
    nested = numbered.replace('<h1>附件</h1>\n<table', '<div><table').replace(
        "</table>\n</section>", "</table></div>\n</section>")
    assert relay.rest_of(nested, 1) is None
    assert relay.rest_of(numbered, 7) is None  # no such row
