"""Fill a split fill-in form as a unit would: find the columns by their header, edit rows."""
from __future__ import annotations

from pathlib import Path

import openpyxl

HEADER_ROW = 3


def fill(path: Path, progress: str, status: str | None = None, rows: int = 1) -> list[str]:
    """Write ``progress`` (and ``status``) into the first ``rows`` rows; the tasks edited."""
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    header = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    tasks = []
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + rows):
        ws.cell(row, header["进展情况"]).value = progress
        if status:
            ws.cell(row, header["完成情况"]).value = status
        tasks.append(str(ws.cell(row, header["工作任务"]).value))
    book.save(path)
    return tasks
