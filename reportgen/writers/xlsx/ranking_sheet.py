"""The 单位排名 sheet: each unit's counts, with 得分 and 名次 as formulas (RANK gives ties one rank).

Used as a sheet of the Excel 台账 (config ``ranking.sheet``) and as the workbook of
``reportgen rank -o``. The score formula spells out the config's weights, so a clerk's
correction of a count updates the score and the ranks.
"""
from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from reportgen.analysis.ranking import UnitScore, Weights
from reportgen.writers.xlsx.cells import CellText
from reportgen.writers.xlsx.list_sheet import fill_list_sheet

RANKING_SHEET = "单位排名"
HEADERS = ("名次", "单位", "进展行数", "积极/正常", "滞后", "逾期", "进步", "退步", "得分")
WIDTHS = (8, 22, 10, 10, 8, 8, 8, 8, 10)


def fill_ranking_sheet(sheet: Worksheet, scores: list[UnitScore], weights: Weights, title: str,
                       text: CellText) -> None:
    """Fill ``sheet`` with the ranking table, best first."""
    w = weights
    score = (f"=ROUND({w.good:g}*100*D{{row}}/C{{row}}-{w.lagging:g}*100*E{{row}}/C{{row}}"
             f"-{w.overdue:g}*100*F{{row}}/C{{row}}+{w.trend:g}*(G{{row}}-H{{row}}),1)")
    rows = [(s.rank, s.unit, s.rows, s.good, s.lagging, s.overdue, s.improved, s.slipped,
             s.score) for s in scores]
    fill_list_sheet(sheet, f"{title}单位排名" if title else "单位排名", HEADERS, rows, WIDTHS,
                    text, formulas={1: "=RANK(I{row},I$3:I${last})", 9: score})
