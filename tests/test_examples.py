"""The example ledgers and configs transcribed from the real seeds reproduce the seeds' facts."""
from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from support import load_script

from reportgen.analysis.stats import compute
from reportgen.config import load_config
from reportgen.loaders import load_ledger
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline import analyse
from reportgen.profile import load_profile
from reportgen.templating.render import render_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
SEEDS = SHARED / "seeds"
ZHANHE = EXAMPLES / "zhanhe-2022-08"
PINGDINGSHAN = EXAMPLES / "pingdingshan-2020-04"
SANMENXIA = EXAMPLES / "sanmenxia-2021-05"
FILES = ("台账.yaml", "config.yaml")
NEEDS_SEEDS = pytest.mark.skipif(not SEEDS.is_dir(),
                                 reason=f"seed folder {SEEDS} not present: cannot re-transcribe")


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for item in data["items"] for row in item.get("units", [])]


def to_ledger(data: dict[str, Any], aliases: dict[str, str]) -> Ledger:
    """Build the model straight from the YAML (independent of the loaders), aliases applied."""
    def unit(name: str | None) -> str | None:
        if not name:
            return None
        return " ".join(aliases.get(n, n) for n in name.split())

    items = [Item(seq=str(item.get("seq")), section=item.get("section"), task=item["task"],
                  rows=[UnitRow(unit=unit(r.get("unit")), person=r.get("person"),
                                progress=r.get("progress"), status=r.get("status"))
                        for r in item.get("units") or [{"progress": item.get("progress")}]])
             for item in data["items"]]
    return Ledger(title=data["title"], items=items)


def transcriber() -> ModuleType:
    return load_script(ROOT / "tools" / "transcribe_seeds.py", "transcribe_seeds")


# ---------------------------------------------------------------- seed 002


def test_zhanhe_ledger_counts() -> None:
    data = read(ZHANHE / "台账.yaml")
    assert data["title"] == "湛河区2022年重点工作任务8-10月份推进情况台账"
    assert [item["seq"] for item in data["items"]] == list(range(1, 49))
    assert len(rows(data)) == 56
    statuses = [row["status"] for row in rows(data)]
    assert {s: statuses.count(s) for s in ("积极", "正常", "一般", "滞后")} == \
        {"积极": 22, "正常": 18, "一般": 6, "滞后": 10}
    for item in data["items"]:
        assert item["task"] and "<" not in item["task"]
        for row in item["units"]:
            assert set(row) == {"unit", "person", "progress", "status"}
            assert row["unit"] and row["progress"]
            assert not re.search(r"</?p>|----", row["progress"] + row["unit"])


def test_zhanhe_special_rows() -> None:
    items = {item["seq"]: item for item in read(ZHANHE / "台账.yaml")["items"]}
    eight = [(r["unit"], r["person"], r["status"]) for r in items[8]["units"]]
    assert eight == [("区发改委", "徐光亚", "滞后"), ("区工信局", "樊星烁", "一般"),
                     ("区商务局", "赵永强", "积极"), ("区发改委", "徐光亚", "一般"),
                     ("区财政局", "刘春燕", "滞后"), ("区住建局", "苑天增", "滞后")]
    assert items[8]["units"][4]["progress"].endswith("（责任单位：财政局）")
    assert [r["unit"] for r in items[31]["units"]] == ["漯河新区指挥部", "机关事务服务中心 湛源公司"]
    assert [r["status"] for r in items[31]["units"]] == ["积极", "滞后"]
    assert items[9]["units"][0]["unit"].startswith("区统计局 区工信局")
    assert len(items[9]["units"]) == len(items[30]["units"]) == len(items[34]["units"]) == 1
    # item 28: the progress cut by a page break is one paragraph again, nothing lost
    progress = items[28]["units"][0]["progress"]
    assert "使用无人机等先进设备，地毯式排查" in progress
    assert progress.endswith("走在全市应急系统行刑衔接司法实践前列。")
    assert progress.count("\n") == 3
    assert items[5]["units"][0]["progress"].split("\n")[1].startswith("2、针对火车站五栋楼")


@NEEDS_SEEDS
def test_zhanhe_every_progress_text_present() -> None:
    """Every paragraph of every progress cell of the seed's table is in the ledger, unaltered."""
    text = (SEEDS / "002_9c8157c5577b5d5c.txt").read_text(encoding="utf-8")
    table = text[text.index("序号\t工作任务"):].splitlines()[1:]
    pieces = []
    for line in table:
        cells = line.split("\t")
        if len(cells) < 4 or re.fullmatch(r"[-\t]*", line):
            continue
        cell = cells[4] if len(cells) == 6 else cells[3]
        pieces += [p.strip() for p in re.split(r"</?p>", cell) if p.strip()]
    ledger = "\n".join(row["progress"] for row in rows(read(ZHANHE / "台账.yaml")))
    assert len(pieces) > 100
    missing = [p[:30] for p in pieces if p not in ledger]
    assert missing == []
    assert sum(len(p) for p in pieces) == len(ledger.replace("\n", ""))


def test_zhanhe_config() -> None:
    config = load_config(ZHANHE / "config.yaml")
    assert config.ledger == Path("台账.yaml") and config.resolve(config.ledger).is_file()
    assert config.office == "中共湛河区委区政府督查局"
    assert str(config.date) == "2022-11-12"
    assert config.unit_aliases["漯河新区指挥部"] == "湛河新区指挥部"
    assert config.stats.units == 35
    assert config.stats.lagging_units and config.stats.lagging_units[3] == "湛河新区指挥部"
    assert config.stats.good_units and config.stats.good_units[-1] == "商务局"
    (bulletin,) = config.documents
    assert (bulletin.kind, bulletin.file, bulletin.formats) == \
        ("bulletin", "督查通报第8期", ["docx", "pdf", "xlsx"])
    params = bulletin.params
    assert params["issue_no"] == 8
    assert params["title"] == "关于2022年重点工作任务最新进展情况通报"
    assert params["basis"].startswith("按照《湛河区2022年重点工作责任分工方案》（平湛办〔2022〕6号）")
    assert params["basis"].endswith("现将有关情况通报如下：")
    assert params["as_of"] == "截至10月底"
    assert len(params["requirements"]) == 1
    assert params["requirements"][0].startswith("四季度是定全年、保全局的收官季")
    assert params["attachment_title"] == "湛河区2022年重点工作任务8-10月份推进情况台账"
    assert params["signature"] == "中共湛河区委区政府督查局"
    assert config.publish is not None and config.publish.file == "督查通报第8期（公开版）"


def test_zhanhe_statistics() -> None:
    """The seed's figures from the model; the lead-unit count is 24, not the text's 35."""
    config = load_config(ZHANHE / "config.yaml")
    stats = compute(to_ledger(read(ZHANHE / "台账.yaml"), config.unit_aliases))
    assert (stats.items, stats.unit_rows) == (48, 56)
    assert [(s.name, s.count, s.share) for s in stats.by_status] == \
        [("积极", 22, 39), ("正常", 18, 32), ("一般", 6, 11), ("滞后", 10, 18)]
    assert stats.units == 24
    assert "湛河新区指挥部" in stats.unit_names and "漯河新区指挥部" not in stats.unit_names
    # the seed's lagging list omits 区财政局 (item 8, row 5, 滞后): hence the override
    assert set(stats.lagging_units) - set(config.stats.lagging_units or []) == {"区财政局"}


# ---------------------------------------------------------------- seed 000


def test_pingdingshan_ledger() -> None:
    data = read(PINGDINGSHAN / "台账.yaml")
    assert data["title"] == "2020年度市政府重大督查事项4月份进展情况"
    assert [item["seq"] for item in data["items"]] == list(range(1, 21))
    assert len(rows(data)) == 24
    units = {item["seq"]: [r["unit"] for r in item["units"]] for item in data["items"]}
    assert units[7] == ["市工信局", "高新区管委会"]
    assert units[10] == ["叶县政府", "市水利局"]
    assert units[16] == ["市工信局", "市住建局", "市交通局"]
    assert sum(len(u) > 1 for u in units.values()) == 3
    assert units[4] == ["市农业农村局"] and units[2] == ["市发改委"]
    tasks = {item["seq"]: item["task"] for item in data["items"]}
    assert tasks[5] == "稳定和扩大社会就业工作" and tasks[7] == "尼龙城和电气城建设"
    for row in rows(data):
        assert set(row) == {"unit", "progress"}
        assert row["progress"] and "bookmark" not in row["progress"] + row["unit"]
    assert rows(data)[7]["progress"].split("\n")[1].startswith("项目推进方面：")


def test_pingdingshan_config() -> None:
    config = load_config(PINGDINGSHAN / "config.yaml")
    (doc,) = config.documents
    assert (doc.kind, doc.file, doc.formats) == ("attachment", "附件", ["docx", "pdf"])
    assert doc.columns == ["seq", "task", "unit", "progress"]
    assert doc.column_titles == {"task": "事项名称", "unit": "责任单位",
                                 "progress": "各项工作进展情况"}
    assert doc.params == {"label": "附件", "title": "2020年度市政府重大督查事项4月份进展情况"}


# ---------------------------------------------------------------- seed 003


def test_sanmenxia_ledger_and_config() -> None:
    data = read(SANMENXIA / "台账.yaml")
    items = data["items"]
    assert len(items) == 10
    numerals = "一二三四五六七八九十"
    for numeral, item in zip(numerals, items, strict=True):
        assert item["section"] == f"{numeral}、{item['task']}"
        assert "units" not in item and len(item["progress"]) > 100
    assert items[0]["task"].startswith("深入实施创新驱动发展战略")
    assert items[9]["progress"].startswith("全市共完成新冠疫苗接种54426人")
    config = load_config(SANMENXIA / "config.yaml")
    assert str(config.date) == "2021-05-13" and config.office == "三门峡市政府督查室"
    (doc,) = config.documents
    assert doc.kind == "summary"
    assert doc.params["title"] == "《市政府工作报告》重点工作进展情况报告"
    assert doc.params["basis"].startswith("按照《三门峡市人民政府办公室关于明确")
    assert compute(to_ledger(data, {})).items == 10


# ---------------------------------------------------------------- regeneration


@NEEDS_SEEDS
def test_transcription_reproduces_committed_files(tmp_path: Path) -> None:
    tool = transcriber()
    first = tool.transcribe(SEEDS, tmp_path / "a")
    tool.transcribe(SEEDS, tmp_path / "b")
    assert first["zhanhe-2022-08"]["lead_units"] == 24
    for folder in (ZHANHE, PINGDINGSHAN, SANMENXIA):
        for name in FILES:
            committed = (folder / name).read_bytes()
            assert (tmp_path / "a" / folder.name / name).read_bytes() == committed, \
                f"{folder.name}/{name} 与样本重新转录的结果不同：请运行 tools/transcribe_seeds.py"
            assert (tmp_path / "b" / folder.name / name).read_bytes() == committed


# ---------------------------------------------------------------- through the loaders


@pytest.mark.parametrize("folder", [ZHANHE, PINGDINGSHAN, SANMENXIA], ids=lambda f: f.name)
def test_loader_keeps_every_text(folder: Path) -> None:
    """The loader reads the examples without warnings and changes no unit, person or progress."""
    result = load_ledger(folder / "台账.yaml")
    assert list(result.warnings) == []
    data = read(folder / "台账.yaml")
    expected = [(r.get("unit"), r.get("person"), r.get("progress"), r.get("status"))
                for item in data["items"] for r in item.get("units") or [item]]
    got = [(row.unit, row.person, row.progress, row.status) for _, row in result.ledger.rows]
    assert got == expected
    assert [item.task for item in result.ledger.items] == [i["task"] for i in data["items"]]


def test_loader_zhanhe_statistics() -> None:
    config = load_config(ZHANHE / "config.yaml")
    result = load_ledger(config.resolve(config.ledger), aliases=config.unit_aliases)
    stats = compute(result.ledger)
    assert (stats.items, stats.unit_rows, stats.units) == (48, 56, 24)
    assert [(s.name, s.count, s.share) for s in stats.by_status] == \
        [("积极", 22, 39), ("正常", 18, 32), ("一般", 6, 11), ("滞后", 10, 18)]
    assert stats.unit_names[16] == "湛河新区指挥部" and "区交通局" in stats.unit_names
    assert str(result.ledger.date) == "2022-11-12"


def test_pipeline_applies_the_seed_overrides() -> None:
    """With the config, the figures are those the seed's 基本情况 paragraph states."""
    config = load_config(ZHANHE / "config.yaml")
    stats = analyse(config.resolve(config.ledger), config).stats
    assert (stats.items, stats.unit_rows, stats.units) == (48, 56, 35)
    assert stats.lagging_units == config.stats.lagging_units
    assert stats.good_units == config.stats.good_units
    assert "units" in stats.overridden


def test_loader_pingdingshan_multi_unit_items() -> None:
    ledger = load_ledger(PINGDINGSHAN / "台账.yaml").ledger
    multi = {item.seq: [row.unit for row in item.rows] for item in ledger.items if len(item.rows) > 1}
    assert multi == {"7": ["市工信局", "高新区管委会"], "10": ["叶县政府", "市水利局"],
                     "16": ["市工信局", "市住建局", "市交通局"]}
    assert compute(ledger).no_status_rows == 24


@NEEDS_SEEDS
def test_bulletin_situation_reads_as_the_seed() -> None:
    """The rendered 基本情况 paragraph equals the seed's, word for word."""
    lines = (SEEDS / "002_9c8157c5577b5d5c.txt").read_text(encoding="utf-8").splitlines()
    seed = transcriber().tighten(lines[16] + lines[18])
    config = load_config(ZHANHE / "config.yaml")
    analysis = analyse(config.resolve(config.ledger), config)
    document = render_document(config.documents[0], analysis.ledger, analysis.stats, config,
                               load_profile(config.profile, config.user_dirs))
    paragraphs = re.findall(r"<p>([^<]*)</p>", document.html)
    assert seed in paragraphs
