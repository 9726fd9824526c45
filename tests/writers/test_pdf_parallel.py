"""Long tables laid out in worker processes give the sequential PDF, page by page, for any count."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pdf_samples import page_number
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from support import portrait_checks
from test_continuation import first_group
from test_pdf_chunks import _document, _ledger

from reportgen.document import Document
from reportgen.writers import pdf, pdf_chunks, pdf_parallel
from reportgen.writers.continuation import CONTINUED
from reportgen.writers.pdf_chunks import split_long_table
from reportgen.writers.pdf_numbers import sample, template_pages

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / ".." / "shared" / "tools" / "gbt9704_check.py"
ROWS_PER_CHUNK = 30  # 5 chunks of a ~150-row ledger: small enough for 2 shared cores


def _pages(path: Path) -> list[tuple[str, tuple[int, bool] | None, list[tuple[str, str]]]]:
    """Per page: its text, its number and side, and the font of each number character."""
    out = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            foot = [(c["text"], re.sub(r"^[A-Z]{6}\+", "", c["fontname"])) for c in page.chars
                    if c["text"] in "—0123456789" and (c["top"] > page.height - 100
                                                         or c["x1"] < 40 * 72 / 25.4)]
            out.append((page.extract_text() or "", page_number(page), foot))
    return out


def _write(document: Document, path: Path, workers: int | None) -> None:
    chunks = split_long_table(document.html)
    assert len(chunks) == 5
    if workers is None:
        pdf._save_chunks(chunks, document, document.title, document.office, path)
    else:
        pdf._save_parallel(chunks, document, document.title, document.office, path, workers)


@pytest.fixture(scope="module")
def ledger_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ~150-row attachment in 5 chunks: sequential, and with 1, 2 and 3 workers."""
    folder = tmp_path_factory.mktemp("parallel")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", ROWS_PER_CHUNK)
        patch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
        document = _document(_ledger(75, long_every=5))  # some rows break over a page
        assert len(document.ledger.rows) >= 140
        out = {}
        for name, workers in (("sequential", None), ("1", 1), ("2", 2), ("3", 3)):
            out[name] = folder / f"{name}.pdf"
            _write(document, out[name], workers)
    return out


def test_parallel_pages_equal_the_sequential_ones(ledger_pdfs: dict[str, Path]) -> None:
    """Text, number, side and number font of every page; the other counts: next test."""
    expected = _pages(ledger_pdfs["sequential"])
    numbers = [n for _, n, _ in expected]
    assert [n for n, _ in filter(None, numbers)] == list(range(1, len(expected) + 1))
    assert all(right == (n % 2 == 1) for n, right in filter(None, numbers))  # odd right
    got = _pages(ledger_pdfs["2"])
    assert len(got) == len(expected)
    for index, (page, want) in enumerate(zip(got, expected, strict=True)):
        assert page == want, index + 1


def test_every_page_that_starts_inside_an_item_names_it(ledger_pdfs: dict[str, Path]) -> None:
    """Continuation rows in a chunked table: each chunk cut where its own pages break, in the
    worker that lays it out (paginate.cut), or one chunk after another: the same pages."""
    for name in ("sequential", "2"):
        with pdfplumber.open(ledger_pdfs[name]) as doc:
            firsts = [first_group(page) for page in doc.pages]
            tops = [_first_progress(page) for page in doc.pages]
        for number, (seq, task) in enumerate(firsts, 1):
            # no page starts with an empty 序号: a page inside an item shows its （续） row
            assert seq and task in (f"第{seq}项任务", f"第{seq}项任务{CONTINUED}"), \
                (name, number, seq, task)
        continued = [i for i, (_, task) in enumerate(firsts) if task.endswith(CONTINUED)]
        assert len(continued) >= len(firsts) // 4, (name, len(continued), len(firsts))
        # some of them start inside a row's text: the rest of a progress text, cut where the
        # page broke it, not a row of its own ("第N项第M行进展。" begins every row)
        assert any(not tops[i].startswith("第") for i in continued), name


def _first_progress(page: pdfplumber.page.Page) -> str:
    """The first body line of the last column (the attachment's 各项工作进展情况)."""
    words = page.extract_words()
    header = next(w for w in words if w["text"].endswith("进展情况"))
    left, right = sorted({round(e["x0"]) for e in page.edges if e["orientation"] == "v"})[-2:]
    lines = [w for w in words if w["top"] > header["bottom"] + 4 and left < w["x0"] < right]
    return min(lines, key=lambda w: (round(w["top"]), w["x0"]))["text"] if lines else ""


def test_the_number_of_workers_changes_no_byte_of_any_page(ledger_pdfs: dict[str, Path]) -> None:
    """1, 2 and 3 workers: the same pages, stream for stream (so the same text and numbers)."""
    streams = {}
    for workers in ("1", "2", "3"):
        reader = PdfReader(ledger_pdfs[workers])
        streams[workers] = [page.get_contents().get_data() for page in reader.pages]
        assert reader.metadata is not None and reader.metadata.title == "分块测试台账"
    assert streams["1"] == streams["2"] == streams["3"]


def test_the_number_of_workers_changes_no_byte_of_the_file(ledger_pdfs: dict[str, Path]) -> None:
    files = [ledger_pdfs[workers].read_bytes() for workers in ("1", "2", "3")]
    assert files[0] == files[1] == files[2]


def test_a_page_costs_its_dictionary_and_one_stream(ledger_pdfs: dict[str, Path]) -> None:
    """The joined file packs its small objects in object streams (pdf_compact) and stamps each
    page's number into the page's own content stream: no object of its own per page but its
    dictionary (packed) and that stream."""
    reader = PdfReader(ledger_pdfs["2"], strict=True)
    pages = reader.pages
    assert len(pages) > 20
    packed = reader.xref_objStm
    assert all(page.indirect_reference.idnum in packed for page in pages)
    assert b"\nxref\n" not in ledger_pdfs["2"].read_bytes()  # a stream, not a table
    contents = [page.raw_get("/Contents") for page in pages]
    assert all(isinstance(c, IndirectObject) for c in contents)  # one stream, no array
    assert len({c.idnum for c in contents}) == len(pages)
    # (test_parallel_pages_equal_the_sequential_ones reads the numbers: so from that stream)
    # every other object outside the object streams is a font's stream, an object stream or
    # the cross-reference stream: a fixed count, however many pages
    loose = [number for number in reader.xref[0] if number not in packed]
    assert len(loose) - len(pages) < 40, len(loose)


def _embedded_fonts(path: Path) -> list[str]:
    """Each embedded font file as "name@object number"."""
    names = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
            names.append(f"{descriptor['/FontName']}@{descriptor.raw_get(key).idnum}")
    return sorted(set(names))


def test_each_font_is_embedded_once(ledger_pdfs: dict[str, Path]) -> None:
    parallel = _embedded_fonts(ledger_pdfs["2"])
    sequential = _embedded_fonts(ledger_pdfs["sequential"])
    base = {name.split("@")[0] for name in parallel}
    assert len(parallel) == len(base)  # one font object per font, on every page
    assert len(sequential) > len(base)  # the sequential join embeds one per chunk
    assert ledger_pdfs["2"].stat().st_size < 0.6 * ledger_pdfs["sequential"].stat().st_size


def test_a_bulletin_whose_last_chunk_goes_on_after_the_table(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    """The last chunk holds the 版记: laid out again when its first page's side was guessed wrong."""
    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 15)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
    document = _document(_ledger(40), "bulletin")
    chunks = split_long_table(document.html)
    assert not pdf_parallel.tail_is_trivial(chunks[-1])
    assert all(pdf_parallel.tail_is_trivial(c) for c in chunks[:-1])
    paths = {name: tmp_path / f"{name}.pdf" for name in ("sequential", "parallel")}
    pdf._save_chunks(chunks, document, document.title, document.office, paths["sequential"])
    pdf._save_parallel(chunks, document, document.title, document.office, paths["parallel"], 2)
    assert _pages(paths["parallel"]) == _pages(paths["sequential"])
    with pdfplumber.open(paths["parallel"]) as doc:
        assert "印发" in (doc.pages[-1].extract_text() or "")
        assert len(doc.pages) % 2 == 0  # the 版记 on an even page
    if CHECKER.is_file():
        assert _checks(paths["parallel"]) == _checks(paths["sequential"])


def _checks(path: Path) -> dict[str, bool]:
    """The GB/T 9704 checker's verdicts on the numbered portrait pages (test_pdf_examples)."""
    return {name: check["ok"] for name, check in portrait_checks(path, CHECKER).items()}


@pytest.mark.skipif(not CHECKER.is_file(), reason=f"GB/T 9704 检查工具不在 {CHECKER}（../shared 缺失）")
def test_stamped_page_numbers_pass_the_gbt9704_checker(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 15)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
    document = _document(_ledger(40), "bulletin")
    path = tmp_path / "a.pdf"
    pdf._save_parallel(split_long_table(document.html), document, document.title,
                       document.office, path, 2)
    checks = _checks(path)
    number_checks = {k: v for k, v in checks.items() if "page" in k.lower() or "页码" in k}
    assert number_checks and all(number_checks.values()), checks


def test_template_pages_cover_every_side_and_digit_count() -> None:
    pages = [("", False)] * 120 + [("landscape", False)] * 3 + [("colophon", False)]
    templates = template_pages(pages)
    assert ("", sample(3, True)) in templates and ("", sample(3, False)) in templates
    assert ("landscape", 121) not in templates and ("landscape", 101) in templates
    assert [n % 2 for _, n in templates] == [1, 0] * (len(templates) // 2)  # right, left…
    assert sorted(set("".join(str(n) for _, n in templates[-2:]))) == list("0123456789")


def test_unnumbered_css_empties_every_margin_box_of_every_named_page() -> None:
    css = "@page { size: A4 }\n@page landscape { size: A4 landscape }\n@page :blank {}\n"
    rules = pdf_parallel.unnumbered_css(css)
    assert "@page landscape:right" in rules and "@page :left" in rules
    assert rules.count("@bottom-right { content: none }") == 8
    assert pdf_parallel.stampable(css)
    assert not pdf_parallel.stampable("@page { @top-center { content: string(title) } }")


def test_a_resource_refused_in_a_worker_is_the_callers_template_error(tmp_path: Path) -> None:
    """The fetcher's refusal crosses the process boundary as the TemplateError (exit 4)."""
    from reportgen.errors import TemplateError

    css = '@font-face { font-family: "X"; src: url("file:///etc/passwd") }\n'
    chunks = ["<html><body><p>一</p></body></html>", "<html><body><p>二</p></body></html>"]
    meta = pdf_parallel.Meta("标题", "", None)
    with pytest.raises(TemplateError) as caught:
        pdf_parallel.lay_out_all(chunks, css, meta, tmp_path, 2)
    assert "/etc/passwd" in caught.value.message and caught.value.exit_code == 4
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
