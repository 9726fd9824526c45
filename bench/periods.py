"""Benchmark of the comparison across periods: ``python -m bench.periods [--rows 5000] …``.

Builds a history of synthetic periods (bench.synth's ledger, then month after month a few
statuses move, some tasks are reworded, dropped or added, progress texts grow) and times
``reportgen.analysis.compare.compare`` on ledgers already in memory — what the pipeline hands it
from files or from the period store. Target: 5,000-row periods with 12 periods of history < 2 s.
The figures go into their own block of bench/results.md; the rest of the file is left as it is.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from bench.synth import make_ledger
from reportgen.analysis.compare import compare
from reportgen.analysis.deadlines import lights
from reportgen.model import Item, Ledger, UnitRow

START = "<!-- keep:periods -->"
END = "<!-- /keep:periods -->"
STATUSES = ["积极", "正常", "一般", "滞后"]


def next_period(ledger: Ledger, number: int, rng: random.Random) -> Ledger:
    """The following month: 15% of rows change status, 2% of tasks reworded, 1% dropped, and as
    many rows of new tasks as the dropped ones had."""
    items: list[Item] = []
    for item in ledger.items:
        roll = rng.random()
        if roll < 0.01:
            continue  # finished, dropped from the ledger
        task = item.task
        if roll < 0.03:
            task = "加快" + task if not task.startswith("加快") else task[2:]
        rows = [UnitRow(unit=r.unit, person=r.person, status=(
            rng.choice(STATUSES) if rng.random() < 0.15 else r.status),
            progress=(r.progress or "") + f"{number}月份继续推进。") for r in item.rows]
        items.append(Item(seq=None, section=item.section, task=task, deadline=item.deadline,
                          rows=rows))
    target = len(ledger.rows)
    count = sum(len(item.rows) for item in items)
    while count < target:  # new tasks, as many rows as the dropped ones
        donor = rng.choice(ledger.items)
        rows = [UnitRow(unit=r.unit, status=rng.choice(STATUSES), progress="已启动。")
                for r in donor.rows[: target - count]]
        items.insert(rng.randrange(len(items) + 1), Item(
            task=f"新增任务{number}-{rng.randrange(10**6)}：{donor.task[::-1]}", rows=rows))
        count += len(rows)
    for index, item in enumerate(items, 1):
        item.seq = str(index)
    return Ledger(title=ledger.title, period=f"第{number}期", items=items)


def history(rows: int, periods: int) -> list[Ledger]:
    """``periods`` + 1 ledgers, oldest first; the last one is the current period."""
    rng = random.Random(rows * 7 + periods)
    base = make_ledger(rows)
    deadlines = ["年底前", "6月底", "三季度", "长期坚持", None, "2022-12-31", "10月底之前"]
    first = Ledger(title=base.title, period="第1期", items=[
        Item(seq=i.seq, section=i.section, task=i.task, rows=i.rows,
             deadline=deadlines[n % len(deadlines)]) for n, i in enumerate(base.items)])
    ledgers = [first]
    for number in range(2, periods + 2):
        ledgers.append(next_period(ledgers[-1], number, rng))
    return ledgers


def measure(rows: int, periods: int, repeat: int) -> dict[str, float | int | str]:
    ledgers = history(rows, periods)
    *older, previous, current = ledgers
    times: list[float] = []
    cpu: list[float] = []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = compare(current, previous, history=older)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    light_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        lights(current, dt.date(2022, 11, 12))
        light_times.append(time.perf_counter() - start)
    assert result is not None
    return {"rows": len(current.rows), "periods": len(older) + 1,
            "compare_s": statistics.median(times), "compare_cpu_s": statistics.median(cpu),
            "lights_s": statistics.median(light_times), "pending": len(result.pending),
            "lagging_rows": len(result.lagging_rows), "links": len(result.previous.matching.links)}


def block(figures: list[dict[str, float | int | str]], command: str) -> str:
    lines = [START, "## 跨期对比（`python -m bench.periods`）", "",
             f"- 命令：`{command}`；日期：{time.strftime('%Y-%m-%dT%H:%M:%S%z')}；"
             "单进程内计时（台账已在内存中，如同由文件或历史库读出后交给分析），取中位数。",
             f"- 测量时机器负载（1 分钟平均）：{_load()}（{os.cpu_count()} 核，与其他工程师共用）；"
             "负载高时墙钟时间远大于 CPU 时间，CPU 时间更能说明空闲机器上的耗时。",
             "- 合成数据：bench.synth 的台账为第1期，此后每期约 15% 的行改变状态、2% 的任务改措辞"
             "（加/去“加快”）、1% 的任务删除、新增任务补足删除的行数，进展文字逐期加长。"
             "合成任务取自很小的词表（10 个动词 × 20 个对象），彼此相似，所以“待确认”比真实台账多"
             "（seed-002 的三期示例中，49 项里只有真正的拆分与改名 2 处待确认）。", "",
             "| 目标 | 每期行数 | 历史期数（不含本期） | 对比耗时 | 其中 CPU 时间 | 预警耗时 | 上期→本期自动匹配 | 待确认 | 连续滞后行 | 达成 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|"]
    for f in figures:
        met = "✓" if float(f["compare_s"]) < 2.0 else "✗"
        lines.append(f"| 对比 < 2 s | {int(f['rows']):,} | {f['periods']} | {float(f['compare_s']):.2f} s | "
                     f"{float(f['compare_cpu_s']):.2f} s | "
                     f"{float(f['lights_s']):.3f} s | {f['links']} | {f['pending']} | "
                     f"{f['lagging_rows']} | {met} |")
    lines.append(END)
    return "\n".join(lines)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "未知"


def record(text: str, results: Path) -> None:
    """Replace this benchmark's block in results.md, or append it; nothing else changes."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    else:
        new = (old.rstrip("\n") + "\n\n" if old.strip() else "") + text + "\n"
    results.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.periods", description="跨期对比基准")
    parser.add_argument("--rows", default="5000", help="每期行数，逗号分隔")
    parser.add_argument("--periods", type=int, default=12, help="历史期数（不含本期）")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    parser.add_argument("--no-record", action="store_true", help="只打印，不写 results.md")
    args = parser.parse_args(argv)
    figures = []
    for rows in (int(n) for n in args.rows.split(",")):
        figure = measure(rows, args.periods, args.repeat)
        print(f"{rows:>6,} 行 × {args.periods} 期：对比 {float(figure['compare_s']):.2f} s"
              f"（CPU {float(figure['compare_cpu_s']):.2f} s），"
              f"预警 {float(figure['lights_s']):.3f} s", file=sys.stderr)
        figures.append(figure)
    command = "python -m bench.periods " + " ".join(argv if argv is not None else sys.argv[1:])
    if not args.no_record:
        record(block(figures, command.strip()), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
