"""Write a Ledger as the canonical YAML ledger (the data contract), e.g. after collect.

Multi-line texts are literal blocks; strings YAML 1.1 would read as something else ("no",
"2022-12-31", "1") are quoted by PyYAML's own resolver check; the default scale is left out.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import OutputError
from reportgen.model import DEFAULT_SCALE, Item, Ledger, UnitRow
from reportgen.writers.atomic import atomic_path

ROW_KEYS = ("unit", "person", "progress", "status")
ITEM_KEYS = ("id", "seq", "section", "task", "target", "deadline", "notes")


class _Dumper(yaml.SafeDumper):
    """SafeDumper with literal blocks for multi-line text and no line folding."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _row(row: UnitRow) -> dict[str, Any]:
    return {k: getattr(row, k) for k in ROW_KEYS if getattr(row, k) not in (None, "")}


def _item(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {k: getattr(item, k) for k in ITEM_KEYS
                            if getattr(item, k) not in (None, "")}
    only = item.rows[0] if len(item.rows) == 1 else None
    if only is not None and only.unit is None and only.person is None:
        data.update(_row(only))  # a unit-less item carries its progress itself
    else:
        data["units"] = [_row(row) for row in item.rows]
    return data


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    """The ledger as plain YAML-ready data in the order of the data contract."""
    data: dict[str, Any] = {"title": ledger.title}
    if ledger.period:
        data["period"] = ledger.period
    if ledger.date:
        data["date"] = ledger.date
    if ledger.scale != DEFAULT_SCALE:
        data["status_scale"] = [s.model_dump() for s in ledger.scale.statuses]
    data["items"] = [_item(item) for item in ledger.items]
    if ledger.notes:
        data["notes"] = list(ledger.notes)
    return data


def dumps_yaml(ledger: Ledger) -> str:
    """The ledger as YAML text."""
    text: str = yaml.dump(ledger_data(ledger), Dumper=_Dumper, allow_unicode=True,
                          sort_keys=False, width=10_000, default_flow_style=False)
    return text


def dump_yaml(ledger: Ledger, path: Path) -> None:
    """Write the ledger as a YAML file atomically (the old file survives a failure)."""
    try:
        with atomic_path(path) as temp:
            temp.write_text(dumps_yaml(ledger), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入台账文件 {path}：{exc}") from None
