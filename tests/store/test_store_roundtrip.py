"""A recorded period loads back as exactly the ledger that was recorded, on both backends."""
from __future__ import annotations

from pathlib import Path

import pytest
from samples import make_small_ledger
from store_support import EXAMPLES, every_field_ledger, read_ledger, store_ledger

from bench.synth import make_ledger
from reportgen.config import load_config
from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.pipeline import history


def test_every_field_survives(db_url: str) -> None:
    ledger = every_field_ledger()
    store_ledger(db_url, ledger, "2022年11月")
    loaded = read_ledger(db_url, "2022年11月")
    assert loaded == ledger
    assert loaded.items[0].rows[1].progress == ""  # empty stays empty, not missing
    assert loaded.items[2].rows[0].progress is None
    assert loaded.scale.names == ["已完成", "序时推进", "滞后", "未启动"]
    assert loaded.scale.get("滞后") is not None and loaded.scale.get("滞后").lagging  # type: ignore[union-attr]


def test_small_and_empty_ledgers(db_url: str) -> None:
    small = make_small_ledger()
    store_ledger(db_url, small, "2022年8-10月")
    store_ledger(db_url, Ledger(title="空台账", period="2022年7月"), "2022年7月")
    assert read_ledger(db_url, "2022年8-10月") == small
    assert read_ledger(db_url, "2022年7月") == Ledger(title="空台账", period="2022年7月")


@pytest.mark.parametrize(("source", "period"), [
    ("zhanhe-2022-08/台账.yaml", None),
    ("zhanhe-2022-08/config.yaml", None),
    ("pingdingshan-2020-04/config.yaml", None),
    ("sanmenxia-2021-05/config.yaml", "2021年5月"),
])
def test_example_ledgers_round_trip(db_url: str, source: str, period: str | None) -> None:
    path = EXAMPLES / source
    result = history.record(path, period=period, db=db_url)
    if path.name == "config.yaml":  # recorded with the config's aliases and scale
        config = load_config(path)
        expected = load_ledger(config.resolve(config.ledger), aliases=config.unit_aliases,
                               scale=config.scale).ledger
        if config.scale is not None:
            expected = expected.model_copy(update={"scale": config.scale})
    else:
        expected = load_ledger(path).ledger
    expected = expected.model_copy(update={"period": result.period})
    assert result.period == (period or expected.period)
    assert (result.items, result.unit_rows) == (len(expected.items), len(expected.rows))
    assert history.load_period(result.period, db=db_url) == expected


def test_a_large_period_round_trips(db_url: str) -> None:
    ledger = make_ledger(2000)
    store_ledger(db_url, ledger, "2022年8-10月")
    assert read_ledger(db_url, "2022年8-10月") == ledger


def test_period_name_comes_from_the_flag_else_the_ledger(db_url: str, tmp_path: Path) -> None:
    source = EXAMPLES / "zhanhe-2022-08" / "台账.yaml"
    named = history.record(source, period=" 第8期 ", db=db_url)
    assert named.period == "第8期"
    loaded = history.load_period("第8期", db=db_url)
    assert loaded.period == "第8期" and loaded.title == "湛河区2022年重点工作任务8-10月份推进情况台账"
