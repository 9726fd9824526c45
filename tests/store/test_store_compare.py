"""Comparison with the periods recorded in the store (``compare: {from_history: true}``,
``stats --from-history``): the same figures as the same periods given as ledger files."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from store_support import EXAMPLES, store_ledger
from support import run_cli

from reportgen.config import load_config
from reportgen.errors import ConfigError, DataError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline import compare, history

HISTORY_CONFIG = """compare:
  from_history: true
  matches: matches.yaml
  lag_periods: 2
"""


def _third_period(tmp_path: Path, db: str | None = None) -> tuple[Path, Path]:
    """The example's 第9期 folder copied, with a second config comparing from the store."""
    shutil.copytree(EXAMPLES / "zhanhe-2022-08", tmp_path / "z")
    folder = tmp_path / "z" / "history"
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    files_part = text[text.index("compare:"):text.index("  lag_periods:")]
    by_store = text.replace(files_part + "  lag_periods: 2", HISTORY_CONFIG.rstrip())
    assert "from_history" in by_store and "previous:" not in by_store
    (folder / "config-db.yaml").write_text(by_store, encoding="utf-8")
    return folder / "config.yaml", folder / "config-db.yaml"


def _record_earlier(folder: Path, db: str) -> None:
    # As ``make example`` does: 6-7月 from its bare ledger, 8-10月 through its config.
    history.record(folder / "2022年6-7月.yaml", db=db)
    history.record(folder.parent / "config.yaml", db=db)


def test_store_comparison_equals_the_files_one(db_url: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    by_files, by_store = _third_period(tmp_path)
    _record_earlier(by_files.parent, db_url)
    code, files_out, _ = run_cli(["stats", str(by_files), "--json"], capsys)
    assert code == 0
    code, store_out, _ = run_cli(["stats", str(by_store), "--json", "--db", db_url], capsys)
    assert code == 0
    files_json, store_json = json.loads(files_out), json.loads(store_out)
    assert store_json == files_json
    found = store_json["compare"]
    assert found["periods"] == ["2022年6-7月", "2022年8-10月", "2022年11月"]
    # 机关事务服务中心 was recorded unaliased in 6-7月: the config's aliases apply to stored periods.
    assert {"unit": "区机关事务服务中心", "periods": 3} in found["lagging_units"]
    assert found["paragraph"].startswith("与上期相比，新增滞后1项，2项由滞后转为正常")


@pytest.mark.parametrize("current_recorded", [True, False])
def test_previous_is_the_period_before_this_one_not_the_newest(
        db_url: str, tmp_path: Path, current_recorded: bool) -> None:
    by_files, by_store = _third_period(tmp_path)
    _record_earlier(by_files.parent, db_url)
    if current_recorded:
        history.record(by_files, db=db_url)  # 2022年11月 itself
    later = Ledger(title="台账", period="2023年1月", items=[
        Item(seq="1", task="任务", rows=[UnitRow(unit="区财政局", status="正常")])])
    store_ledger(db_url, later, "2023年1月")
    config = load_config(by_store)
    current = compare.load_ledger(by_files.parent / "2022年11月.yaml",
                                  aliases=config.unit_aliases).ledger
    found = compare.store_comparison(current, config, db_url)
    assert found.comparison is not None
    assert [w.message for w in found.warnings] == [  # the doubtful pairs, as with files
        "有 2 对任务无法确定是否为同一任务，确认前按不同任务计算；"
        "给出匹配文件即可列出并确认（配置的 compare.matches，或 reportgen stats 的 --matches）"]
    assert found.comparison.labels == ["2022年6-7月", "2022年8-10月", "2022年11月"]


def test_a_store_without_an_earlier_period_warns_and_compares_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, by_store = _third_period(tmp_path)
    db = tmp_path / "空.db"
    for prepare in (lambda: None, lambda: history.record(by_store.parent / "2022年11月.yaml",
                                                          db=str(db))):
        prepare()  # no store at all, then a store holding only this period
        code, out, err = run_cli(["stats", str(by_store), "--json", "--db", str(db)], capsys)
        assert code == 0 and "compare" not in json.loads(out)
        assert "没有排在本期（2022年11月）之前的期次" in err and "Traceback" not in err


def test_a_ledger_without_period_is_refused_by_name(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text("序号,工作任务,牵头单位,进展情况,完成情况\n1,任务甲,区财政局,推进中,正常\n",
                      encoding="utf-8")
    code, _, err = run_cli(["stats", str(ledger), "--from-history", "--db",
                            str(tmp_path / "h.db")], capsys)
    assert code == DataError.exit_code
    assert "台账.csv" in err and "没有写期次" in err and "Traceback" not in err


@pytest.mark.parametrize(("compare_yaml", "message"), [
    ("compare:\n  from_history: true\n  previous: 上期.yaml\n", "不再给出 previous 或 history"),
    ("compare:\n  from_history: true\n  history: [a.yaml]\n", "不再给出 previous 或 history"),
    ("compare:\n  lag_periods: 3\n", "需要 previous（上期台账文件），或 from_history: true"),
    ("compare:\n  from_history: 是\n", "from_history"),
])
def test_contradictory_compare_sections_are_config_errors(
        tmp_path: Path, compare_yaml: str, message: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "台账.csv").write_text("序号,工作任务,牵头单位,进展情况,完成情况\n"
                                      "1,任务甲,区财政局,推进中,正常\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("ledger: 台账.csv\n" + compare_yaml
                      + "documents:\n- kind: bulletin\n  file: 通报\n", encoding="utf-8")
    code, _, err = run_cli(["stats", str(config)], capsys)
    assert code == ConfigError.exit_code, err
    assert message in err and "config.yaml" in err and "Traceback" not in err


@pytest.mark.parametrize("extra", [["--compare", "上期.yaml"], ["--history", "a.yaml"]])
def test_from_history_flag_excludes_ledger_files(tmp_path: Path, extra: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ledger = EXAMPLES / "zhanhe-2022-08" / "台账.yaml"
    code, _, err = run_cli(["stats", str(ledger), "--from-history", "--db",
                            str(tmp_path / "h.db"), *extra], capsys)
    assert code == ConfigError.exit_code and "--from-history" in err


def test_bulletin_built_from_the_store_reads_like_the_files_one(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    by_files, by_store = _third_period(tmp_path)
    folder = by_files.parent
    text = by_store.read_text(encoding="utf-8").replace("compare:", "db: 历史.db\ncompare:", 1)
    by_store.write_text(text, encoding="utf-8")
    _record_earlier(folder, str(folder / "历史.db"))
    from reportgen import pipeline

    texts = []
    for config, out in ((by_files, "files"), (by_store, "store")):
        result = pipeline.build(config, tmp_path / out, ["docx"])
        (path,) = [p for p in result.outputs if p.suffix == ".docx"]
        texts.append([p.text for p in docx.Document(str(path)).paragraphs])
    assert texts[0] == texts[1]
    assert any(t.startswith("与上期相比，新增滞后1项") and "区机关事务服务中心连续3期滞后" in t
               for t in texts[1])


def test_streaks_and_trend_read_the_same_periods_from_the_store(db_url: str,
                                                                 tmp_path: Path) -> None:
    """What 督办 streaks and the ranking's trend read (``earlier_ledgers``): the same rows."""
    by_files, by_store = _third_period(tmp_path)
    # A config's SQLite store must lie in its folder; a server URL may be anywhere.
    in_config = "历史.db" if db_url.startswith("sqlite") else db_url
    _record_earlier(by_files.parent, str(by_files.parent / in_config)
                    if db_url.startswith("sqlite") else db_url)
    current = compare.load_ledger(by_files.parent / "2022年11月.yaml").ledger

    def rows(config: Path, db: str | None) -> list[list[tuple[str | None, str | None]]]:
        loaded = load_config(config)
        if db is not None:
            loaded = loaded.model_copy(update={"db": db})
        return [[(r.unit, r.status) for item in ledger.items for r in item.rows]
                for ledger in compare.earlier_ledgers(loaded, current)]

    from_files, from_store = rows(by_files, None), rows(by_store, in_config)
    assert len(from_store) == 2 and from_store == from_files


@pytest.mark.parametrize("db", ["../外面.db", "/etc/passwd", "sqlite:////tmp/x.db?mode=ro"])
def test_a_shared_configs_store_stays_in_its_folder(tmp_path: Path, db: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A config from another office must not make ``from_history`` read a store elsewhere."""
    _, by_store = _third_period(tmp_path)
    text = by_store.read_text(encoding="utf-8").replace("compare:", f"db: '{db}'\ncompare:", 1)
    by_store.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["stats", str(by_store), "--json"], capsys)
    assert code == ConfigError.exit_code and out == ""
    assert "配置所在的文件夹" in err or "不能" in err, err
