"""Issue 16 measurements: start-up imports, YAML vs CSV validate, batch builds, PDF CPU use.

Every figure is a whole process as a user runs it (``python -m reportgen …``), measured in
the same run as its anchor; ``python -m bench`` calls these after the per-size tasks.
"""
from __future__ import annotations

import csv
import re
import statistics
import subprocess
import sys
from pathlib import Path

import yaml

from bench.measure import ROOT, Measurement, measure_command
from bench.synth import ledger_dict, make_ledger

SEED_DIR = ROOT / "examples" / "zhanhe-2022-08"
CSV_HEADER = ["序号", "分类", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]


def import_ms(args: list[str], repeat: int = 3) -> float:
    """Median total import time (ms) of ``python -X importtime -m reportgen ARGS``."""
    totals = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "reportgen", *args],
                              cwd=ROOT, capture_output=True, text=True, check=False)
        total, ours = 0, False
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
            ours = ours or bool(m and m.group(2).startswith("reportgen"))
            if m and ours:  # top-level imports from reportgen's own on (not Python's start-up)
                total += int(m.group(1))
        totals.append(total / 1000)
    return statistics.median(totals)


def startup(repeat: int) -> list[Measurement]:
    """Import time of ``--help`` and of ``validate`` of the seed-002 ledger (target < 150 ms)."""
    out = []
    for task, args in (("startup_help", ["--help"]),
                       ("startup_validate", ["validate", str(SEED_DIR / "台账.yaml")])):
        ms = import_ms(args, max(repeat, 3))
        wall = measure_command(task, 56, [sys.executable, "-m", "reportgen", *args],
                               max(repeat, 3))
        wall.steps = {"imports": ms / 1000}
        wall.inner_s = ms / 1000
        wall.note = f"导入共 {ms:.0f} ms（python -X importtime，各顶层模块累计之和）"
        out.append(wall)
    return out


def write_big_ledgers(rows: int, folder: Path) -> tuple[Path, Path]:
    """The same synthetic ledger as YAML (canonical contract) and as CSV (one row per unit)."""
    folder.mkdir(parents=True, exist_ok=True)
    ledger = make_ledger(rows)
    yaml_path, csv_path = folder / f"台账-{rows}.yaml", folder / f"台账-{rows}.csv"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    yaml_path.write_text(yaml.dump(ledger_dict(ledger), Dumper=dumper, allow_unicode=True,
                                   sort_keys=False, width=1000), encoding="utf-8")
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for item in ledger.items:
            for i, row in enumerate(item.rows):
                first = i == 0
                writer.writerow([item.seq if first else "", item.section if first else "",
                                 item.task if first else "", row.unit or "", row.person or "",
                                 row.progress or "", row.status or ""])
    return yaml_path, csv_path


def validate_formats(rows: int, folder: Path, repeat: int, timeout: float) -> list[Measurement]:
    """``reportgen validate`` of the YAML and of the CSV ledger: wall time and peak memory.

    The ledgers are written by a child process: a child started from this one would otherwise
    report this process's memory (the synthetic ledger) as its peak (ru_maxrss of a process
    counts the memory it had before exec).
    """
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from bench.cores import write_big_ledgers; "
                    "write_big_ledgers(int(sys.argv[1]), Path(sys.argv[2]))", str(rows),
                    str(folder)], cwd=ROOT, check=True)
    yaml_path, csv_path = folder / f"台账-{rows}.yaml", folder / f"台账-{rows}.csv"
    out = []
    for task, path in (("validate_yaml", yaml_path), ("validate_csv", csv_path)):
        cmd = [sys.executable, "-m", "reportgen", "validate", str(path)]
        out.append(measure_command(task, rows, cmd, repeat, timeout))
    return out


def batch_configs(count: int, folder: Path) -> list[Path]:
    """``count`` copies of the seed-002 config (docx, pdf, xlsx, 公开版 PDF), each its own folder."""
    text = (SEED_DIR / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("ledger: 台账.yaml",
                        f"ledger: {SEED_DIR / '台账.yaml'}\noutput_dir: 输出")
    configs = []
    for i in range(count):
        sub = folder / f"cfg{i:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "config.yaml").write_text(text, encoding="utf-8")
        configs.append(sub / "config.yaml")
    return configs


def batch(count: int, folder: Path, timeout: float) -> list[Measurement]:
    """The same ``count`` configs built with -j 1 and with the default (every core)."""
    configs = [str(p) for p in batch_configs(count, folder)]
    out = []
    for task, jobs in (("batch_j1", ["-j", "1"]), ("batch_jcores", [])):
        cmd = [sys.executable, "-m", "reportgen", "build", *configs, *jobs]
        out.append(measure_command(task, count, cmd, 1, timeout,
                                   note=f"{count} 个 seed-002 配置（docx + pdf + xlsx + 公开版）"))
    return out
