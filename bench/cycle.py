"""The monthly-cycle benchmark: record a year of 5,000-row periods into one store, read it back.

``python -m bench.cycle [--rows 5000] [--periods 12] [--db URL]`` writes the YAML ledgers of
the periods first (not measured), then records them one after another with
``reportgen.pipeline.history.record`` (read + validate + one write transaction), timing each,
and then the reads that the comparison and the CLI make. The figures go to bench/cycle.json and
into their own keep block of bench/results.md (which python -m bench carries over); the rest
of results.md is left as it is.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.measure import run_child
from bench.synth import ledger_dict, make_ledger
from reportgen.model import Ledger

HERE = Path(__file__).parent
RECORD_TARGET_S = 3.0
BEGIN, END = "<!-- keep:cycle -->", "<!-- /keep:cycle -->"  # kept by python -m bench
STATUSES = ["积极", "正常", "一般", "滞后"]


def period_name(index: int) -> str:
    return f"{2022 + index // 12}年{index % 12 + 1}月"


def period_ledger(base: Ledger, index: int) -> Ledger:
    """Period ``index`` of the year: the same tasks (with ids), about a quarter of the statuses
    and progress texts changed since the period before."""
    rng = random.Random(index)
    items = []
    for item in base.items:
        rows = [row.model_copy(update={"status": rng.choice(STATUSES),
                                       "progress": f"{row.progress or ''}（第{index + 1}期更新）"})
                if rng.random() < 0.25 else row for row in item.rows]
        items.append(item.model_copy(update={"id": f"T{item.seq}", "rows": rows}))
    return base.model_copy(update={"period": period_name(index), "items": items,
                                   "title": f"某区2022年重点工作任务{period_name(index)}推进情况台账"})


def write_periods(rows: int, periods: int, folder: Path) -> list[Path]:
    base = make_ledger(rows)
    paths = []
    for index in range(periods):
        ledger = period_ledger(base, index)
        data = ledger_dict(ledger)
        items: list[dict[str, Any]] = data["items"]  # type: ignore[assignment]
        for entry, item in zip(items, ledger.items, strict=True):
            entry["id"] = item.id
        path = folder / f"台账-{index + 1:02d}.yaml"
        path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                                  allow_unicode=True, sort_keys=False, width=1000),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def _cpu(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall time and CPU time of this process (CPU time is what the work costs when the
    machine is shared: on a busy machine wall time is several times larger)."""
    cpu = time.process_time()
    wall, value = _timed(action)
    return wall, time.process_time() - cpu, value


def run(rows: int, periods: int, db: str, folder: Path) -> dict[str, Any]:
    """Record every period, then time the reads; returns the figures."""
    from reportgen.loaders import load_ledger
    from reportgen.pipeline import history

    paths = write_periods(rows, periods, folder)
    records, loads, records_cpu, loads_cpu = [], [], [], []
    for index, path in enumerate(paths):
        load_s, load_cpu, _ = _cpu(lambda p=path: load_ledger(p))  # type: ignore[misc]
        record_s, record_cpu, result = _cpu(lambda p=path: history.record(p, db=db))  # type: ignore[misc]
        assert result.unit_rows == rows, result
        records.append(record_s)
        loads.append(load_s)
        records_cpu.append(record_cpu)
        loads_cpu.append(load_cpu)
        print(f"  第{index + 1:>2}期 {period_name(index)}：record {record_s:.2f} s"
              f"（CPU {record_cpu:.2f} s；其中读取校验 {load_s:.2f} s，CPU {load_cpu:.2f} s）",
              file=sys.stderr, flush=True)
    last = period_name(periods - 1)
    unit = make_ledger(rows).rows[0][1].lead_unit or ""
    reads = {
        "load_period": _timed(lambda: history.load_period(last, db=db))[0],
        "load_previous": _timed(lambda: history.load_previous(last, db=db))[0],
        "load_series": _timed(lambda: history.load_series(db=db))[0],
        "list_periods": _timed(lambda: history.list_periods(db=db))[0],
        "history_unit": _timed(lambda: history.history(unit, db=db))[0],
        "history_task": _timed(lambda: history.history("T1", db=db))[0],
    }
    replace_path = paths[-1]
    cli = run_child([sys.executable, "-m", "reportgen", "record", str(replace_path), "--db", db,
                     "--replace"], cwd=folder)
    size = Path(db.removeprefix("sqlite:///")).stat().st_size if db.startswith("sqlite") else None
    return {"rows": rows, "periods": periods, "record_s": records, "load_s": loads,
            "record_cpu_s": records_cpu, "load_cpu_s": loads_cpu, "load_average": _loadavg(),
            "reads_s": reads, "unit": unit, "cli_replace_wall_s": cli.wall_s, "cli_peak_mb": cli.peak_mb,
            "cli_error": cli.error, "db_bytes": size}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "未知"


def section(figures: dict[str, Any], command: str, started: str, backend: str) -> str:
    """The Markdown section of results.md for one run."""
    records, loads = figures["record_s"], figures["load_s"]
    records_cpu, loads_cpu = figures["record_cpu_s"], figures["load_cpu_s"]
    writes_cpu = [r - lo for r, lo in zip(records_cpu, loads_cpu, strict=True)]
    worst, worst_cpu = max(records), max(records_cpu)
    met = "✓" if worst_cpu < RECORD_TARGET_S else "✗"
    reads = figures["reads_s"]
    size = figures["db_bytes"]
    lines = [
        BEGIN, "## 期次历史（record 与读取；issue 13）", "",
        f"- 命令：`{command}`；日期：{started}；后端：{backend}；"
        f"运行结束时的负载（1/5/15 分钟）：{figures['load_average']}（2 核）",
        f"- {figures['periods']} 期，每期 {figures['rows']:,} 行（同一批任务带任务ID，每期约四分之一的"
        "状态与进展改变），依次记入同一个数据库；每期计时为 `pipeline.history.record` 的全程"
        "（读取 YAML、校验、一个写事务），进程内计时，不含解释器启动。",
        "- 同时给出墙钟时间与本进程的 CPU 时间：机器被其他工程师的测试占满时墙钟时间是 CPU 时间的数倍；"
        "空闲机器上两者相近。目标按 CPU 时间判断，墙钟时间照实列出"
        + ("（PostgreSQL 服务器进程的 CPU 时间不在其内）。" if not backend.startswith("SQLite")
           else "。"),
        "",
        "| 目标 | 实测 | 达成 |", "|---|---|:-:|",
        f"| record 5,000 行一期 < {RECORD_TARGET_S:.0f} s（{backend}，{len(records)} 期中最慢的一期） | "
        f"CPU {worst_cpu:.2f} s（墙钟 {worst:.2f} s） | {met} |",
        "",
        "| 测量 | 中位（CPU） | 最慢（CPU） | 中位（墙钟） | 最慢（墙钟） | 说明 |",
        "|---|---:|---:|---:|---:|---|",
        f"| record 一期（全程） | {statistics.median(records_cpu):.2f} s | {worst_cpu:.2f} s | "
        f"{statistics.median(records):.2f} s | {worst:.2f} s | 第 1 期含建库与迁移 |",
        f"| 其中读取与校验台账（load_ledger） | {statistics.median(loads_cpu):.2f} s | "
        f"{max(loads_cpu):.2f} s | {statistics.median(loads):.2f} s | {max(loads):.2f} s | 单独计时一次 |",
        f"| 其中写入（record − 读取） | {statistics.median(writes_cpu):.2f} s | "
        f"{max(writes_cpu):.2f} s | | | 一个事务，含打开数据库 |",
        f"| load_period 一期（{figures['rows']:,} 行读回为 Ledger） | | | "
        f"{reads['load_period']:.2f} s | | |",
        f"| load_previous（上一期） | | | {reads['load_previous']:.2f} s | | |",
        f"| load_series（全部 {figures['periods']} 期） | | | {reads['load_series']:.2f} s | | |",
        f"| list_periods（各期计数） | | | {reads['list_periods']:.2f} s | | |",
        f"| history 单位（{figures['unit']}，各期全部行） | | | {reads['history_unit']:.2f} s | | |",
        f"| history 任务（按任务ID） | | | {reads['history_task']:.2f} s | | |",
        f"| `reportgen record … --replace`（子进程，含启动） | | | "
        f"{figures['cli_replace_wall_s']:.2f} s | | 峰值 {figures['cli_peak_mb']:.0f} MB"
        f"{'；失败：' + figures['cli_error'] if figures['cli_error'] else ''} |",
    ]
    if size:
        lines.append(f"| 数据库文件大小（{figures['periods']} 期） | | | "
                     f"{size / 1024 / 1024:.0f} MB | | |")
    lines += ["", END]
    return "\n".join(lines)


def splice(results: Path, text: str) -> None:
    """Replace this benchmark's section of results.md (or append it), leaving the rest as is."""
    current = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + text + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    results.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cycle", description="期次历史基准测试")
    parser.add_argument("--rows", type=int, default=5000, help="每期行数")
    parser.add_argument("--periods", type=int, default=12, help="期数")
    parser.add_argument("--db", help="数据库地址（默认临时文件夹中的 SQLite 文件）")
    parser.add_argument("--out", type=Path, default=HERE, help="results.md / cycle.json 的目录")
    args = parser.parse_args(argv)
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    command = "python -m bench.cycle" + ("" if not (argv or sys.argv[1:]) else
                                         " " + " ".join(argv if argv is not None else sys.argv[1:]))
    with tempfile.TemporaryDirectory(prefix="reportgen-cycle-") as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'reportgen.db'}"
        figures = run(args.rows, args.periods, db, Path(tmp))
    backend = "SQLite（WAL）" if db.startswith("sqlite") else db.split("://")[0]
    text = section(figures, command, started, backend)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "cycle.json").write_text(json.dumps(
        {"command": command, "date": started, "backend": backend, **figures},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    splice(args.out / "results.md", text)
    print(text, file=sys.stderr)


if __name__ == "__main__":
    main()
