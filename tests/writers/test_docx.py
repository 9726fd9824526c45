"""The Word writer: read the .docx back with python-docx and check text, tables, fonts, pages."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from reportgen.analysis.stats import compute
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.document import Document
from reportgen.errors import TemplateError
from reportgen.model import Ledger
from reportgen.profile import load_profile
from reportgen.templating.render import render_document
from reportgen.writers.docx import write

PARAMS = {"issue_no": 8, "title": "关于2022年重点工作任务最新进展情况通报",
          "basis": "按照安排和要求，现将有关情况通报如下：", "as_of": "截至10月底",
          "requirements": ["四季度是定全年的收官季。"], "cc": "区委办公室"}


def render(ledger: Ledger, kind: str = "bulletin", **spec: object) -> Document:
    document = DocumentSpec(kind=kind, params=PARAMS if kind == "bulletin" else {}, **spec)
    config = ReportConfig(ledger=Path("台账.yaml"), office="测试区督查局",
                          date=dt.date(2022, 11, 12), documents=[document])
    return render_document(document, ledger, compute(ledger), config, load_profile())


def written(document: Document, out_dir: Path) -> WordDocument:
    path = out_dir / f"{document.name}.docx"
    write(document, path)
    return docx.Document(str(path))


@pytest.fixture
def bulletin(small_ledger: Ledger, out_dir: Path) -> WordDocument:
    return written(render(small_ledger), out_dir)


def texts(word: WordDocument) -> list[str]:
    return [p.text for p in word.paragraphs]


def test_bulletin_text(bulletin: WordDocument) -> None:
    paragraphs = texts(bulletin)
    assert paragraphs[:3] == ["督查通报", "第8期", "\t测试区督查局\t2022年11月12日"]
    assert "一、基本情况" in paragraphs
    sentence = next(p for p in paragraphs if p.startswith("2022年我区"))
    assert "重点推进的4大项共计6项工作任务，涉及4家主要责任单位。" in sentence
    assert ("截至10月底，积极推进事项2件，占比40%；进展“正常”事项1件，占比20%；"
            "进展“一般”事项1件，占比20%；进展“滞后”事项1件，占比20%。") in sentence
    assert sentence.endswith("区统计局等部门存在进展“滞后”事项。")
    assert "附件：测试区2022年重点工作任务推进情况台账" in paragraphs
    assert paragraphs.index("测试区督查局") < paragraphs.index("2022年11月12日")
    styles = {p.text: p.style.name for p in bulletin.paragraphs if p.style is not None}
    assert styles["一、基本情况"] == "一级标题"
    assert styles["关于2022年重点工作任务最新进展情况通报"] == "公文标题"
    assert styles[sentence] == "公文正文"
    assert styles["附件"] == "附件标识"


def test_table_rows_merges_and_header(small_ledger: Ledger, bulletin: WordDocument) -> None:
    table = bulletin.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == 1 + 6
    assert [c.text for c in table.rows[0].cells] == ["序号", "工作任务", "牵头单位", "责任人",
                                                    "进展情况", "完成情况"]
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    # the header row and short rows (tr.keep) never break across pages
    assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
    progress = [c.text for c in table.columns[4].cells][1:]
    expected = [row.progress or "暂未报送进展" for _, row in small_ledger.rows]
    assert progress == expected
    # item 2 spans three unit rows: its 序号 and 工作任务 cells are merged vertically
    merges = [[tc.tcPr.find(qn("w:vMerge")) for tc in r.tc_lst[:2]] for r in rows[2:5]]
    assert all(m is not None for row in merges for m in row)
    assert [m.get(qn("w:val")) for m in merges[0]] == ["restart", "restart"]
    assert [m.get(qn("w:val")) for row in merges[1:] for m in row] == [None] * 4
    assert rows[1].tc_lst[0].tcPr.find(qn("w:vMerge")) is None
    # official documents are black: no status colour unless the profile asks for it
    lagging = rows[5].tc_lst[5]
    assert lagging.xpath(".//w:color/@w:val") == []


def test_sections_margins_and_grid(bulletin: WordDocument) -> None:
    portrait, landscape, colophon = bulletin.sections
    assert mm(portrait.page_width, portrait.page_height) == [210, 297]
    assert mm(portrait.top_margin, portrait.bottom_margin, portrait.left_margin,
              portrait.right_margin) == [37, 35, 28, 26]
    assert landscape.orientation == 1
    assert mm(landscape.page_width, landscape.page_height) == [297, 210]
    grid = portrait._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    # the landscape pages start after the portrait body, on their own page
    assert "测试区2022年重点工作任务推进情况台账" in [p.text for p in bulletin.paragraphs[-5:]]


def test_landscape_number_is_a_turned_text_box_on_the_left_edge(bulletin: WordDocument) -> None:
    landscape = bulletin.sections[1]
    for footer, align in ((landscape.footer, "right"), (landscape.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        assert 'vert="vert"' in xml and 'relativeFrom="page"' in xml
        assert "PAGE" in xml and f'w:val="{align}"' in xml
        # x: 35 mm margin (the portrait foot), 7 mm off the type area, less the box (one 4号 character and 1 mm)
        offset = int(re.search(r"<wp:posOffset>(\d+)</wp:posOffset>", xml).group(1))
        assert abs(offset / 36000 - (35 - 7 - 14 * 25.4 / 72 - 1)) < 0.1
    # the portrait pages keep their ordinary footers
    assert 'vert="vert"' not in bulletin.sections[0].footer._element.xml


def test_colophon_ends_the_bulletin_on_an_even_page(bulletin: WordDocument) -> None:
    colophon = bulletin.sections[-1]
    assert colophon.start_type == WD_SECTION.EVEN_PAGE
    assert mm(colophon.page_width, colophon.page_height) == [210, 297]
    # no page number on the 版记 page (nor on a blank page Word puts before it)
    assert all(not f.paragraphs[0].text for f in (colophon.footer, colophon.even_page_footer))
    cc, issued = bulletin.paragraphs[-2:]
    assert cc.text == "抄送：区委办公室"
    assert issued.text == "\t测试区督查局\t2022年11月12日印发"
    assert issued.style.name == cc.style.name == "版记"
    # thick rules (0.35 mm = 8 eighths of a point) first and last, thin (0.25 mm) between
    assert [b.get(qn("w:sz")) for b in cc._p.pPr.find(qn("w:pBdr"))] == ["8", "6"]
    assert [b.get(qn("w:sz")) for b in issued._p.pPr.find(qn("w:pBdr"))] == ["8"]
    # pushed to the foot of the type area: 225 mm less two lines and the rules
    before = int(cc._p.pPr.find(qn("w:spacing")).get(qn("w:before"))) / 20
    assert 560 < before < 590


def mm(*lengths: Length | None) -> list[float]:
    return [round(length.mm, 1) if length is not None else -1.0 for length in lengths]


def style_fonts(word: WordDocument, name: str) -> tuple[str | None, str | None]:
    fonts = word.styles[name].element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))


def test_styles_name_the_official_fonts(bulletin: WordDocument) -> None:
    assert style_fonts(bulletin, "公文正文") == ("仿宋_GB2312", "Times New Roman")
    assert style_fonts(bulletin, "一级标题")[0] == "黑体"
    assert style_fonts(bulletin, "二级标题")[0] == "楷体_GB2312"
    assert style_fonts(bulletin, "公文标题")[0] == "方正小标宋简体"
    assert style_fonts(bulletin, "表格正文")[0] == "仿宋_GB2312"
    assert style_fonts(bulletin, "页码")[0] == "宋体"
    body = bulletin.styles["公文正文"]
    assert body.font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert bulletin.styles["公文标题"].font.size == Pt(22)
    xml = bulletin.styles.element.xml
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)[Tt]heme=", xml)
    # run properties carry no fonts: they come from the styles
    assert not bulletin.element.body.xpath(".//w:r/w:rPr/w:rFonts")


def test_page_number_footers(bulletin: WordDocument) -> None:
    assert bulletin.settings.odd_and_even_pages_header_footer
    section = bulletin.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and even.text == "— 1 —"
    assert " PAGE " in odd._p.xpath("string(.//w:instrText)")
    assert odd._p.xpath("string(.//w:jc/@w:val)") == "right"
    assert even._p.xpath("string(.//w:jc/@w:val)") == "left"
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.paragraph_format.left_indent == Pt(14)
    assert odd.style is not None and odd.style.name == "页码"


def test_red_rule_under_masthead(bulletin: WordDocument) -> None:
    office = bulletin.paragraphs[2]._p
    assert office.xpath("string(.//w:pBdr/w:bottom/@w:color)") == "FF0000"


def test_attachment_is_landscape_only(small_ledger: Ledger, out_dir: Path) -> None:
    word = written(render(small_ledger, "attachment"), out_dir)
    assert len(word.sections) == 1
    section = word.sections[0]
    assert mm(section.page_width) == [297] and section.orientation == 1
    assert texts(word)[:2] == ["附件", "测试区2022年重点工作任务推进情况台账"]
    assert [c.text for c in word.tables[0].rows[0].cells] == ["序号", "事项名称", "责任单位",
                                                              "各项工作进展情况"]


@pytest.mark.parametrize("kind", ["progress_report", "summary"])
def test_other_kinds(small_ledger: Ledger, out_dir: Path, kind: str) -> None:
    word = written(render(small_ledger, kind), out_dir)
    paragraphs = texts(word)
    assert "一、加快构建现代产业体系" in paragraphs
    assert "录入项目库。" in " ".join(paragraphs)
    assert any("暂未报送进展" in p for p in paragraphs)


@pytest.mark.parametrize(("html", "element"), [
    ('<section class="portrait"><blockquote>x</blockquote></section>', "<blockquote>"),
    ('<section class="portrait"><p class="lead">x</p></section>', '<p class="lead">'),
    ('<section class="portrait"><p>a<em>b</em></p></section>', "<em>"),
    ('<section class="sideways"><p>x</p></section>', '<section class="sideways">'),
    ('<section class="blank"><p>x</p></section>', '<section class="blank">'),
    ('<section class="portrait"><table class="ledger"><tbody><tr><td class="x">1</td></tr>'
     "</tbody></table></section>", '<td class="x">'),
])
def test_unknown_element_is_an_error(small_ledger: Ledger, out_dir: Path, html: str,
                                     element: str) -> None:
    document = render(small_ledger)
    document.html = f"<html><body>{html}</body></html>"
    path = out_dir / "x.docx"
    with pytest.raises(TemplateError) as info:
        write(document, path)
    assert element in str(info.value)
    assert not path.exists()


def test_user_profile_changes_the_word_styles(small_ledger: Ledger, tmp_path: Path,
                                              out_dir: Path) -> None:
    builtin = load_profile()
    roles = {**builtin.roles, "body": builtin.roles["body"].model_copy(update={"font": "宋体"})}
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "gbt9704.yaml").write_text(
        yaml.safe_dump(builtin.model_copy(update={"roles": roles}).model_dump(),
                       allow_unicode=True), encoding="utf-8")
    document = render(small_ledger)
    document.profile = load_profile("gbt9704", [tmp_path])
    word = written(document, out_dir)
    assert style_fonts(word, "公文正文")[0] == "宋体"
    assert style_fonts(word, "一级标题")[0] == "黑体"
