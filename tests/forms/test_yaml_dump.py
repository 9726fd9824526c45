"""dump_yaml writes the canonical YAML ledger that the YAML loader reads back unchanged."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen.forms.yaml_dump import dump_yaml, dumps_yaml
from reportgen.loaders import load_ledger
from reportgen.model import Item, Ledger, Status, StatusScale, UnitRow


def test_round_trip_small_ledger(small_ledger: Ledger, tmp_path: Path) -> None:
    ledger = small_ledger.model_copy(deep=True)
    ledger.date = dt.date(2022, 11, 12)
    ledger.items[0].rows[0].progress = "no"  # YAML 1.1 would read a bare no as False
    ledger.items[0].deadline = "2022-12-31"
    ledger.items[1].rows[1].progress = "=SUM(A1)\n第二行：-5%"
    path = tmp_path / "台账.yaml"
    dump_yaml(ledger, path)
    text = path.read_text(encoding="utf-8")
    assert "progress: 'no'" in text and "deadline: '2022-12-31'" in text
    assert "status_scale" not in text  # the default scale is implied
    assert load_ledger(path).ledger == ledger


def test_custom_scale_and_unitless_item(tmp_path: Path) -> None:
    scale = StatusScale(statuses=(Status(name="已完成", fill="#C6EFCE"),
                                  Status(name="滞后", weak=True, lagging=True)))
    ledger = Ledger(title="半年报告", scale=scale, items=[
        Item(seq="一", task="任务甲", rows=[UnitRow(progress="落实情况。", status="已完成")])])
    text = dumps_yaml(ledger)
    assert "units" not in text and "progress: 落实情况。" in text
    path = tmp_path / "l.yaml"
    dump_yaml(ledger, path)
    assert load_ledger(path).ledger == ledger
