"""Word pages hold what the PDF's hold: LibreOffice's rendering of the docx, page by page.

Each page of the table as the PDF laid it out is a Word table of its own on a new page
(writers/docx/tables.py). Rendered by LibreOffice (the stand-in for Word and WPS), every table
page must start with the header row, a page starting inside an item with its （续） row, no
（续） row may stand mid-page, and the page count stays within 1 page per 10 of the PDF's.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from support import load_script

from bench.synth import write_fixture
from reportgen.pipeline import build
from reportgen.writers.continuation import CONTINUED

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# case -> (config, document stem)
CASES = {"bulletin": "督查通报第8期", "synthetic": "督查通报"}

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: Word pages not rendered")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example bulletin and a bulletin of 200 synthetic rows, as docx and PDF."""
    out = tmp_path_factory.mktemp("pages")
    configs = {"bulletin": ROOT / "examples" / "zhanhe-2022-08" / "config.yaml",
               "synthetic": write_fixture(200, out / "synthetic-src", ("docx", "pdf"))}
    for case, config in configs.items():
        build(config, out / case, ["docx", "pdf"])
    return {case: out / case for case in CASES}


@pytest.fixture(scope="module")
def rendered(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LibreOffice's PDF of each docx (one conversion for both, with the official font names
    mapped to the bundled Fandol fonts as tools/docx_preview.py does)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: Word pages not rendered")
    out = tmp_path_factory.mktemp("rendered")
    preview = load_script(ROOT / "tools" / "docx_preview.py", "docx_preview")
    work = out / "work"
    work.mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(preview.fontconfig(work)), "HOME": str(work)}
    pdfs = {}
    for case, stem in CASES.items():
        target = out / case
        target.mkdir()
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(target),
                        str(built[case] / f"{stem}.docx")],
                       check=True, env=env, capture_output=True, timeout=300)
        pdfs[case] = target / f"{stem}.pdf"
    return pdfs


def groups(page: Any) -> list[tuple[str, str]] | None:
    """The (序号, 工作任务) texts of the merge groups on a table page, top to bottom, the
    header row first; None on a page without the table. Groups are told apart by the rules
    across the 序号 column."""
    words = page.extract_words()
    seq = next((w for w in words if w["text"] == "序号"), None)
    task = next((w for w in words if w["text"] in ("工作任务", "事项名称")), None)
    if seq is None or task is None:
        return None
    rules = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})

    def column(word: dict[str, Any]) -> tuple[float, float]:
        return (max(x for x in rules if x <= word["x0"] + 0.5),
                min(x for x in rules if x >= word["x1"] - 0.5))

    (s0, s1), (t0, t1) = column(seq), column(task)
    tops = sorted(e["top"] for e in page.edges if e["orientation"] == "h"
                  and e["x0"] <= s0 + 1 and e["x1"] >= s1 - 1)
    tops = [t for i, t in enumerate(tops) if i == 0 or t - tops[i - 1] > 2]

    def text(left: float, right: float, top: float, bottom: float) -> str:
        chars = [c for c in page.chars if c["upright"] and left <= c["x0"]
                 and c["x1"] <= right + 0.5 and top < c["top"] < bottom]
        return re.sub(r"\s", "", "".join(
            c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))))

    return [(text(s0, s1, a, b), text(t0, t1, a, b))
            for a, b in zip(tops, tops[1:], strict=False)]


def table_pages(path: Path) -> list[tuple[int, list[tuple[str, str]]]]:
    """(page number, groups) of every page holding the table."""
    with pdfplumber.open(path) as pdf:
        found = [(page.page_number, groups(page)) for page in pdf.pages]
    return [(number, g) for number, g in found if g]


def unlabelled(pages: list[tuple[int, list[tuple[str, str]]]]) -> list[int]:
    """Pages whose first group under the header has no 序号: they start inside an item."""
    return [number for number, g in pages if len(g) > 1 and not g[1][0]]


@needs_soffice
@pytest.mark.parametrize("case", list(CASES))
def test_every_word_page_starts_with_the_header_and_its_item(
        built: dict[str, Path], rendered: dict[str, Path], case: str) -> None:
    word = table_pages(rendered[case])
    pdf = table_pages(built[case] / f"{CASES[case]}.pdf")
    assert len(word) >= (28 if case == "bulletin" else 80)
    continued = 0
    for number, g in word:
        assert g[0] == ("序号", "工作任务"), (number, g[0])  # the header row opens the page
        for seq, task in g[2:]:
            assert not task.endswith(CONTINUED), (number, seq, task)  # no （续） mid-page
        continued += g[1][1].endswith(CONTINUED) if len(g) > 1 else 0
    # a page starting inside an item names it (（续）); the PDF's own pages left unlabelled
    # (paginate.py: a task too long for either page) are the only exceptions, and Word's
    # are those very pages
    assert len(unlabelled(word)) <= len(unlabelled(pdf)) <= 1
    assert continued == sum(g[1][1].endswith(CONTINUED) for _, g in pdf if len(g) > 1)
    assert continued >= (20 if case == "bulletin" else 60)


@needs_soffice
@pytest.mark.parametrize("case", list(CASES))
def test_word_and_pdf_page_counts_agree(built: dict[str, Path], rendered: dict[str, Path],
                                        case: str) -> None:
    with pdfplumber.open(rendered[case]) as word, \
            pdfplumber.open(built[case] / f"{CASES[case]}.pdf") as pdf:
        assert abs(len(word.pages) - len(pdf.pages)) <= max(1, len(pdf.pages) // 10)
    # page by page: Word's table pages hold the PDF's (the same first item, the same （续）)
    word_pages = [g[1] for _, g in table_pages(rendered[case]) if len(g) > 1]
    pdf_pages = [g[1] for _, g in table_pages(built[case] / f"{CASES[case]}.pdf") if len(g) > 1]
    assert [seq for seq, _ in word_pages] == [seq for seq, _ in pdf_pages]


@pytest.mark.parametrize("case", list(CASES))
def test_each_pdf_page_of_the_table_is_a_word_table_on_a_new_page(
        built: dict[str, Path], case: str) -> None:
    document = docx.Document(str(built[case] / f"{CASES[case]}.docx"))
    body = document.element.body
    tables = body.findall(f"{W}tbl")
    pdf = table_pages(built[case] / f"{CASES[case]}.pdf")
    # one Word table per PDF page, less the PDF's pages left starting inside an item
    assert len(tables) == len(pdf) - len(unlabelled(pdf)) >= 2
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # header row repeated
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    for table in tables[1:]:
        before = table.getprevious()
        assert before.tag == f"{W}p" and before.find(f"{W}pPr/{W}pageBreakBefore") is not None
        # no merge group runs on from the table before: the first body row starts its groups
        first = table.findall(f"{W}tr")[1]
        merges = [tc.find(f"{W}tcPr/{W}vMerge") for tc in first.findall(f"{W}tc")]
        assert all(m is None or m.get(f"{W}val") == "restart" for m in merges)
