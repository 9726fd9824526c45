"""The Excel 台账 writer: a formatted, printable ledger sheet plus a 统计 sheet with charts."""
from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

from openpyxl import Workbook

from reportgen.analysis.compare import Comparison
from reportgen.analysis.deadlines import RowLight
from reportgen.analysis.ranking import UnitScore, Weights
from reportgen.analysis.stats import Stats, compute
from reportgen.document import Document
from reportgen.errors import OutputError, Problem
from reportgen.model import Ledger, StatusScale
from reportgen.templating.table import fitting_columns
from reportgen.writers.atomic import atomic_path
from reportgen.writers.xlsx import styles
from reportgen.writers.xlsx.cells import DEFAULT_COLUMNS, DEFAULT_TITLES, CellText, check_columns
from reportgen.writers.xlsx.compare_sheet import (
    COMPARE_SHEET,
    fill_compare_sheet,
    fill_light_column,
)
from reportgen.writers.xlsx.ledger_sheet import SheetLayout, fill_ledger_sheet
from reportgen.writers.xlsx.summary_sheet import fill_summary_sheet

__all__ = ["COMPARE_SHEET", "LEDGER_SHEET", "SUMMARY_SHEET", "write", "write_ledger",
           "build_workbook", "save_workbook"]

log = logging.getLogger(__name__)

LEDGER_SHEET = "台账"
SUMMARY_SHEET = "统计"


def write(document: Document, path: Path) -> None:
    """Write a document's ledger as an Excel 台账 with a 统计 sheet (the writer registry entry).

    With lights (a build computes them) the 台账 sheet gains a 预警 column; with a comparison
    (the config names a previous period) the workbook gains a 对比 sheet; with ``ranking.sheet``
    in the config, a 单位排名 sheet.
    """
    lights = document.extra.get("lights")
    columns = list(document.columns or DEFAULT_COLUMNS)
    if lights and "light" not in columns:
        columns.append("light")
    ranking = document.extra.get("ranking")
    write_ledger(document.ledger, path, scale=document.scale, columns=columns,
                 column_titles=document.column_titles, stats=document.stats, lights=lights,
                 comparison=document.extra.get("compare"),
                 ranking=(ranking["scores"], ranking["weights"])
                 if ranking and ranking["sheet"] else None)


def write_ledger(ledger: Ledger, path: Path, *, scale: StatusScale | None = None,
                 columns: list[str] | None = None, column_titles: dict[str, str] | None = None,
                 stats: Stats | None = None, summary: bool = True,
                 lights: list[RowLight] | None = None,
                 comparison: Comparison | None = None,
                 ranking: tuple[list[UnitScore], Weights] | None = None) -> list[Problem]:
    """Write ``ledger`` to ``path`` (.xlsx); return warnings (characters removed from cells).

    Raises OutputError for an unknown column, a cell over Excel's 32,767 characters, or a file
    that cannot be written; the previous file at ``path`` is then left untouched.
    """
    workbook, _, text = build_workbook(ledger, scale=scale, columns=columns,
                                       column_titles=column_titles, stats=stats,
                                       summary=summary, file=str(path), lights=lights,
                                       comparison=comparison, ranking=ranking)
    save_workbook(workbook, path)
    return text.warnings


def build_workbook(ledger: Ledger, *, scale: StatusScale | None = None,
                   columns: list[str] | None = None, column_titles: dict[str, str] | None = None,
                   stats: Stats | None = None, summary: bool = True, file: str | None = None,
                   heading: str | None = None, editable: Collection[str] = (),
                   lights: list[RowLight] | None = None, comparison: Comparison | None = None,
                   ranking: tuple[list[UnitScore], Weights] | None = None,
                   ) -> tuple[Workbook, SheetLayout, CellText]:
    """The ledger workbook in memory, with the layout of its 台账 sheet.

    ``heading`` replaces the title row's text; ``editable`` columns get unlocked input cells.
    """
    scale = scale or ledger.scale
    columns = list(columns or fitting_columns(DEFAULT_COLUMNS, ledger))
    check_columns(columns)
    titles = {**DEFAULT_TITLES, **(column_titles or {})}
    text = CellText(file)
    workbook = Workbook()
    styles.register(workbook)
    sheet = workbook.active
    sheet.title = LEDGER_SHEET
    layout = fill_ledger_sheet(sheet, ledger, scale=scale, columns=columns, titles=titles,
                               text=text, heading=heading, editable=editable)
    if lights:
        fill_light_column(sheet, layout, lights)
    if summary:
        fill_summary_sheet(workbook.create_sheet(SUMMARY_SHEET), sheet, layout,
                           stats or compute(ledger, scale), scale, ledger.title)
    if comparison is not None:
        fill_compare_sheet(workbook.create_sheet(COMPARE_SHEET), comparison, scale, text)
    if ranking is not None:
        from reportgen.writers.xlsx.ranking_sheet import RANKING_SHEET, fill_ranking_sheet

        fill_ranking_sheet(workbook.create_sheet(RANKING_SHEET), *ranking, ledger.title, text)
    workbook.properties.title = ledger.title or None
    workbook.properties.subject = ledger.period or None
    workbook.properties.creator = "reportgen"
    return workbook, layout, text


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save atomically; a failure becomes an OutputError naming the file."""
    try:
        with atomic_path(path) as temp:
            workbook.save(temp)
    except OSError as exc:
        raise OutputError(f"无法写入 Excel 文件 {path}：{exc}") from None
