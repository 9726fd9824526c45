"""The PDF writer: text, page geometry, page numbers, fonts, metadata and merged table cells."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from pdf_samples import (
    COLUMNS,
    DATE,
    OFFICE,
    RARE_NAME,
    attachment_document,
    big_ledger,
    bulletin_document,
    bulletin_html,
    page_number,
    paragraphs,
)
from pypdf import PdfReader
from samples import make_small_ledger

from reportgen.errors import OutputError
from reportgen.model import Ledger
from reportgen.profile import load_profile
from reportgen.writers import fonts, pdf

PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def running_text(path: Path) -> str:
    """The text of all pages without their page numbers, whitespace removed."""
    pages = [PAGE_NUMBER.sub("", text) for text in page_texts(path)]
    return squash("".join(pages))


@pytest.fixture(scope="module")
def ledger80() -> Ledger:
    return big_ledger(make_small_ledger(), 14)


@pytest.fixture(scope="module")
def bulletin_pdf(tmp_path_factory: pytest.TempPathFactory, ledger80: Ledger) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "督查通报第8期.pdf"
    pdf.write(bulletin_document(ledger80), path)
    return path


@pytest.fixture(scope="module")
def attachment_pdf(tmp_path_factory: pytest.TempPathFactory, ledger80: Ledger) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "附件.pdf"
    pdf.write(attachment_document(ledger80), path)
    return path


def test_bulletin_carries_every_paragraph(bulletin_pdf: Path) -> None:
    text = running_text(bulletin_pdf)
    expected = paragraphs(bulletin_html())
    assert len(expected) > 20
    for paragraph in expected:
        assert squash(paragraph) in text, paragraph
    assert "□" not in text and "\ufffd" not in text


def test_bulletin_pages_are_a4_portrait_and_numbered(bulletin_pdf: Path) -> None:
    texts = page_texts(bulletin_pdf)
    assert len(texts) >= 4
    with pdfplumber.open(bulletin_pdf) as doc:
        for page in doc.pages:
            assert (round(page.width), round(page.height)) == (595, 842)
    numbers = [int(m.group(1)) for t in texts for m in [PAGE_NUMBER.search(t.splitlines()[-1])] if m]
    assert numbers == list(range(1, len(texts) + 1))
    assert "— 1 —" in texts[0]


def test_metadata(bulletin_pdf: Path) -> None:
    info = PdfReader(bulletin_pdf).metadata
    assert info is not None
    assert info.title == "督查通报第8期"
    assert info.author == OFFICE
    assert info.creation_date is not None
    assert info.creation_date.date() == DATE


def embedded_fonts(path: Path) -> dict[str, bool]:
    """BaseFont name -> whether its descriptor carries an embedded font file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            found[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_fonts_are_embedded_substitutes_or_official(bulletin_pdf: Path) -> None:
    found = embedded_fonts(bulletin_pdf)
    assert found and all(found.values()), found
    allowed = re.compile(r"Fandol|Noto|FangSong|SimHei|KaiTi|SimSun|FZ|GB2312", re.I)
    assert all(allowed.search(name) for name in found), found
    assert any("Fang" in name for name in found)  # body in 仿宋
    assert any("Hei" in name for name in found)  # headings in 黑体


@pytest.mark.skipif(not fonts.locate("Noto Serif CJK SC"), reason="fonts-noto-cjk 未安装")
def test_rare_character_comes_from_fallback(bulletin_pdf: Path, attachment_pdf: Path) -> None:
    assert "王堃" in squash("".join(page_texts(bulletin_pdf)))
    assert RARE_NAME in squash("".join(page_texts(attachment_pdf)))
    assert any(name.startswith("Noto") for name in embedded_fonts(bulletin_pdf))


def tables(path: Path) -> list[list[list[str | None]]]:
    with pdfplumber.open(path) as doc:
        return [page.extract_tables()[0] for page in doc.pages]


def test_attachment_is_landscape_with_repeated_header(attachment_pdf: Path) -> None:
    with pdfplumber.open(attachment_pdf) as doc:
        assert len(doc.pages) >= 3
        assert all(page.width > page.height for page in doc.pages)
    per_page = tables(attachment_pdf)
    header = ["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]
    for table in per_page:
        assert [squash(c or "") for c in table[0]] == header
    texts = page_texts(attachment_pdf)
    numbers = [int(m.group(1)) for t in texts for m in [PAGE_NUMBER.search(t)] if m]
    assert numbers == list(range(1, len(texts) + 1))


def columns(path: Path) -> dict[str, list[list[str]]]:
    """Per column key, per page, the lines of text inside that column of the ledger table.

    Cropping by column (the table fills the type area; widths from the sample's <col>s) reads
    an item cell that a page break splits, which table detection by ruling lines misses.
    """
    mm = 72 / 25.4
    geometry = load_profile().landscape
    left = geometry.left_mm * mm
    width = (geometry.width_mm - geometry.left_mm - geometry.right_mm) * mm
    out: dict[str, list[list[str]]] = {key: [] for key, _, _ in COLUMNS}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            x = left
            bottom = page.height - geometry.bottom_mm * mm
            for key, title, share in COLUMNS:
                x1 = x + width * share / 100
                crop = page.crop((x + 1, 0, x1 - 1, bottom))
                # the header row repeats on every page; a tall row continues past it
                out[key].append([line for line in (crop.extract_text() or "").splitlines()
                                 if line != title])
                x = x1
    return out


def test_attachment_has_every_cell_and_merged_items(attachment_pdf: Path, ledger80: Ledger) -> None:
    cols = columns(attachment_pdf)
    text = {key: squash("".join(line for page in pages for line in page))
            for key, pages in cols.items()}
    for item, row in ledger80.rows:
        assert squash(item.task) in text["task"]
        assert squash(row.progress or "暂未报送进展") in text["progress"]
        assert squash(row.unit or "—") in text["unit"]
        assert squash(row.person or "—") in text["person"]
    statuses = [w for page in cols["status"] for line in page for w in line.split()]
    assert [w for w in statuses if w in ledger80.scale.names] == \
        [row.status for _, row in ledger80.rows if row.status]
    # One 序号 per item: the item cells are merged over its unit rows, not repeated.
    seqs = [w for page in cols["seq"] for line in page for w in line.split() if w.isdigit()]
    assert seqs == [item.seq for item in ledger80.items]
    # The header row heads every page.
    with pdfplumber.open(attachment_pdf) as doc:
        heads = [(page.extract_text() or "") for page in doc.pages]
    assert all("序号 工作任务 牵头单位 责任人 进展情况 完成情况" in text for text in heads)


def test_combined_pdf_numbers_run_on(tmp_path: Path, ledger80: Ledger,
                                     bulletin_pdf: Path, attachment_pdf: Path) -> None:
    path = tmp_path / "发布版.pdf"
    documents = [bulletin_document(ledger80), attachment_document(ledger80)]
    pdf.write_combined(documents, path, title="督查通报第8期（发布版）", author=OFFICE)
    texts = page_texts(path)
    first_part = len(page_texts(bulletin_pdf))
    assert len(texts) == first_part + len(page_texts(attachment_pdf))
    with pdfplumber.open(path) as doc:
        numbers = [page_number(page) for page in doc.pages]
    assert numbers == [(n, n % 2 == 1) for n in range(1, len(texts) + 1)]
    with pdfplumber.open(path) as doc:
        assert doc.pages[first_part - 1].height > doc.pages[first_part - 1].width
        assert doc.pages[first_part].width > doc.pages[first_part].height
    assert "附件" in texts[first_part]
    info = PdfReader(path).metadata
    assert info is not None and info.title == "督查通报第8期（发布版）" and info.author == OFFICE


def test_write_combined_needs_documents(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="没有要合并的文档"):
        pdf.write_combined([], tmp_path / "x.pdf", "t", "a")


def test_failed_write_leaves_no_file(tmp_path: Path, ledger80: Ledger) -> None:
    target = tmp_path / "blocked"
    target.write_text("not a folder")
    with pytest.raises(OutputError, match="无法写入 PDF"):
        pdf.write(bulletin_document(ledger80), target / "a.pdf")


def test_environment_is_complete_here() -> None:
    warnings = pdf.check_environment()
    assert not any("libharfbuzz-subset0" in w for w in warnings), warnings
    assert not any("找不到任何中文字体" in w for w in warnings)


def test_missing_pango_gives_a_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    with pytest.raises(OutputError, match="libpango-1.0-0"):
        pdf.check_environment()


def test_missing_subsetter_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert any("libharfbuzz-subset0" in w for w in pdf.check_environment())


def test_weasyprint_accepts_every_rule(tmp_path: Path, small_ledger: Ledger,
                                       caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf.write(attachment_document(small_ledger), tmp_path / "a.pdf")
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
