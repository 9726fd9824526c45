"""The ledger table laid out for templates: rows of cells with spans, classes and paragraphs.

Computing this in Python keeps the table template one plain loop; a macro call per cell made
rendering a 5,000-row table three times slower.
"""
from __future__ import annotations

from typing import Any

from reportgen.model import Ledger
from reportgen.templating.filters import lines

# Columns whose cell belongs to the item (merged over its unit rows), not to one unit row.
ITEM_KEYS = frozenset({"seq", "task", "section", "target", "deadline", "notes"})
CENTRED_KEYS = frozenset({"seq", "deadline", "unit", "person", "status", "light"})


def fitting_columns(keys: list[str], ledger: Ledger) -> list[str]:
    """Default columns without the ones the ledger leaves empty everywhere.

    A ledger with no unit nor person (a city's half-year report) gets no 责任单位/责任人 column,
    one with no status no 完成情况 column; columns a user lists in the config are kept as listed.
    """
    rows = [row for _, row in ledger.rows]
    empty = set()
    if not any(row.unit or row.person for row in rows):
        empty |= {"unit", "person"}
    if not any(row.status for row in rows):
        empty.add("status")
    kept = [key for key in keys if key not in empty]
    return kept or keys


def table_rows(ledger: Ledger, keys: list[str], marker: str,
               lights: list[str] | None = None) -> list[dict[str, Any]]:
    """One dict per unit row: ``missing`` (no progress) and ``cells``.

    ``lights`` (红/黄/绿, one per unit row in ledger order) fills the ``light`` (预警) column.

    Each cell is a dict: ``key`` (column key), ``span`` (rowspan, 1 when not merged), ``cls``
    (class attribute),
    ``status`` (for data-status, or None) and ``paras`` (its paragraphs). Item cells appear
    only on the item's first row, spanning its unit rows.
    """
    classes = {k: f"{k} center" if k in CENTRED_KEYS else k for k in keys}
    rows: list[dict[str, Any]] = []
    signals = iter(lights or [])
    for item in ledger.items:
        span = len(item.rows)
        for index, row in enumerate(item.rows):
            cells = []
            for key in keys:
                if key in ITEM_KEYS:
                    if index:
                        continue
                    cells.append({"key": key, "span": span, "cls": classes[key],
                                  "status": None, "paras": lines(getattr(item, key))})
                elif key == "progress" and not row.has_progress:
                    cells.append({"key": key, "span": 1, "cls": "progress missing",
                                  "status": None, "paras": [marker]})
                elif key == "light":
                    signal = next(signals, None) if lights else None
                    cells.append({"key": key, "span": 1, "cls": classes[key], "status": None,
                                  "paras": [signal] if signal else []})
                elif key == "status":
                    cells.append({"key": key, "span": 1, "cls": classes[key],
                                  "status": row.status,
                                  "paras": [row.status] if row.status else []})
                else:
                    cells.append({"key": key, "span": 1, "cls": classes[key], "status": None,
                                  "paras": lines(getattr(row, key))})
            rows.append({"missing": not row.has_progress, "cells": cells})
    return rows
