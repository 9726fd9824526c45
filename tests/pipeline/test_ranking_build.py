"""The unit ranking inside a build: 红榜/黑榜 tables in the bulletin and a 单位排名 sheet."""
from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document as open_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from reportgen.pipeline import build

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08"


def _config(tmp_path: Path, ranking: str) -> Path:
    shutil.copy(EXAMPLE / "台账.yaml", tmp_path / "台账.yaml")
    text = (EXAMPLE / "config.yaml").read_text(encoding="utf-8")
    (tmp_path / "config.yaml").write_text(text.replace("publish:", ranking + "publish:"),
                                          encoding="utf-8")
    return tmp_path / "config.yaml"


def test_bulletin_lists_red_and_black_units_and_the_ledger_gains_a_ranking_sheet(
        tmp_path: Path) -> None:
    config = _config(tmp_path, "ranking:\n  in_bulletin: true\n  sheet: true\n"
                               "  top: 1\n  bottom: 3\n")
    outputs = {p.suffix: p for p in build(config, tmp_path / "out").outputs
               if "公开版" not in p.name}
    doc = open_docx(str(outputs[".docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert "（一）红榜" in texts and "（二）黑榜" in texts
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "名次"]
    assert len(tables) == 2
    rows = [[c.text for c in r.cells] for t in tables for r in t.rows[1:]]
    red = [r for r in rows if r[2] == "100"]
    assert len(red) == 11 and all(r[0] == "并列第1" for r in red)  # ties share the red list
    black = [r for r in rows if r[2] == "-100"]
    assert {r[1] for r in black} == {"区市场中心", "区机关事务服务中心", "区交通局"}
    assert all(r[0] == "并列第22" for r in black)
    pdf_text = "".join(page.extract_text() for page in PdfReader(outputs[".pdf"]).pages[:3])
    assert "红榜" in pdf_text and "区机关事务服务中心" in pdf_text
    sheet = load_workbook(outputs[".xlsx"])["单位排名"]
    assert sheet.cell(3, 1).value == "=RANK(I3,I$3:I$26)"
    assert [sheet.cell(r, 2).value for r in range(3, 27)][-3:] == ["区市场中心", "区机关事务服务中心",
                                                                   "区交通局"]


def test_ranking_is_off_by_default_and_red_only_when_bottom_is_zero(tmp_path: Path) -> None:
    plain = build(_config(tmp_path, ""), tmp_path / "a").outputs
    docx_path = next(p for p in plain if p.suffix == ".docx")
    assert not any("红榜" in p.text for p in open_docx(str(docx_path)).paragraphs)
    xlsx_path = next(p for p in plain if p.suffix == ".xlsx")
    assert "单位排名" not in load_workbook(xlsx_path).sheetnames
    red_only = build(_config(tmp_path, "ranking:\n  in_bulletin: true\n"), tmp_path / "b").outputs
    texts = [p.text for p in open_docx(str(next(p for p in red_only if p.suffix == ".docx")))
             .paragraphs]
    assert "（一）红榜" in texts and not any("黑榜" in t for t in texts)
