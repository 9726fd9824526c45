"""One defect each, made by mutating our own bulletin's .docx: exactly its rule fails, with the fix.

The base is a bulletin built by the pipeline, with its 版记 (see ``sendable_bulletin``); it
passes every rule. Each defect names the concerns that must fail — the rule on the .docx as
declared and, when LibreOffice is installed, the same requirement measured on its layout.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from check_support import HAS_SOFFICE, NS, W, replace, rewrite, set_attr, style, xml_edit
from lxml import etree

from reportgen.check import check_docx
from reportgen.profile import load_profile

PROFILE = load_profile("gbt9704")


def _body_size(root: etree._Element) -> bool:
    rpr = style(root, "RgBody").find("w:rPr", NS)
    assert rpr is not None
    return set_attr(rpr.find("w:sz", NS), "val", "24") and set_attr(rpr.find("w:szCs", NS),
                                                                       "val", "24")


def _body_song(root: etree._Element) -> bool:
    fonts = style(root, "RgBody").find("w:rPr/w:rFonts", NS)
    return set_attr(fonts, "eastAsia", "宋体")


def _numbers_right(root: etree._Element) -> bool:
    jc = root.find(".//w:pPr/w:jc", NS)
    if jc is None or jc.get(f"{{{W}}}val") != "left":
        return False
    jc.set(f"{{{W}}}val", "right")
    ind = root.find(".//w:pPr/w:ind", NS)
    assert ind is not None
    ind.attrib.clear()
    return set_attr(ind, "rightChars", "100") and set_attr(ind, "right", "280")


def _colophon_rule(root: etree._Element) -> bool:
    last = [p for p in root.iter(f"{{{W}}}p") if "印发" in "".join(p.itertext())][-1]
    borders = last.find("w:pPr/w:pBdr", NS)
    assert borders is not None
    borders.getparent().remove(borders)
    return True


Edits = dict[str, Callable[[bytes], bytes]]
DEFECTS: dict[str, tuple[Edits, set[str], set[str], str]] = {
    # name: (edits, concerns failing on the .docx, concerns failing on its layout, fix text)
    "top_margin_25mm": ({"word/document.xml": replace('w:top="2098"', 'w:top="1440"')},
                        {"margins"}, {"margins"}, "布局 › 页边距 › 自定义页边距：上 3.7 厘米"),
    "body_xiaosi": ({"word/styles.xml": xml_edit(_body_size)}, {"body_size"}, {"body_size"},
                    "开始 › 字号 › 三号（16 磅）"),
    "body_song": ({"word/styles.xml": xml_edit(_body_song)}, {"body_font"}, set(),
                  "中文字体 › 仿宋_GB2312"),
    "numbers_all_right": ({r"word/footer\d+\.xml": xml_edit(_numbers_right)},
                          {"page_number_sides"}, {"page_number_sides"}, "奇偶页不同"),
    "lines_21": ({"word/styles.xml": replace('w:line="579"', 'w:line="607"'),
                  "word/document.xml": replace('w:linePitch="579"', 'w:linePitch="607"')},
                 {"lines"}, {"lines"}, "每页 22 行"),
    "colophon_rule_missing": ({"word/document.xml": xml_edit(_colophon_rule)}, {"colophon"},
                              set(), "首条和末条 0.35 mm"),
    "doc_number_square": ({"word/document.xml": replace("平湛办〔2022〕6号", "平湛办[2022]6号")},
                          {"doc_number"}, set(), "〔2022〕"),
}


def test_the_base_passes_every_rule(sendable_bulletin: Path) -> None:
    report = check_docx(sendable_bulletin, PROFILE, render=HAS_SOFFICE)
    assert report.error is None
    assert [(r.rule, r.measured) for r in report.failed] == []
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["colophon"].status == "pass"
    assert by_rule["doc_number"].status == "pass"
    if HAS_SOFFICE:
        assert by_rule["page_lines"].status == "pass"


@pytest.mark.parametrize("name", list(DEFECTS))
def test_one_defect_fails_exactly_its_rule(name: str, sendable_bulletin: Path,
                                           tmp_path: Path) -> None:
    edits, declared, rendered, fix = DEFECTS[name]
    document = rewrite(sendable_bulletin, tmp_path / f"{name}.docx", edits)
    report = check_docx(document, PROFILE, render=HAS_SOFFICE)
    assert report.error is None
    failing = {(r.source, r.concern) for r in report.failed}
    expected = {("docx", c) for c in declared}
    if HAS_SOFFICE:
        expected |= {("rendered", c) for c in rendered}
    assert failing == expected, [(r.rule, r.measured) for r in report.failed]
    structural = [r for r in report.failed if r.source == "docx"]
    assert any(fix in r.fix for r in structural), [r.fix for r in structural]
    assert all(r.fix and r.measured for r in report.failed)


def test_top_margin_message_names_figures_and_menu(sendable_bulletin: Path, tmp_path: Path) -> None:
    edits = DEFECTS["top_margin_25mm"][0]
    report = check_docx(rewrite(sendable_bulletin, tmp_path / "top.docx", edits), PROFILE,
                        render=False)
    margins = next(r for r in report.results if r.rule == "margins")
    assert margins.measured.startswith("第1节上 37 mm，实测 25.4 mm")
    assert margins.fix.startswith("布局 › 页边距 › 自定义页边距：上 3.7 厘米")


def test_xiaosi_body_leaves_characters_per_line_unjudged(sendable_bulletin: Path,
                                                        tmp_path: Path) -> None:
    edits = DEFECTS["body_xiaosi"][0]
    report = check_docx(rewrite(sendable_bulletin, tmp_path / "xs.docx", edits), PROFILE,
                        render=False)
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["body_size"].measured == "小四（12 磅）"
    assert by_rule["grid_chars"].status == "na"
    assert by_rule["grid_chars"].measured.endswith("（取决于正文字号，先改正后再判断）")


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed: no rendered layout")
def test_21_lines_measured_on_the_layout(sendable_bulletin: Path, tmp_path: Path) -> None:
    edits = DEFECTS["lines_21"][0]
    report = check_docx(rewrite(sendable_bulletin, tmp_path / "l21.docx", edits), PROFILE)
    lines = next(r for r in report.results if r.rule == "page_lines")
    assert lines.status == "fail" and "版心排 21 行" in lines.measured


def _typed_number(root: etree._Element) -> bool:
    runs = [r for r in root.iter(f"{{{W}}}r")
            if r.find("w:fldChar", NS) is not None or r.find("w:instrText", NS) is not None]
    for run in runs:
        run.getparent().remove(run)
    return bool(runs)


def test_a_typed_page_number_instead_of_a_field(sendable_bulletin: Path, tmp_path: Path) -> None:
    document = rewrite(sendable_bulletin, tmp_path / "typed.docx",
                       {r"word/footer\d+\.xml": xml_edit(_typed_number)})
    report = check_docx(document, PROFILE, render=HAS_SOFFICE)
    by_rule = {(r.source, r.rule): r for r in report.results}
    assert by_rule[("docx", "page_number_field")].measured == "页脚中没有页码域"
    if HAS_SOFFICE:
        numbers = by_rule[("rendered", "page_numbers")]
        assert numbers.status == "fail" and "页码不递增：第2页为 1" in numbers.measured


def test_a_landscape_margin_too_narrow(sendable_bulletin: Path, tmp_path: Path) -> None:
    """The table section's left margin (35 mm, as 1984 twips) narrowed: declared and measured."""
    edits = {"word/document.xml": replace('w:left="1984"', 'w:left="1000"')}
    report = check_docx(rewrite(sendable_bulletin, tmp_path / "wide.docx", edits), PROFILE,
                        render=HAS_SOFFICE)
    failing = {(r.source, r.rule) for r in report.failed}
    expected = {("docx", "margins")} | ({("rendered", "page_type_area")} if HAS_SOFFICE else set())
    assert failing == expected, [(r.rule, r.measured) for r in report.failed]
    margins = next(r for r in report.failed if r.rule == "margins")
    assert margins.measured == "第2节左 35 mm，实测 17.6 mm" and "左 3.5 厘米" in margins.fix


def _pasted_song(root: etree._Element) -> bool:
    """One body paragraph pasted from elsewhere: 宋体 as direct formatting on its runs."""
    body = [p for p in root.iter(f"{{{W}}}p")
            if (s := p.find("w:pPr/w:pStyle", NS)) is not None and s.get(f"{{{W}}}val") == "RgBody"]
    for run in body[-1].iter(f"{{{W}}}r"):
        run.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:rFonts w:eastAsia="宋体"/></w:rPr>'))
    return True


def test_a_pasted_paragraph_in_another_font_is_a_reminder(sendable_bulletin: Path,
                                                          tmp_path: Path) -> None:
    document = rewrite(sendable_bulletin, tmp_path / "pasted.docx",
                       {"word/document.xml": xml_edit(_pasted_song)})
    report = check_docx(document, PROFILE, render=False)
    body = next(r for r in report.results if r.rule == "body_font")
    assert body.status == "warn"
    assert body.measured.startswith("仿宋_GB2312") and "字为 宋体" in body.measured
    assert "中文字体 › 仿宋_GB2312" in body.fix
