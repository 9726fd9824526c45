"""Transcribe the real seed documents in ../shared/seeds into the example ledgers and configs.

Usage::

    python tools/transcribe_seeds.py [--seeds DIR] [--out DIR]

``--seeds`` defaults to ``../shared/seeds`` (next to the repository), ``--out`` to ``examples/``.
The output is deterministic: running the script twice gives byte-identical files. Only this
development tool reads ../shared; the product never does. It prints a short summary (items,
unit rows, status counts, distinct lead units) so a human can compare it with the seed's text.

What it writes
--------------
- ``zhanhe-2022-08/``      from 002 (督查通报 第8期 with its 台账): 台账.yaml + config.yaml
- ``pingdingshan-2020-04/`` from 000 (附件: 市政府重大督查事项4月份进展情况): 台账.yaml + config.yaml
- ``sanmenxia-2021-05/``   from 003 (《市政府工作报告》重点工作进展情况报告): 台账.yaml + config.yaml

What it cleans (all seeds)
--------------------------
- ``<p>``/``</p>``/``<br>`` tags: a ``</p> <p>`` boundary or a ``<br>`` becomes a paragraph
  break (``\\n``); the remaining tags are dropped; each paragraph is stripped of outer spaces.
  Text inside a paragraph is kept exactly as written (including the spaces the extraction put
  around digits, e.g. "全区 35 家规上企业": the progress texts are not edited).
- ``----`` separator rows (rows made only of dashes and tabs) are dropped.
- ``[bookmark: _GoBack]`` (a Word bookmark leaked into the text) is removed.
- Document texts for the report config (titles, the basis paragraph, 工作要求) lose the spaces
  the extraction put next to Chinese characters ("湛河区 2022 年" → "湛河区2022年").

Per-seed special cases
----------------------
002 (rows are tab-separated: 序号, 工作任务, 牵头单位, 责任人, 进展情况, 完成情况):
- a line starting with a digit starts an item; a line starting with tabs continues the item
  above: with a status it is a further unit row (items 2, 8, 31); without a status it is the
  rest of the previous row's progress cut by a page break (item 28). The two pieces are one
  paragraph when the first ends mid-sentence ("先进设" + "备，"), else a new paragraph.
- the bulletin's params take the seed's texts; besides those the brief names, ``overview``
  keeps the seed's sentence between the figures and 截至10月底 (with its doubled 政府), so the
  rendered 基本情况 paragraph reads exactly as the seed's.
- item 8 has one merged unit cell "区工信局 区商务局 区发改委 区住建局 区财政局" over six
  progress rows, each ending "（责任单位：发改委）" and the like: each row gets the unit its
  annotation names, written in full with the 区 prefix, and the person at the same position in
  the merged persons cell ("樊星烁 赵永强 徐光亚 苑天增 刘春燕"); a unit that cannot be
  matched would keep the whole persons cell on the first row only.
- joint unit cells separated by spaces (items 9, 30, 31, 34) stay one row; unit names are kept
  as written (漯河新区指挥部, 卫健委, …): the config's unit_aliases unify them.
000 (each cell is a line starting with a tab; a line without a tab continues the cell above):
- unit and task names broken over lines are joined without a separator (市农业 + 农村局);
  progress broken over lines is joined with a paragraph break;
- a row with an empty 序号 and 事项名称, or repeating the previous item's 序号 (item 7), is a
  further unit row of that item (items 7, 10, 16). The seed has no statuses.
003 (prose): the first line holds the office and the date; then the title, the basis paragraph
and ten headings 一、…十、: each heading becomes one item whose ``section`` is the heading,
``task`` the heading without its numeral, and ``progress`` the paragraphs under it; no units.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = ROOT / "examples"

SEED_ZHANHE = "002_9c8157c5577b5d5c.txt"
SEED_PINGDINGSHAN = "000_0ca758019b7cb15f.txt"
SEED_SANMENXIA = "003_bbdf5b9c9694a30c.txt"

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
SENTENCE_END = "。；！？”」）…"
STATUSES = ("积极", "正常", "一般", "滞后")
UNIT_SPLIT = re.compile(r"[\s、，,；;/]+")
ANNOTATION = re.compile(r"（责任单位：([^（）]+)）\s*$")

# Names written two ways in seed 002, mapped to the name the bulletin uses.
ZHANHE_ALIASES = {
    "漯河新区指挥部": "湛河新区指挥部",
    "区交通运输局": "区交通局",
    "机关事务服务中心": "区机关事务服务中心",
    "卫健委": "区卫健委",
}


class SeedError(Exception):
    """The seed text does not have the shape this script expects."""


# ---------------------------------------------------------------- cleaning


def clean_cell(text: str) -> str:
    """Remove tags and bookmarks; paragraph boundaries become "\\n"; outer spaces go."""
    text = text.replace("[bookmark: _GoBack]", "")
    text = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", text)
    text = re.sub(r"</?p>", "", text)
    paragraphs = [p.strip() for p in text.split("\n")]
    return "\n".join(p for p in paragraphs if p)


def tighten(text: str) -> str:
    """Drop the spaces extraction put next to Chinese characters ("2022 年" → "2022年")."""
    text = re.sub(rf"\s+(?=[{CJK}])", "", text.strip())
    return re.sub(rf"(?<=[{CJK}])\s+", "", text)


def join_fragments(first: str, second: str) -> str:
    """Join a cell cut by a page break: one paragraph if the first piece ends mid-sentence."""
    if not first:
        return second
    return first + ("\n" if first[-1] in SENTENCE_END else "") + second


def is_separator(line: str) -> bool:
    cells = line.split("\t")
    return any(cells) and all(re.fullmatch(r"-*", c.strip()) for c in cells)


def lines_of(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SeedError(f"seed not found: {path}") from None


# ---------------------------------------------------------------- seed 002


def _row(unit: str, person: str, progress: str, status: str) -> dict[str, Any]:
    return {"unit": unit or None, "person": person or None, "progress": progress,
            "status": status}


def _split_item8(item: dict[str, Any]) -> None:
    """Give each annotated progress row of a merged unit cell its own unit and person."""
    rows = item["units"]
    if len(rows) < 2 or any(r["unit"] for r in rows[1:]):
        return
    notes = [ANNOTATION.search(r["progress"]) for r in rows]
    if not all(notes):
        return
    units = UNIT_SPLIT.split(rows[0]["unit"] or "")
    persons = UNIT_SPLIT.split(rows[0]["person"] or "")
    people = dict(zip(units, persons, strict=False)) if len(units) == len(persons) else {}
    all_persons = rows[0]["person"]
    for row, note in zip(rows, notes, strict=True):
        assert note is not None
        name = note.group(1).strip()
        unit = name if name.startswith("区") else "区" + name
        row["unit"] = unit
        row["person"] = people.get(unit)
    if not people:
        rows[0]["person"] = all_persons


def parse_zhanhe(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Items of the 台账 and the bulletin's texts from seed 002."""
    lines = lines_of(path)
    try:
        header = next(i for i, line in enumerate(lines) if line.startswith("序号\t工作任务"))
    except StopIteration:
        raise SeedError(f"{path}: no 台账 header row") from None
    items: list[dict[str, Any]] = []
    for number, line in enumerate(lines[header + 1:], start=header + 2):
        if not line.strip() or is_separator(line):
            continue
        cells = [clean_cell(c) for c in line.split("\t")]
        if re.match(r"\d+\t", line):
            if len(cells) != 6 or cells[5] not in STATUSES:
                raise SeedError(f"{path}:{number}: item row without 6 cells and a status")
            items.append({"seq": int(cells[0]), "task": cells[1],
                          "units": [_row(*cells[2:6])]})
        elif not items:
            raise SeedError(f"{path}:{number}: continuation before the first item")
        elif len(cells) == 6 and cells[5] in STATUSES:
            items[-1]["units"].append(_row(*cells[2:6]))
        elif not any(cells[:2]) and not cells[-1]:
            last = items[-1]["units"][-1]
            last["progress"] = join_fragments(last["progress"], "\n".join(c for c in cells if c))
        else:
            raise SeedError(f"{path}:{number}: row of unknown shape")
    for item in items:
        _split_item8(item)

    def after(heading: str, stop: str) -> list[str]:
        start = lines.index(heading) + 1
        end = next(i for i in range(start, len(lines)) if lines[i].startswith(stop))
        return [tighten(line) for line in lines[start:end] if line.strip()]

    texts = {
        "title": tighten(lines[10]),
        "basis": tighten(lines[12]),
        "requirements": after("二、工作要求", "附："),
        "attachment_title": tighten(lines[24].removeprefix("附：")),
        "signature": tighten(lines[26]),
        "ledger_title": tighten(lines[32]),
    }
    # 基本情况 is computed by the template; keep the seed's wording around the figures. The
    # paragraph is cut by a page break ("紧盯目标" / "任务，"): join it before searching.
    situation = tighten("".join(after("一、基本情况", "二、工作要求")))
    found = re.search(r"主要责任单位。(.+?)(截至\d+月底)，", situation)
    if not found:
        raise SeedError(f"{path}: 基本情况 without the overview sentence and 截至…")
    texts["overview"], texts["as_of"] = found.group(1), found.group(2)
    texts["situation"] = situation
    return items, texts


def zhanhe_documents(items: list[dict[str, Any]], texts: dict[str, Any]
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    ledger = {"title": texts["ledger_title"], "period": "2022年8-10月",
              "date": dt.date(2022, 11, 12), "items": items}
    stats = summarise(items, ZHANHE_ALIASES)
    overrides: dict[str, Any] = {}
    if stats["lead_units"] != 35:
        overrides["units"] = 35
    overrides["good_units"] = ["区委组织部", "区委宣传部", "区教体局", "区应急局",
                               "区农业农村和水利局", "区金融局", "区人社局", "生态环境分局",
                               "商务局"]
    overrides["lagging_units"] = ["区发改委", "区住建局", "区交通局", "湛河新区指挥部",
                                  "区企业发展服务中心", "区市场中心", "区机关事务服务中心"]
    config = {
        "ledger": "台账.yaml",
        "office": "中共湛河区委区政府督查局",
        "date": dt.date(2022, 11, 12),
        "unit_aliases": dict(ZHANHE_ALIASES),
        "stats": overrides,
        "documents": [{
            "kind": "bulletin",
            "file": "督查通报第8期",
            "formats": Flow(["docx", "pdf", "xlsx"]),
            "params": {
                "issue_no": 8,
                "title": texts["title"],
                "basis": texts["basis"],
                "as_of": texts["as_of"],
                "overview": texts["overview"],
                "requirements": texts["requirements"],
                "attachment_title": texts["attachment_title"],
                "signature": texts["signature"],
            },
        }],
        "publish": {"file": "督查通报第8期（公开版）"},
    }
    return ledger, config


# ---------------------------------------------------------------- seed 000


def parse_pingdingshan(path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Items of the attachment table of seed 000 (cells are tab-led lines)."""
    lines = lines_of(path)
    blocks: list[list[list[str]]] = []  # block -> cells -> raw lines
    current: list[list[str]] = []
    for line in lines[2:]:
        if not line.strip() and not line.startswith("\t"):
            if current:
                blocks.append(current)
                current = []
        elif line.startswith("\t"):
            current.append([line[1:]])
        elif current:
            current[-1].append(line)
        else:
            raise SeedError(f"{path}: text outside a cell: {line[:20]}")
    if current:
        blocks.append(current)
    if [c[0].strip() for c in blocks[0]] != ["序号", "事项名称", "责任单位", "各项工作进展情况"]:
        raise SeedError(f"{path}: unexpected header {blocks[0]}")
    items: list[dict[str, Any]] = []
    for block in blocks[1:]:
        if len(block) != 4:
            raise SeedError(f"{path}: row with {len(block)} cells: {block}")
        seq, task, unit = ("".join(clean_cell(p) for p in cell) for cell in block[:3])
        progress = "\n".join(p for p in (clean_cell(x) for x in block[3]) if p)
        row = {"unit": unit, "progress": progress}
        if not seq and not task or items and seq == str(items[-1]["seq"]):
            if not items:
                raise SeedError(f"{path}: continuation row before the first item")
            items[-1]["units"].append(row)
        else:
            items.append({"seq": int(seq), "task": task, "units": [row]})
    return items, {"label": tighten(lines[0]), "title": tighten(lines[1])}


def pingdingshan_documents(items: list[dict[str, Any]], texts: dict[str, str]
                           ) -> tuple[dict[str, Any], dict[str, Any]]:
    ledger = {"title": texts["title"], "period": "2020年4月", "items": items}
    config = {
        "ledger": "台账.yaml",
        "documents": [{
            "kind": "attachment",
            "file": "附件",
            "formats": Flow(["docx", "pdf"]),
            "columns": Flow(["seq", "task", "unit", "progress"]),
            "column_titles": {"task": "事项名称", "unit": "责任单位",
                              "progress": "各项工作进展情况"},
            "params": {"label": texts["label"], "title": texts["title"]},
        }],
    }
    return ledger, config


# ---------------------------------------------------------------- seed 003


def parse_sanmenxia(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Category items and the report's texts from seed 003."""
    lines = [line.strip() for line in lines_of(path)]
    head = re.fullmatch(r"(\S+)\s+(\d{4})年(\d{1,2})月(\d{1,2})日", lines[0])
    if not head:
        raise SeedError(f"{path}:1: no office and date")
    heading = re.compile(r"([一二三四五六七八九十]+)、(.+)")
    items: list[dict[str, Any]] = []
    body = [line for line in lines[2:] if line]
    basis = body[0]
    for line in body[1:]:
        match = heading.fullmatch(line)
        if match:
            items.append({"section": line, "task": match.group(2), "progress": ""})
        elif items:
            items[-1]["progress"] += "\n" + line
        else:
            raise SeedError(f"{path}: text before the first heading: {line[:20]}")
    for item in items:
        item["progress"] = clean_cell(item["progress"])
    date = dt.date(int(head.group(2)), int(head.group(3)), int(head.group(4)))
    return items, {"office": head.group(1), "title": lines[1], "basis": basis, "date": date}


def sanmenxia_documents(items: list[dict[str, Any]], texts: dict[str, Any]
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
    ledger = {"title": texts["title"], "date": texts["date"], "items": items}
    config = {
        "ledger": "台账.yaml",
        "office": texts["office"],
        "date": texts["date"],
        "documents": [{
            "kind": "summary",
            "file": "重点工作进展情况报告",
            "formats": Flow(["docx", "pdf"]),
            "params": {"office": texts["office"], "title": texts["title"],
                       "basis": texts["basis"]},
        }],
    }
    return ledger, config


# ---------------------------------------------------------------- statistics (for the summary)


def summarise(items: list[dict[str, Any]], aliases: dict[str, str]) -> dict[str, Any]:
    """Items, unit rows, status counts and distinct lead units (after the aliases)."""
    rows = [row for item in items for row in item.get("units", [])]
    leads: list[str] = []
    for row in rows:
        names = [n for n in UNIT_SPLIT.split(row.get("unit") or "") if n]
        if names:
            lead = aliases.get(names[0], names[0])
            if lead not in leads:
                leads.append(lead)
    counts = Counter(row.get("status") for row in rows)
    return {"items": len(items), "unit_rows": len(rows),
            "status": {s: counts[s] for s in STATUSES}, "lead_units": len(leads),
            "lead_names": leads}


# ---------------------------------------------------------------- YAML output


class Flow(list[str]):
    """A short list written in flow style: [docx, pdf]."""


class _Dumper(yaml.SafeDumper):
    """Block scalars for long or multi-line texts; PyYAML quotes what YAML 1.1 would misread."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value or len(value) > 40 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _none(dumper: yaml.SafeDumper, value: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Flow, _flow)
_Dumper.add_representer(type(None), _none)


def dump(data: dict[str, Any], source: str) -> str:
    header = (f"# 由 tools/transcribe_seeds.py 从 ../shared/seeds/{source} 生成，请勿手工修改。\n"
              "# Generated from a real seed document; rerun the script instead of editing.\n")
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10**6, indent=2)
    return header + body


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def transcribe(seeds: Path, out: Path) -> dict[str, dict[str, Any]]:
    """Write all three examples under ``out``; return each ledger's summary."""
    summaries: dict[str, dict[str, Any]] = {}
    jobs = [
        ("zhanhe-2022-08", SEED_ZHANHE, parse_zhanhe, zhanhe_documents, ZHANHE_ALIASES),
        ("pingdingshan-2020-04", SEED_PINGDINGSHAN, parse_pingdingshan,
         pingdingshan_documents, {}),
        ("sanmenxia-2021-05", SEED_SANMENXIA, parse_sanmenxia, sanmenxia_documents, {}),
    ]
    for folder, seed, parse, build, aliases in jobs:
        items, texts = parse(seeds / seed)
        ledger, config = build(items, texts)
        write(out / folder / "台账.yaml", dump(ledger, seed))
        write(out / folder / "config.yaml", dump(config, seed))
        summaries[folder] = summarise(items, aliases)
    return summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从真实样本生成 examples/ 下的台账和配置")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="样本目录")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出目录（默认 examples/）")
    args = parser.parse_args(argv)
    try:
        summaries = transcribe(args.seeds, args.out)
    except SeedError as exc:
        print(f"样本格式不符：{exc}", file=sys.stderr)
        return 2
    for folder, s in summaries.items():
        status = " ".join(f"{k}{v}" for k, v in s["status"].items() if v)
        print(f"{folder}: {s['items']} 项, {s['unit_rows']} 行, 牵头单位 {s['lead_units']} 家"
              + (f", {status}" if status else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
