"""On the page: LibreOffice's PDF of the Word output measured against GB/T 9704 (when installed)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import load_script

from reportgen.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "gbt9704_check.py"

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice (soffice) is not installed: layout not measured"),
    pytest.mark.skipif(not CHECKER.is_file(), reason=f"{CHECKER} not found: layout not measured"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("layout")
    docs = []
    for example in ("zhanhe-2022-08", "sanmenxia-2021-05"):
        result = build(ROOT / "examples" / example / "config.yaml", out / example, ["docx"])
        docs.extend(result.outputs)
    preview = load_script(ROOT / "tools" / "docx_preview.py", "docx_preview")
    work = out / "work"
    work.mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(preview.fontconfig(work)), "HOME": str(work)}
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
                   + [str(d) for d in docs], check=True, env=env, capture_output=True,
                   timeout=300)
    return {d.stem: out / f"{d.stem}.pdf" for d in docs}


def checks(pdf: Path) -> dict[str, tuple[bool, str]]:
    """The checker's results on the portrait pages (it measures those; landscape pages carry
    their number turned with the page), less the unnumbered 版记 page at the end (GB/T 9704
    7.5), which test_docx checks on its own."""
    checker: Any = load_script(CHECKER, "gbt9704_check")
    pages = [p for p in checker.measure(str(pdf), 16.0) if p["height"] > p["width"]]
    while pages and pages[-1]["number"] is None:
        pages.pop()
    results = checker.check(pages, 16.0)
    return {name: (ok, detail) for name, ok, detail in results}


def test_bulletin_meets_gbt9704(pdfs: dict[str, Path]) -> None:
    results = checks(pdfs["督查通报第8期"])
    # A two-page bulletin has no inner portrait page whose lines could be counted.
    lines = results.pop("22 lines a page")
    assert lines[0] or "fewer than three" in lines[1]
    failed = {name: detail for name, (ok, detail) in results.items() if not ok}
    assert not failed
    assert {"page size", "left edge 28 mm", "28 characters a line", "right edge 26 mm",
            "page number position", "body font", "level-1 heading font"} <= set(results)


def test_long_report_meets_gbt9704(pdfs: dict[str, Path]) -> None:
    results = checks(pdfs["重点工作进展情况报告"])
    failed = {name: detail for name, (ok, detail) in results.items() if not ok}
    assert not failed
    assert results["22 lines a page"][0] and results["top margin 37 mm"][0]


def test_bulletin_colophon_on_an_even_page_at_the_foot(pdfs: dict[str, Path]) -> None:
    """LibreOffice's rendering: the body (its table) ends on an even page, so the Word file
    carries an explicit blank page before the 版记 (writers/colophon.py); LibreOffice's PDF
    export would leave out a blank page that Word inserts itself."""
    import re

    import pdfplumber

    mm = 72 / 25.4
    with pdfplumber.open(pdfs["督查通报第8期"]) as pdf:
        pages = pdf.pages
        last = pages[-1]
        assert len(pages) % 2 == 0 and last.height > last.width
        words = last.extract_words()
        assert "".join(w["text"] for w in words).endswith("2022年11月12日印发")
        assert not re.search(r"—\s*\d+\s*—", last.extract_text() or "")
        rules = [r["bottom"] for r in last.lines + last.rects]
        assert rules and abs(max(rules) - (297 - 35) * mm) < 28.95  # the type area's foot
        blank = pages[-2]
        assert blank.height > blank.width and not (blank.extract_text() or "").strip()
