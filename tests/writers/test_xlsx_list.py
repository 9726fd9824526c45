"""The plain list workbook (督办发送清单, 单位排名): rows tall enough for their wrapped text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from reportgen.writers.xlsx.cells import line_count
from reportgen.writers.xlsx.ledger_sheet import LINE_HEIGHT
from reportgen.writers.xlsx.list_sheet import write_list

HEADERS = ("序号", "承办单位", "督办事项", "办理时限")
WIDTHS = (6.0, 18.0, 60.0, 16.0)
LONG = "滚动实施打通“断头路”工程，加快东环路南延、轻工路东延等道路拆迁工作，推动姚新路等尽快建成通车"


def test_a_row_whose_text_wraps_is_as_tall_as_its_lines(tmp_path: Path) -> None:
    """Without a height Excel and LibreOffice keep one line and print the rest over the next row."""
    three = "\n".join(f"{n}.{LONG}" for n in (3, 4, 8))
    rows = [(1, "区住建局", three, dt.date(2022, 11, 18)),
            (2, "区财政局", "8.稳增长、保态势", dt.date(2022, 11, 18))]
    path = tmp_path / "清单.xlsx"
    write_list(path, "督办发送清单", HEADERS, rows, WIDTHS)
    sheet = load_workbook(path).active
    assert sheet["C3"].value == three and sheet["C3"].alignment.wrap_text
    lines = line_count(three, 60.0)
    assert lines >= 6  # three tasks, each over one line at width 60
    assert sheet.row_dimensions[3].height >= lines * LINE_HEIGHT
    assert sheet.row_dimensions[4].height is None  # one line: Excel's default height, as before
