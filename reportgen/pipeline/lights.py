"""Deadline lights of a ledger at its report date, with the notes about unread deadlines.

Its own room, apart from ``compare``: ``validate`` needs the notes but none of the comparison's
loading, matching and store code, and should start fast.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reportgen.analysis.deadlines import (
    DEFAULT_DONE,
    DEFAULT_WARN_DAYS,
    RowLight,
    item_deadlines,
    lights,
)
from reportgen.errors import Problem
from reportgen.model import Ledger, StatusScale

if TYPE_CHECKING:
    from reportgen.config import ReportConfig


def report_date(config: ReportConfig | None, ledger: Ledger) -> dt.date:
    """The date lights are judged at: deadlines.report_date, the config's date, the ledger's, today."""
    if config and config.deadlines.report_date:
        return config.deadlines.report_date
    return (config.date if config else None) or ledger.date or dt.date.today()


def ledger_lights(ledger: Ledger, config: ReportConfig | None = None, *,
                  on: dt.date | None = None, warn_days: int | None = None,
                  scale: StatusScale | None = None, source: str | None = None,
                  ) -> tuple[list[RowLight], list[Problem]]:
    """Lights of every unit row and the notes about deadlines (unread, or taken from task text)."""
    deadlines, notes = item_deadlines(ledger)
    spec = config.deadlines if config else None
    days = warn_days if warn_days is not None else (spec.warn_days if spec else DEFAULT_WARN_DAYS)
    done = tuple(spec.done_statuses) if spec else DEFAULT_DONE
    result = lights(ledger, on or report_date(config, ledger), warn_days=days,
                    scale=scale or (config.scale if config else None) or ledger.scale, done=done,
                    deadlines=deadlines)
    problems = [Problem(note.message, source, note.where, "时限", warning=True)
                for note in notes if not note.from_task]
    taken = [note for note in notes if note.from_task]
    if taken:
        listed = "；".join(f"{n.where}“{n.found.text}” → {n.found.due:%Y-%m-%d}"
                          for n in taken if n.found and n.found.due)
        problems.append(Problem(f"{len(taken)} 项任务未填时限，已从任务文字中取得时限（{listed}）",
                                source, field="时限", warning=True))
    return result, problems
