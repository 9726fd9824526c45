"""Stage one for Word: what a paragraph's text is, and how merged cells become a grid."""
from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.loaders.blocks import Grid, Para
from reportgen.loaders.docx_blocks import read_docx_blocks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def docx_of(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "文档.docx"
    xml = f'<w:document xmlns:w="{W}" xmlns:mc="{MC}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return path


def test_paragraph_text_skips_deletions_field_codes_and_text_boxes(tmp_path: Path) -> None:
    body = (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r>"
        "<w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:t>备用</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:br/><w:t>第二行</w:t></w:r></w:p>"
        "<w:p/>"
    )
    blocks = read_docx_blocks(docx_of(tmp_path, body)).blocks
    assert blocks == [Para("标题", "第1段", centred=True),
                      Para("保留插入3", "第2段第1行"), Para("第二行", "第2段第2行")]


def test_grid_resolves_spans_vertical_merges_and_grid_before(tmp_path: Path) -> None:
    def tc(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    span, red = '<w:gridSpan w:val="2"/>', '<w:shd w:val="clear" w:fill="FF0000"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{tc('甲', restart)}{tc('乙丙', span)}</w:tr>"
        f"<w:tr>{tc('', cont)}{tc('乙2')}{tc('丙2', red)}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{tc("乙3")}</w:tr>'
        "</w:tbl>"
    )
    grid = read_docx_blocks(docx_of(tmp_path, body)).blocks[0]
    assert isinstance(grid, Grid)
    texts = [[(c.text, c.covered) for c in row] for row in grid.rows]
    assert texts == [
        [("甲", None), ("乙丙", None), ("", (0, 1))],
        [("", (0, 0)), ("乙2", None), ("丙2", None)],
        [("", None), ("乙3", None), ("", None)],
    ]
    assert grid.rows[1][2].fill == "FF0000"
    assert grid.position(1, 2) == "表格1第2行第3列"
