"""Tables laid out in chunks (pdf_chunks): Word follows the PDF's pages, the 版记 is placed.

The PDF writer's workers send back their cuts and page marks; the Word file is written from the
chunks as cut (writers/pdf.py ``write_paged``). The chunk threshold is lowered here (the
``pdf_chunks`` module constants, as test_pdf_parallel.py does) so that a short ledger is laid
out in chunks: one LibreOffice conversion of a bulletin of 130 synthetic rows in 3 chunks.
The 版记 goes where writers/colophon.py puts it for a document laid out whole, decided from the
last chunk's layout: measured in the PDF with pdfplumber, for a template that closes with a
portrait section after the table (the body then ends on a portrait page).
"""
from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
from test_colophon import lo_pdf, pages_of, word_sections
from test_docx_pages import table_pages, unlabelled
from test_pdf_chunks import _document, _ledger

from bench.synth import write_fixture
from reportgen import pipeline
from reportgen.analysis.stats import compute
from reportgen.config import config_from_dict
from reportgen.document import Document
from reportgen.profile import load_profile
from reportgen.templating.render import render_document
from reportgen.writers import get_writer, paginate, pdf, pdf_chunks
from reportgen.writers.continuation import CONTINUED
from reportgen.writers.pdf_chunks import split_long_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4
PITCH = 28.95
AREA_BOTTOM = (297 - 35) * MM  # the type area's bottom edge, points from the page top
CC = "区委办公室，区人大常委会办公室，区政协办公室。"
ISSUED = "某区督查局2022年11月12日印发"
CLOSING = "各单位要对照台账逐项抓好落实，按时报送进展情况。"
# closing paragraphs -> (body pages, where the 版记 goes): 40 items in 4 chunks of 20 rows
CASES = {10: (12, "foot"), 21: (12, "page"), 25: (13, "page")}


def closing_document(paragraphs: int) -> Document:
    """An attachment of 40 items with a 版记 whose template closes with a portrait section of
    ``paragraphs`` lines after the table."""
    ledger = _ledger(40)
    config = config_from_dict({
        "ledger": "x.yaml", "office": "某区督查局", "date": "2022-11-12", "colophon": {"cc": CC},
        "documents": [{"kind": "attachment", "params": {"title": ledger.title}}]},
        "config.yaml", Path("/nonexistent"))
    profile = load_profile(config.profile, config.user_dirs)
    document = render_document(config.documents[0], ledger, compute(ledger, ledger.scale),
                               config, profile)
    closing = ('<section class="portrait">\n' + f"<p>{CLOSING}</p>\n" * paragraphs
               + "</section>\n")
    html = document.html.replace('<section class="colophon">',
                                 closing + '<section class="colophon">', 1)
    assert html != document.html
    return dataclasses.replace(document, html=html)


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, object]]:
    """Each case written in chunks by 2 workers and by one chunk after another."""
    out = tmp_path_factory.mktemp("chunked-colophon")
    found: dict[int, dict[str, object]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", 20)
        patch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
        for paragraphs in CASES:
            document = closing_document(paragraphs)
            chunks = split_long_table(document.html)
            assert len(chunks) == 4
            parallel, sequential = out / f"p{paragraphs}.pdf", out / f"s{paragraphs}.pdf"
            html = pdf._save_parallel(chunks, document, document.title, document.office,
                                      parallel, 2)
            found[paragraphs] = {
                "html": html, "chunks": chunks, "pdf": parallel, "pages": pages_of(parallel),
                "sequential_html": pdf._save_chunks(chunks, document, document.title,
                                                    document.office, sequential),
                "sequential_pages": pages_of(sequential)}
            word = out / f"p{paragraphs}.docx"
            get_writer("docx")(dataclasses.replace(document, html=html), word)
            found[paragraphs]["word"] = word
    return found


@pytest.mark.parametrize("paragraphs", list(CASES))
def test_the_colophon_of_a_chunked_document_is_placed(
        placed: dict[int, dict[str, object]], paragraphs: int) -> None:
    body_pages, where = CASES[paragraphs]
    pages: list[dict[str, object]] = placed[paragraphs]["pages"]  # type: ignore[assignment]
    last = pages[-1]
    text = str(last["text"])
    assert text.endswith("抄送：" + CC + ISSUED), text[-80:]
    assert last["rule"] is not None and abs(float(str(last["rule"])) - AREA_BOTTOM) < PITCH
    assert len(pages) % 2 == 0  # double-sided: the 版记 on an even page
    numbers = [p["number"] for p in pages]
    if where == "foot":  # at the foot of the body's last page, which keeps its number
        assert len(pages) == body_pages and numbers == list(range(1, body_pages + 1))
        assert text.startswith(CLOSING)
    else:  # a page of its own, a blank page before it when the body ends even: unnumbered
        assert text == "抄送：" + CC + ISSUED
        assert numbers == [*range(1, body_pages + 1), *[None] * (len(pages) - body_pages)]
        assert len(pages) == body_pages + (1 if body_pages % 2 else 2)
        assert all(not p["text"] for p in pages[body_pages:-1])
    # Word gets the same placement: the 版记 in the body's section, or an explicit blank page
    sections = word_sections(placed[paragraphs]["word"])  # type: ignore[arg-type]
    want = {"foot": ["nextPage", "nextPage"], "page": ["nextPage", "nextPage", "evenPage"]}[where]
    if where == "page" and body_pages % 2 == 0:
        want = ["nextPage", "nextPage", "oddPage", "evenPage"]
    assert sections == want


def test_workers_and_one_by_one_cut_and_place_alike(
        placed: dict[int, dict[str, object]]) -> None:
    """2 workers (the last chunk laid out as if it started on a right page, placed again when
    it starts on a left one) and one chunk after another: the same pages, the same Word HTML."""
    for case in placed.values():
        assert case["html"] == case["sequential_html"]
        assert case["pages"] == case["sequential_pages"]
    # the last chunk starts on an even page: the workers' guess was wrong and mended
    case = placed[10]
    chunks: list[str] = case["chunks"]  # type: ignore[assignment]
    tail = chunks[-1][chunks[-1].rfind("<tbody>"):]
    seq = re.search(r'class="seq[^"]*"[^>]*>\s*(\d+)', tail)
    assert seq is not None
    starts = [n for n, g in table_pages(case["pdf"]) if len(g) > 1  # type: ignore[arg-type]
              and g[1][0] == seq.group(1)]
    assert starts and starts[0] % 2 == 0


ROWS = 130  # 3 chunks of about 60 rows


@pytest.fixture(scope="module")
def chunked_bulletin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 130-row synthetic bulletin built as docx and PDF, its table laid out in chunks."""
    out = tmp_path_factory.mktemp("chunked-bulletin")
    config = write_fixture(ROWS, out / "src", ("docx", "pdf"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", 60)
        patch.setattr(pdf_chunks, "CHUNK_ABOVE", 100)
        result = pipeline.build(config, out / "out", ["docx", "pdf"], jobs=1)
        assert len(split_long_table(result.documents[0].html)) == 3  # laid out in chunks
    return out / "out"


def test_the_docx_of_a_chunked_table_has_one_table_per_pdf_page(chunked_bulletin: Path) -> None:
    tables = docx.Document(str(chunked_bulletin / "督查通报.docx")).element.body.findall(f"{W}tbl")
    pdf_pages = table_pages(chunked_bulletin / "督查通报.pdf")
    assert len(tables) == len(pdf_pages) - len(unlabelled(pdf_pages)) >= 40
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: Word pages not rendered")
def test_word_pages_of_a_chunked_table_follow_the_pdf(chunked_bulletin: Path,
                                                      tmp_path: Path) -> None:
    word_pdf = lo_pdf(chunked_bulletin / "督查通报.docx", tmp_path)
    word = table_pages(word_pdf)
    built = table_pages(chunked_bulletin / "督查通报.pdf")
    continued = 0
    for number, groups in word:
        assert groups[0] == ("序号", "工作任务"), (number, groups[0])  # the header opens it
        assert all(not task.endswith(CONTINUED) for _, task in groups[2:]), number
        continued += groups[1][1].endswith(CONTINUED) if len(groups) > 1 else 0
    assert unlabelled(word) == unlabelled(built) == []  # no page starts inside an item unnamed
    assert continued == sum(g[1][1].endswith(CONTINUED) for _, g in built if len(g) > 1) >= 20
    # page by page the same first item, and the page counts within 1 per 10
    assert [g[1][0] for _, g in word if len(g) > 1] == [g[1][0] for _, g in built if len(g) > 1]
    with pdfplumber.open(word_pdf) as a, pdfplumber.open(chunked_bulletin / "督查通报.pdf") as b:
        assert abs(len(a.pages) - len(b.pages)) <= max(1, len(b.pages) // 10)


def test_a_docx_built_without_its_pdf_is_cut_alike(chunked_bulletin: Path, tmp_path: Path) -> None:
    """A build of the Word file alone lays the chunks out for it: the same Word body."""
    config = chunked_bulletin.parent / "src" / "config.yaml"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", 60)
        patch.setattr(pdf_chunks, "CHUNK_ABOVE", 100)
        pipeline.build(config, tmp_path, ["docx"], jobs=1)
    assert not (tmp_path / "督查通报.pdf").exists()

    def body(path: Path) -> list[str]:
        return [t.xml for t in docx.Document(str(path)).element.body.iterchildren()]

    alone, with_pdf = body(tmp_path / "督查通报.docx"), body(chunked_bulletin / "督查通报.docx")
    assert len(alone) == len(with_pdf) and alone == with_pdf


def _unmarked(html: str) -> str:
    return re.sub(r' class="page"| page(?=")', "", html)


def test_the_word_html_replays_the_parts_grown_in_a_worker() -> None:
    """A part grown for the rest of its task (paginate.settle) is replayed from the cuts the
    worker sends back: the Word HTML is the worker's, its page marks added."""
    from test_continuation_grow import _ledger as growing_ledger

    document = _document(growing_ledger(150))

    def render(text: str) -> object:
        return pdf._render(text, document, document.title, document.office)[0]

    rules = paginate.settings(document.profile)
    assert rules is not None
    html, _, laid = paginate.cut(document.html, render, rules)
    assert laid.grown and html != document.html  # a part grew
    word = paginate.applied(document.html, laid)
    assert _unmarked(word) == _unmarked(html) and 'class="cont' in word
