"""Documents made by other tools get sensible reports: LibreOffice's re-save of ours, and
python-docx's default document (US Letter, Calibri, theme fonts)."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from check_support import HAS_SOFFICE, rewrite, xml_edit
from lxml import etree

from reportgen.check import check_docx
from reportgen.profile import load_profile

PROFILE = load_profile("gbt9704")


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed: cannot re-save a .docx")
def test_our_bulletin_saved_again_by_libreoffice(sendable_bulletin: Path, tmp_path: Path) -> None:
    source = tmp_path / "in" / "bulletin.docx"
    source.parent.mkdir()
    shutil.copyfile(sendable_bulletin, source)
    program = shutil.which("soffice") or shutil.which("libreoffice")
    assert program
    subprocess.run([program, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"),
                    str(source)], check=True, capture_output=True, timeout=300)
    resaved = tmp_path / "out" / "bulletin.docx"
    report = check_docx(resaved, PROFILE, render=False)
    assert report.error is None
    by_rule = {r.rule: r for r in report.results}
    # LibreOffice writes its own styles and direct formatting; what we declared survives
    # LibreOffice rewrites the bottom margin of the last (版记) section; the others survive
    assert "第1节" not in by_rule["margins"].measured and "第2节" not in by_rule["margins"].measured
    for rule in ("paper", "grid_lines", "body_font", "body_size", "title_font",
                 "heading1_font", "page_number_field", "page_number_sides", "masthead_rule",
                 "doc_number", "attachment_label", "colophon"):
        assert by_rule[rule].status == "pass", (rule, by_rule[rule].measured)
    assert by_rule["body_font"].measured.startswith("仿宋_GB2312")


def test_python_docx_default_document(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Quarterly report", level=1)
    document.add_paragraph("各单位要高度重视，认真抓好落实，确保各项工作任务按时完成。" * 3)
    path = tmp_path / "默认.docx"
    document.save(str(path))
    report = check_docx(path, PROFILE, render=False)
    assert report.error is None
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["paper"].status == "fail"
    assert "215.9×279.4" in by_rule["paper"].measured and "A4" in by_rule["paper"].fix
    assert by_rule["margins"].status == "fail" and "上 3.7 厘米" in by_rule["margins"].fix
    assert by_rule["body_size"].status == "fail" and by_rule["body_size"].measured == "11 磅"
    # the East Asian font comes from the theme (宋体 for Simplified Chinese)
    assert by_rule["body_font"].status == "fail" and by_rule["body_font"].measured.startswith("宋体")
    assert by_rule["page_number_field"].status == "fail"
    assert by_rule["page_number_field"].measured == "页脚中没有页码域"
    assert by_rule["masthead_rule"].status == "na"


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed: no rendered layout")
def test_python_docx_default_document_rendered(tmp_path: Path) -> None:
    document = docx.Document()
    for _ in range(6):
        document.add_paragraph("各单位要高度重视，认真抓好落实，确保各项工作任务按时完成。" * 4)
    path = tmp_path / "默认.docx"
    document.save(str(path))
    report = check_docx(path, PROFILE)
    rendered = {r.rule: r for r in report.results if r.source == "rendered"}
    assert rendered["page_paper"].status == "fail" and "不是 A4" in rendered["page_paper"].measured
    assert rendered["page_numbers"].status == "fail"


def test_strict_open_xml_namespaces(sendable_bulletin: Path, tmp_path: Path) -> None:
    """Word's "Strict Open XML" save names the same elements in purl.oclc.org namespaces."""
    strict = {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main":
            "http://purl.oclc.org/ooxml/wordprocessingml/main",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
            "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }

    def to_strict(data: bytes) -> bytes:
        for old, new in strict.items():
            data = data.replace(old.encode(), new.encode())
        return data

    path = rewrite(sendable_bulletin, tmp_path / "strict.docx", {r".*\.xml(\.rels)?|.*\.rels": to_strict})
    assert b"purl.oclc.org" in zipfile.ZipFile(path).read("word/document.xml")
    report = check_docx(path, PROFILE, render=False)
    assert report.error is None and report.failed == []
    assert {r.rule for r in report.results if r.status == "pass"} >= {
        "paper", "margins", "body_font", "page_number_sides", "colophon"}


def _number_in_text_box(root: etree._Element) -> bool:
    """Move the footer's page-number paragraph into a VML text box anchored in an empty one."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = root.find(f"{{{w}}}p")
    assert paragraph is not None
    holder = etree.fromstring(
        f'<w:p xmlns:w="{w}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
        '<v:shape style="position:absolute;width:17pt;height:414pt;layout-flow:vertical">'
        "<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>")
    paragraph.addprevious(holder)
    holder.find(f".//{{{w}}}txbxContent").append(paragraph)
    return True


def test_page_numbers_in_text_boxes(sendable_bulletin: Path, tmp_path: Path) -> None:
    """Numbers set in a text box (as for turned numbers on landscape pages) are read there."""
    path = rewrite(sendable_bulletin, tmp_path / "box.docx",
                   {r"word/footer\d+\.xml": xml_edit(_number_in_text_box)})
    report = check_docx(path, PROFILE, render=False)
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["page_number_field"].status == "pass"
    sides = by_rule["page_number_sides"]
    assert sides.status == "pass" and "页码在文本框中" in sides.measured
