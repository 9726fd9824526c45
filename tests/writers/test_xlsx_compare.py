"""The xlsx 对比 sheet (a column per period, formulas) and the 预警 column, reopened with openpyxl."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from reportgen.analysis.compare import Comparison, compare
from reportgen.analysis.deadlines import lights
from reportgen.config import load_config
from reportgen.loaders import load_ledger
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline.compare import read_matches
from reportgen.writers.xlsx import COMPARE_SHEET, LEDGER_SHEET, write_ledger

ROOT = Path(__file__).resolve().parents[2]
HISTORY = ROOT / "examples" / "zhanhe-2022-08" / "history"


@pytest.fixture(scope="module")
def three() -> tuple[Ledger, Comparison]:
    aliases = load_config(HISTORY / "config.yaml").unit_aliases
    first, second, third = (load_ledger(p, aliases=aliases).ledger for p in (
        HISTORY / "2022年6-7月.yaml", HISTORY.parent / "台账.yaml", HISTORY / "2022年11月.yaml"))
    return third, compare(third, second, history=[first],
                          decisions=read_matches(HISTORY / "matches.yaml"))


def rows_of(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_compare_sheet_has_a_column_per_period_and_formulas(
        three: tuple[Ledger, Comparison], out_dir: Path) -> None:
    ledger, comparison = three
    path = out_dir / "对比.xlsx"
    write_ledger(ledger, path, comparison=comparison)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [LEDGER_SHEET, "统计", COMPARE_SHEET]
    ws = book[COMPARE_SHEET]
    rows = rows_of(ws)
    assert rows[0][0] == "跨期对比"
    assert rows[2][:5] == ["完成情况", "2022年6-7月", "2022年8-10月", "2022年11月", "较上期增减"]
    assert rows[3][:5] == ["积极", 21, 22, 20, "=D4-C4"]
    assert rows[6][:5] == ["滞后", 6, 10, 7, "=D7-C7"]
    assert rows[7][:5] == ["合计", "=SUM(B4:B7)", "=SUM(C4:C7)", "=SUM(D4:D7)", "=SUM(E4:E7)"]
    units = {r[0]: r[1:6] for r in rows[10:] if r[0] and r[1] in ("积极", "正常", "一般", "滞后",
                                                                   "")}
    assert units["区住建局"][:3] == ["滞后", "滞后", "滞后"]
    assert units["区住建局"][4] == 3  # 连续期数
    row_of = {r[0]: i + 1 for i, r in enumerate(rows)}
    n = row_of["区住建局"]
    assert units["区住建局"][3] == f'=COUNTIF(B{n}:D{n},"滞后")'
    assert units["区应急局"][:3] == ["正常", "一般", "滞后"]
    moves = [r[:5] for r in rows if r[4] in ("好转", "下滑")]
    assert ["依托平高电气、姚孟发电等国企央企，加快发展新能源储能产业，抓好平高电气城乡一体化清洁能源、"
            "姚电绿能智慧新能源综合利用等项目建设", "区工信局", "积极", "正常", "下滑"] in moves
    assert len(moves) == 7
    assert [r[:3] for r in rows if r[2] in ("新列入", "不再列入")] == [
        ["抓好冬春季森林防灭火工作，落实网格化管理，严防森林火灾发生", "区应急局", "新列入"],
        [next(i.task for i in comparison.previous.removed), "区教体局", "不再列入"]]


def test_light_column_text_and_fill(three: tuple[Ledger, Comparison], out_dir: Path) -> None:
    ledger, _ = three
    row_lights = lights(ledger, dt.date(2022, 12, 10))
    path = out_dir / "预警.xlsx"
    write_ledger(ledger, path, columns=["seq", "task", "unit", "status", "light"],
                 lights=row_lights)
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "序号")
    assert header == ("序号", "工作任务", "牵头单位", "完成情况", "预警")
    header_row = next(c.row for c in ws["A"] if c.value == "序号")
    cells = [ws.cell(header_row + 1 + i, 5) for i in range(len(row_lights))]
    assert [c.value for c in cells] == [r.light for r in row_lights]
    fills = {c.value: c.fill.fgColor.rgb for c in cells}
    assert fills == {"红": "FFFF9999", "黄": "FFFFE699", "绿": "FFC6EFCE"}
    assert ws.cell(header_row + 3, 5).value == "黄"  # 区财政局 row of item 2: due 年底前


def test_texts_that_look_like_formulas_stay_texts(out_dir: Path) -> None:
    def ledger(status: str) -> Ledger:
        return Ledger(period="=1+1", items=[Item(task="=HYPERLINK(\"http://x\")",
                                                 rows=[UnitRow(unit="@单位", status=status)])])

    before, after = ledger("正常"), ledger("滞后")
    path = out_dir / "公式.xlsx"
    write_ledger(after, path, comparison=compare(after, before))
    ws = openpyxl.load_workbook(path)[COMPARE_SHEET]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    task = next(c for c in texts if "HYPERLINK" in c.value)
    assert task.data_type == "s" and task.quotePrefix
    assert any(c.value == "@单位" and c.data_type == "s" for c in texts)
