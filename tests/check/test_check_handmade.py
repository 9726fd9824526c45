"""A 公文 made by hand the way WPS users make it: direct formatting on every run, a character
grid instead of condensed spacing, a drawn red rule. The check reads it as well as ours."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from check_support import HAS_SOFFICE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reportgen.check import check_docx
from reportgen.profile import load_profile

PROFILE = load_profile("gbt9704")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _run(paragraph: docx.text.paragraph.Paragraph, text: str, font: str, size: float,
         color: str | None = None) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    rpr = run._r.get_or_add_rPr()
    rpr.rFonts.set(qn("w:eastAsia"), font)
    rpr.rFonts.set(qn("w:hint"), "eastAsia")
    if color:
        rpr.append(parse_xml(f'<w:color {W_NS} w:val="{color}"/>'))


def _paragraph(document: docx.document.Document, text: str, font: str, size: float, *,
               align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False,
               color: str | None = None) -> docx.text.paragraph.Paragraph:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    _run(paragraph, text, font, size, color)
    return paragraph


def handmade(path: Path, *, brackets: str = "〔〕", body_font: str = "仿宋_GB2312") -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(22)  # the number's top 7 mm under the type area
    grid = section._sectPr.find(qn("w:docGrid"))
    # 页面设置 › 文档网格: 每页 22 行, 每行 28 字 on a 三号 Normal style, as WPS writes it
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), str(round((442.2 / 28 - 16) * 4096)))
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _paragraph(document, "某某县人民政府办公室文件", "方正小标宋简体", 36,
                      align=WD_ALIGN_PARAGRAPH.CENTER, color="FF0000")
    number = _paragraph(document, f"某政办{brackets[0]}2023{brackets[1]}5号", "仿宋_GB2312", 16,
                        align=WD_ALIGN_PARAGRAPH.CENTER)
    number._p.append(parse_xml(  # the red rule drawn as a VML line, as WPS does
        f'<w:r {W_NS}><w:pict><v:line {V_NS} from="0,0" to="442pt,0" strokecolor="#FF0000" '
        'strokeweight="1.5pt"/></w:pict></w:r>'))
    _paragraph(document, "关于做好年度重点工作督查的通知", "方正小标宋简体", 22,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        _paragraph(document, "各乡镇人民政府，县政府各部门：为推动年度重点工作落实，现就有关事项通知如下，"
                   "请结合实际认真贯彻执行，确保各项任务按期完成。", body_font, 16, indent=True)
    _paragraph(document, "一、工作目标", "黑体", 16, indent=True)
    _paragraph(document, "（一）明确责任分工", "楷体_GB2312", 16, indent=True)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.paragraph_format.right_indent = Pt(14)
    footer._p.append(parse_xml(f'<w:r {W_NS}><w:rPr><w:sz w:val="28"/></w:rPr>'
                               '<w:t xml:space="preserve">— </w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr=" PAGE "><w:r><w:rPr>'
                               '<w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(f'<w:r {W_NS}><w:rPr><w:sz w:val="28"/></w:rPr>'
                               '<w:t xml:space="preserve"> —</w:t></w:r>'))
    document.settings.odd_and_even_pages_header_footer = True
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    for child in list(footer._p):
        if child.tag != qn("w:pPr"):
            even._p.append(parse_xml(docx.oxml.xmlchemy.serialize_for_reading(child)))
    document.save(str(path))
    return path


def test_the_page_number_position_is_checked_in_the_settings(tmp_path: Path) -> None:
    path = handmade(tmp_path / "手工.docx")
    document = docx.Document(str(path))
    document.sections[0].footer_distance = Mm(12.7)  # Word's default
    document.save(str(path))
    report = check_docx(path, PROFILE, render=False)
    sides = next(r for r in report.results if r.rule == "page_number_sides")
    assert sides.status == "fail" and "页码上沿在版心下 15.9 mm" in sides.measured
    assert "页脚距边界约 2.1 厘米" in sides.fix


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed: no rendered layout")
def test_a_handmade_document_laid_out(tmp_path: Path) -> None:
    report = check_docx(handmade(tmp_path / "手工.docx"), PROFILE)
    rendered = {r.rule: r for r in report.results if r.source == "rendered"}
    assert rendered["page_lines"].status == "pass", rendered["page_lines"].measured
    assert rendered["page_number_position"].status == "pass"
    assert rendered["page_margins"].status == "pass"
    # LibreOffice gives a 16 pt character two cells of a 15.8 pt character grid; Word and WPS
    # squeeze it into one. Its count is a reminder (or, short of full lines, not judged).
    assert rendered["page_chars"].status in ("pass", "warn", "na")


def _by_rule(path: Path) -> dict[str, str]:
    report = check_docx(path, PROFILE, render=False)
    assert report.error is None
    return {r.rule: r.status for r in report.results}


def test_a_handmade_document_passes(tmp_path: Path) -> None:
    status = _by_rule(handmade(tmp_path / "手工.docx"))
    for rule in ("paper", "margins", "grid_lines", "grid_chars", "body_font", "body_size",
                 "title_font", "title_size", "heading1_font", "heading2_font", "heading_size",
                 "page_number_field", "page_number_sides", "masthead_rule", "doc_number"):
        assert status[rule] == "pass", rule
    assert status["colophon"] == "fail"  # a 版头 without a 版记: GB/T 9704 wants one


def test_a_handmade_document_with_defects(tmp_path: Path) -> None:
    status = _by_rule(handmade(tmp_path / "手工.docx", brackets="()", body_font="宋体"))
    assert status["doc_number"] == "fail" and status["body_font"] == "fail"
    assert status["heading1_font"] == "pass" and status["margins"] == "pass"


def test_a_colophon_laid_out_as_a_table(tmp_path: Path) -> None:
    """WPS templates often set the 版记 in a two-row table whose borders are the rules."""
    path = handmade(tmp_path / "手工.docx")
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=1)
    table.style = document.styles["Table Grid"]
    table.cell(0, 0).text = "抄送：县委办公室，县人大常委会办公室。"
    table.cell(1, 0).text = "某某县人民政府办公室　　　　2023年3月1日印发"
    document.save(str(path))
    report = check_docx(path, PROFILE, render=False)
    colophon = next(r for r in report.results if r.rule == "colophon")
    assert colophon.status == "warn" and "表格" in colophon.measured
