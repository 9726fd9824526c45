"""The 版记's place (GB/T 9704 7.4, 7.5), measured on built PDFs and Word files (writers/colophon.py).

The three-city summary (seed 003) is given a 版记 and a longer opening paragraph, so that its
body ends on an even page with room (版记 at its foot, page numbered), on an even page without
room (a blank page and the 版记 page, neither numbered), or on an odd page (the 版记 on the next
page, unnumbered; at the foot of the odd page when printing single-sided).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml
from support import load_script

from reportgen import pipeline

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / "examples" / "sanmenxia-2021-05"
MM = 72 / 25.4
PITCH = 28.95
AREA_BOTTOM = (297 - 35) * MM  # the type area's bottom edge, points from the page top
NUMBER = re.compile(r"—\s*(\d+)\s*—")
CC = "市委办公室，市人大常委会办公室，市政协办公室。"
ISSUED = "三门峡市政府督查室2021年5月13日印发"
# sentences added to the opening paragraph -> (body pages, where the 版记 goes)
CASES = {0: (8, "foot"), 20: (8, "page"), 30: (9, "page")}


def make_config(folder: Path, extra: int, double_sided: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SUMMARY / "台账.yaml", folder / "台账.yaml")
    config = yaml.safe_load((SUMMARY / "config.yaml").read_text(encoding="utf-8"))
    config["colophon"] = {"cc": CC}
    config["documents"][0]["params"]["basis"] += "各项工作任务正在按时序进度推进。" * extra
    if not double_sided:
        profile = yaml.safe_load((ROOT / "configs" / "profiles" / "gbt9704.yaml")
                                 .read_text(encoding="utf-8"))
        profile["double_sided"] = False
        (folder / "single.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True),
                                            encoding="utf-8")
        config["profile"] = str(folder / "single.yaml")
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case built as PDF and Word: name -> output folder."""
    root = tmp_path_factory.mktemp("colophon")
    out: dict[str, Path] = {}
    for extra in CASES:
        config = make_config(root / f"c{extra}", extra)
        pipeline.build(config, root / f"c{extra}" / "out", ["pdf", "docx"])
        out[f"c{extra}"] = root / f"c{extra}" / "out"
    config = make_config(root / "single", 30, double_sided=False)
    pipeline.build(config, root / "single" / "out", ["pdf", "docx"])
    out["single"] = root / "single" / "out"
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_of(path: Path) -> list[dict[str, object]]:
    """Per page: its text without the page number, its number, and the 版记's lowest rule."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            number = NUMBER.search(text)
            words = [w for w in page.extract_words() if "印发" in w["text"]]
            rule = None
            if words and "抄送" in text:
                rules = [r["bottom"] for r in page.lines + page.rects
                         if r["bottom"] > words[-1]["top"] - 2]
                rule = max(rules, default=None)
            out.append({"text": squash(NUMBER.sub("", text)),
                        "number": int(number.group(1)) if number else None, "rule": rule})
    return out


def assert_colophon_last(pages: list[dict[str, object]], body_pages: int, where: str,
                         double_sided: bool = True) -> None:
    last = pages[-1]
    text = str(last["text"])
    assert text.endswith("抄送：" + CC + ISSUED), text[-80:]
    # its last rule on the bottom edge of the type area (within a line)
    assert last["rule"] is not None and abs(float(str(last["rule"])) - AREA_BOTTOM) < PITCH
    if double_sided:
        assert len(pages) % 2 == 0
    numbers = [p["number"] for p in pages]
    if where == "foot":
        # on the body's last page, which keeps its number
        assert len(pages) == body_pages and last["number"] == body_pages
        assert len(text) > len("抄送：" + CC + ISSUED)
        assert numbers == list(range(1, body_pages + 1))
    else:
        # a page of its own after the body, a blank page before it if needed: neither numbered
        assert text == "抄送：" + CC + ISSUED
        assert numbers == [*range(1, body_pages + 1), *[None] * (len(pages) - body_pages)]
        assert all(not p["text"] for p in pages[body_pages:-1])
        assert len(pages) == body_pages + (1 if body_pages % 2 or not double_sided else 2)


@pytest.mark.parametrize("extra", list(CASES))
def test_pdf_colophon_place(built: dict[str, Path], extra: int) -> None:
    body_pages, where = CASES[extra]
    pages = pages_of(built[f"c{extra}"] / "重点工作进展情况报告.pdf")
    assert_colophon_last(pages, body_pages, where)


def test_single_sided_keeps_the_colophon_on_an_odd_last_page(built: dict[str, Path]) -> None:
    pages = pages_of(built["single"] / "重点工作进展情况报告.pdf")
    assert len(pages) == 9
    assert_colophon_last(pages, 9, "foot", double_sided=False)


def word_sections(path: Path) -> list[str]:
    """The start type of each Word section."""
    qn = docx.oxml.ns.qn
    body = docx.Document(str(path)).element.body
    types = [s.find(qn("w:type")) for s in body.iter(qn("w:sectPr"))]
    return [t.get(qn("w:val")) if t is not None else "nextPage" for t in types]


def test_word_follows_the_same_placement(built: dict[str, Path]) -> None:
    ns = docx.oxml.ns.qn
    # foot: the 版记 in the body's section, a frame at the foot of the type area
    foot = docx.Document(str(built["c0"] / "重点工作进展情况报告.docx"))
    assert len(foot.sections) == 1
    framed = [p for p in foot.paragraphs if p._p.find(f"{ns('w:pPr')}/{ns('w:framePr')}")
              is not None]
    assert [squash(p.text) for p in framed] == ["抄送：" + CC, ISSUED]
    frames = [p._p.find(f"{ns('w:pPr')}/{ns('w:framePr')}") for p in framed]
    assert all(f.get(ns("w:vAnchor")) == "margin" for f in frames)
    # one frame a line, the last line's foot on the type area's foot (637.8 pt high)
    tops = [int(f.get(ns("w:y"))) / 20 for f in frames]
    assert tops[0] < tops[1] and 637.8 - 2 * PITCH - 12 < tops[0] < 637.8 - 2 * PITCH
    # an even page without room: an explicit blank page (odd) before the 版记 (even)
    types = word_sections(built["c20"] / "重点工作进展情况报告.docx")
    assert types == ["nextPage", "oddPage", "evenPage"]
    # an odd last page: the 版记 section on the next even page, no blank section
    types = word_sections(built["c30"] / "重点工作进展情况报告.docx")
    assert types == ["nextPage", "evenPage"]
    # single-sided: on the odd last page, in the body's section
    assert len(docx.Document(str(built["single"] / "重点工作进展情况报告.docx")).sections) == 1


def lo_pdf(source: Path, out: Path) -> Path:
    """LibreOffice's rendering of a Word file, with the project's font aliases."""
    import os

    preview = load_script(ROOT / "tools" / "docx_preview.py", "docx_preview")
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(preview.fontconfig(work)), "HOME": str(work)}
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(source)], check=True, env=env, capture_output=True, timeout=300)
    return out / f"{source.stem}.pdf"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: its rendering not measured")
def test_libreoffice_renders_the_colophon_on_an_even_page(built: dict[str, Path],
                                                          tmp_path: Path) -> None:
    # the body ends on an odd page in the PDF as in LibreOffice: the 版记 on the next, even page
    pages = pages_of(lo_pdf(built["c30"] / "重点工作进展情况报告.docx", tmp_path / "c30"))
    body = max(i for i, p in enumerate(pages, 1) if p["number"] is not None)
    assert_colophon_last(pages, body, "page")
    # an even last page without room in the PDF: a blank page and the 版记 page, neither
    # numbered; LibreOffice lays this body out on 9 pages where the PDF has 8, so its parity
    # is not asserted here (docs/layout-check.md)
    pages = pages_of(lo_pdf(built["c20"] / "重点工作进展情况报告.docx", tmp_path / "c20"))
    body = max(i for i, p in enumerate(pages, 1) if p["number"] is not None)
    assert pages[-1]["text"] == "抄送：" + CC + ISSUED and pages[-1]["rule"] is not None
    assert abs(float(str(pages[-1]["rule"])) - AREA_BOTTOM) < PITCH
    assert len(pages) - body <= 2 and all(p["number"] is None for p in pages[body:])
    assert all(not p["text"] for p in pages[body:-1])
    # foot: at the foot of the body's last page, which keeps its number
    pages = pages_of(lo_pdf(built["c0"] / "重点工作进展情况报告.docx", tmp_path / "c0"))
    assert_colophon_last(pages, len(pages), "foot")


CHECKER = ROOT.parent / "shared" / "tools" / "gbt9704_check.py"


@pytest.mark.skipif(not CHECKER.is_file(), reason=f"GB/T 9704 检查工具不在 {CHECKER}（../shared 缺失）")
def test_numbered_colophon_page_passes_the_checker(built: dict[str, Path]) -> None:
    """The 版记 at the foot of a numbered body page: every page passes, numbers included."""
    import json
    import sys

    result = subprocess.run([sys.executable, str(CHECKER),
                             str(built["c0"] / "重点工作进展情况报告.pdf"), "--json"],
                            capture_output=True, text=True, check=False)
    checks = {c["check"]: c for c in json.loads(result.stdout)}
    assert not [c for c in checks.values() if not c["ok"]]
    assert {"page numbers present", "bottom of type area", "22 lines a page"} <= set(checks)
