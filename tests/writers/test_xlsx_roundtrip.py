"""The seed-002 example as an Excel 台账, and write_ledger → load_ledger giving the same model."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.forms.collect import collect
from reportgen.forms.split import split
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.writers.xlsx import LEDGER_SHEET, write_ledger

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08" / "台账.yaml"


@pytest.fixture(scope="module")
def zhanhe() -> Ledger:
    return load_ledger(EXAMPLE).ledger


def test_seed_002_workbook(zhanhe: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_ledger(zhanhe, path)
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    assert len(zhanhe.items) == 48 and len(zhanhe.rows) == 56
    merged = {str(r) for r in ws.merged_cells.ranges}
    row = 4
    expected: set[str] = {"A1:F1", "A2:F2"}
    for item in zhanhe.items:
        if len(item.rows) > 1:
            last = row + len(item.rows) - 1
            expected |= {f"A{row}:A{last}", f"B{row}:B{last}"}
        row += len(item.rows)
    assert merged == expected
    assert "A5:A7" in merged  # item 2: 区财政局, 区发改委, 区应急局
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:F59"
    assert ws.data_validations.dataValidation[0].formula1 == '"积极,正常,一般,滞后"'
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    assert len(ws.conditional_formatting._cf_rules) == 1
    progress = [ws.cell(r, 5).value for r in range(4, 60)]
    assert progress == [r.progress or None for _, r in zhanhe.rows]
    statuses = [ws.cell(r, 6).value for r in range(4, 60)]
    assert [statuses.count(s) for s in ("积极", "正常", "一般", "滞后")] == [22, 18, 6, 10]


def test_round_trip_seed_002(zhanhe: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_ledger(zhanhe, path)
    back = load_ledger(path)
    assert not back.warnings
    # the date is not part of the printed 台账; everything else comes back equal
    assert back.ledger == zhanhe.model_copy(update={"date": None})


def test_round_trip_small_ledger_with_sections(small_ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "small.xlsx"
    columns = ["seq", "section", "task", "unit", "person", "progress", "status"]
    write_ledger(small_ledger, path, columns=columns)
    assert load_ledger(path).ledger == small_ledger


def test_round_trip_formula_like_text(tmp_path: Path, small_ledger: Ledger) -> None:
    ledger = small_ledger.model_copy(deep=True)
    ledger.items[0].rows[0].progress = "=SUM(A1)"
    ledger.items[1].rows[2].progress = "-5%，同比下降"
    path = tmp_path / "f.xlsx"
    write_ledger(ledger, path, columns=["seq", "section", "task", "unit", "person", "progress",
                                        "status"])
    assert load_ledger(path).ledger == ledger


def test_split_collect_then_yaml(zhanhe: Ledger, tmp_path: Path) -> None:
    forms = split(zhanhe, tmp_path / "forms")
    assert len(forms) == len({r.lead_unit for _, r in zhanhe.rows})
    book = openpyxl.load_workbook(forms[0])
    book.worksheets[0].cell(4, 5).value = "十月底已完成。"
    book.save(forms[0])
    result = collect(zhanhe, forms)
    assert len(result.report.updated) == 1 and not result.report.not_returned
    assert result.report.unchanged == 55
    out = tmp_path / "new.yaml"
    dump_yaml(result.ledger, out)
    again = load_ledger(out).ledger
    assert again == result.ledger and again.rows[0][1].progress == "十月底已完成。"
