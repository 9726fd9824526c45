"""Make two more periods around the seed-002 ledger, for the comparison example and its tests.

Usage::

    python tools/make_zhanhe_history.py [--out examples/zhanhe-2022-08/history]

The seed's ledger (examples/zhanhe-2022-08/台账.yaml, 2022年8-10月) is the middle period. This
script derives an earlier one (2022年6-7月) and a later one (2022年11月) from it with the changes a
real office sees from month to month, written out below one by one. Deterministic: running it
twice gives byte-identical files. The tests assert the comparison built from these three files.

Changes 6-7月 → 8-10月 (the earlier period is the seed with these undone):
- item 27 renamed: "推进区综合应急救援中心建设…" became "加快区综合应急救援中心建设…";
- item 33 (高铁片区城市设计) is new in 8-10月;
- 区应急局 slips 正常 → 一般 (item 2), 湛河新区指挥部 falls to 滞后 (item 32), 区发改委 and
  区财政局 fall to 滞后 on item 8; 区住建局 (items 3, 4, 8), 区市场中心 (item 23) were lagging
  already; 区企业发展服务中心 (item 29) was 一般;
- progress texts are shorter (the first sentence of the seed's), except items 42 and 47, which
  report the same text both periods.

Changes 8-10月 → 11月:
- renamed: item 37 loses "进一步"; item 11 "非法集资处置" becomes "防范和处置非法集资" (too
  different to match on its own: the example's matches.yaml confirms it);
- split: item 4 (老城更新 and 老旧小区改造) becomes two tasks of 区住建局;
- item 10 (学校建设, finished in the autumn) leaves the ledger; a new task 冬春季森林防灭火
  (区应急局) joins it;
- 区应急局 slips again, 一般 → 滞后 (item 2); 区市场中心 recovers (item 23 滞后 → 正常);
  湛河新区指挥部 improves (item 32 滞后 → 一般); 区交通局 recovers (item 44 滞后 → 正常);
  区发改委 improves on item 8 (滞后 → 一般); 区工信局 slips on item 6 (积极 → 正常);
- items are renumbered 1…N; 时限 are filled in, in the free forms real ledgers use; item 42
  reports the same progress a third time and item 47 reports none.
"""
from __future__ import annotations

import argparse
import copy
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "zhanhe-2022-08" / "台账.yaml"
DEFAULT_OUT = ROOT / "examples" / "zhanhe-2022-08" / "history"
SAME_TEXT = (42, 47)
LATER_PHRASES = [
    "11月份，对照年度目标逐项梳理剩余任务，倒排工期、挂图作战。",
    "11月份，召开专题推进会，协调解决存在的困难和问题。",
    "11月份，继续加大推进力度，确保年底前完成各项目标任务。",
]
DEADLINES = {  # 8-10月 seq -> 时限 in the 11月 ledger, as clerks write them
    1: "2022年12月底前", 2: "年底前", 3: "11月底", 5: "长期坚持", 6: "三季度", 7: "持续推进",
    12: "第三季度末", 14: "2022-12-31", 15: "10月底之前", 16: "12月31日前", 19: "2023年6月底",
    23: "12月20日前", 26: "汛期前", 29: "视情况而定", 44: "年底前",
}


def _transcriber() -> ModuleType:
    spec = importlib.util.spec_from_file_location("transcribe_seeds",
                                                  ROOT / "tools" / "transcribe_seeds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _by_seq(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {int(item["seq"]): item for item in data["items"]}


def _first_sentence(text: str) -> str:
    head = text.split("\n")[0]
    cut = head.find("。")
    return head[: cut + 1] if 0 <= cut < len(head) - 1 else head[: max(10, len(head) // 2)]


def earlier(seed: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(seed)
    data["title"] = "湛河区2022年重点工作任务6-7月份推进情况台账"
    data["period"] = "2022年6-7月"
    data["date"] = "2022-08-10"
    items = _by_seq(data)
    items[27]["task"] = items[27]["task"].replace("加快区综合应急救援中心", "推进区综合应急救援中心")
    items[2]["units"][2]["status"] = "正常"  # 区应急局
    items[32]["units"][0]["status"] = "正常"  # 湛河新区指挥部
    items[8]["units"][0]["status"] = "一般"  # 区发改委
    items[8]["units"][4]["status"] = "一般"  # 区财政局
    items[29]["units"][0]["status"] = "一般"  # 区企业发展服务中心
    for seq, item in items.items():
        if seq in SAME_TEXT:
            continue
        for row in item["units"]:
            if row.get("progress"):
                row["progress"] = _first_sentence(row["progress"])
    data["items"] = [item for item in data["items"] if int(item["seq"]) != 33]
    return data


def later(seed: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(seed)
    data["title"] = "湛河区2022年重点工作任务11月份推进情况台账"
    data["period"] = "2022年11月"
    data["date"] = "2022-12-10"
    items = _by_seq(data)
    items[37]["task"] = items[37]["task"].replace("进一步", "")
    items[11]["task"] = "防范和处置非法集资"
    items[2]["units"][2]["status"] = "滞后"
    items[23]["units"][0]["status"] = "正常"
    items[32]["units"][0]["status"] = "一般"
    items[44]["units"][0]["status"] = "正常"
    items[8]["units"][0]["status"] = "一般"
    items[6]["units"][0]["status"] = "正常"
    for number, (seq, item) in enumerate(items.items()):
        for row in item["units"]:
            if seq == 47:
                row["progress"] = None
            elif seq not in SAME_TEXT and row.get("progress"):
                row["progress"] = row["progress"] + "\n" + LATER_PHRASES[number % 3]
        if seq in DEADLINES:
            item["deadline"] = DEADLINES[seq]
    old = items[4]
    first = {"task": "统筹推进老城更新，完善区管背街小巷整治工作方案，建立工作台账，加快整治提升进度",
             "deadline": "2022年12月底前", "units": copy.deepcopy(old["units"])}
    second = {"task": "加快老旧小区改造，完善改造工作方案，加快整治提升进度",
              "deadline": "12月底", "units": copy.deepcopy(old["units"])}
    first["units"][0]["progress"] = "沁园西路已纳入专项债项目，等待省、市财政系统审核；红线外7条道路已完成图纸设计。"
    second["units"][0]["progress"] = "2022年老旧小区改造64个项目已全部完成立项，64个小区主体改造资金已下达，已完成招标，正在施工。"
    second["units"][0]["status"] = "一般"
    fire = {"task": "抓好冬春季森林防灭火工作，落实网格化管理，严防森林火灾发生", "deadline": "持续推进",
            "units": [{"unit": "区应急局", "person": "刘玉茜",
                       "progress": "制定了冬春季森林防灭火工作方案，开展隐患排查，落实巡山护林人员。",
                       "status": "正常"}]}
    result: list[dict[str, Any]] = []
    for seq, item in items.items():
        if seq == 10:
            continue
        if seq == 4:
            result += [first, second]
            continue
        result.append(item)
        if seq == 28:
            result.append(fire)
    ordered: list[dict[str, Any]] = []
    for number, item in enumerate(result, 1):
        ordered.append({"seq": number, **{k: v for k, v in item.items() if k != "seq"}})
    data["items"] = ordered
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="由 seed-002 台账生成前后两期台账（对比示例）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出目录")
    args = parser.parse_args(argv)
    tools = _transcriber()
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    header = ("# 由 tools/make_zhanhe_history.py 从 examples/zhanhe-2022-08/台账.yaml 生成，请勿手工修改。\n"
              "# Generated from the seed-002 ledger; rerun the script instead of editing.\n")
    for name, data in (("2022年6-7月.yaml", earlier(seed)), ("2022年11月.yaml", later(seed))):
        body = tools.dump(data, "x").split("\n", 2)[2]
        tools.write(args.out / name, header + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
