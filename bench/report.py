"""Write a benchmark run as bench/results.md (Markdown tables) and bench/results.json."""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.measure import Measurement
from bench.targets import Check, Results, growth

LABELS = {
    "docx": "docx 附件（模板渲染 + Word 写出）",
    "docxtpl": "docxtpl 同一表格（对照）",
    "xlsx": "xlsx 台账（带格式、合并、统计表）",
    "openpyxl_plain": "openpyxl 同样单元格、无格式（对照）",
    "xlsxwriter": "XlsxWriter 同样带格式单元格（对照）",
    "pdf": "PDF 附件（模板渲染 + WeasyPrint）",
    "pdf_chunked": "原型：同一 PDF 分块排版、子进程并行写出（bench/pdf_chunks.py）",
    "soffice": "LibreOffice 把同一 docx 转 PDF（对照）",
    "build": "reportgen build 通报全套（docx + xlsx + pdf，子进程含启动）",
    "build_seed002": "reportgen build examples/zhanhe-2022-08（seed 002，含公开版 PDF）",
    "build_seed002_single_pdf": "同一构建，不含公开版 PDF",
    "weasyprint_plain": "单进程 WeasyPrint 一次排版同一 HTML（对照，table-layout: fixed）",
    "startup_help": "reportgen --help（子进程；内部计时 = 导入耗时）",
    "startup_validate": "reportgen validate seed-002 台账（子进程；内部计时 = 导入耗时）",
    "validate_yaml": "reportgen validate YAML 台账（子进程）",
    "validate_csv": "reportgen validate 同一台账的 CSV（子进程）",
    "batch_j1": "reportgen build 20 个配置 -j 1（顺序）",
    "batch_jcores": "reportgen build 20 个配置（默认 -j 核数，并行）",
    "import_docx": "reportgen import Word 附件（子进程，含启动）",
}
FINDINGS = Path(__file__).with_name("findings.md")


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for name in ("python-docx", "openpyxl", "weasyprint", "jinja2", "docxtpl", "xlsxwriter"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "未安装"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory,
            "os": platform.platform(), "python": platform.python_version(),
            "libraries": versions, "libreoffice": _libreoffice_version()}


def _libreoffice_version() -> str:
    from bench.compare import soffice_binary

    binary = soffice_binary()
    if not binary:
        return "未安装"
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
        return done.stdout.strip() or "未知"
    except (OSError, subprocess.TimeoutExpired):
        return "未知"


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(measurements: list[Measurement]) -> list[str]:
    lines = ["| 输出 | 行数 | 次数 | 中位耗时（内部计时） | 中位耗时（子进程，含启动） | 峰值内存 MB "
             "| CPU 核（CPU 时间 ÷ 墙钟） | 分步 / 说明 |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for m in measurements:
        steps = "，".join(f"{k} {v:.2f} s" for k, v in m.steps.items() if k != "total")
        detail = "；".join(x for x in (steps, m.note or "", f"失败：{m.error}" if m.error else "")
                          if x)
        lines.append(f"| {LABELS.get(m.task, m.task)} | {m.rows:,} | {m.runs} | "
                     f"{_num(m.inner_s)} | {_num(m.wall_s)} | {_num(m.peak_mb, 0)} | "
                     f"{_num(m.cpu_s / m.wall_s if m.cpu_s is not None and m.wall_s else None)} | "
                     f"{detail.replace('|', '/')} |")
    return lines


def _ratios(results: Results, sizes: list[int]) -> list[str]:
    pairs = [("docx ÷ docxtpl（内部计时）", "docx", "docxtpl", "inner"),
             ("xlsx ÷ openpyxl 无格式（格式的代价）", "xlsx", "openpyxl_plain", "inner"),
             ("xlsx ÷ XlsxWriter 带格式", "xlsx", "xlsxwriter", "inner"),
             ("LibreOffice ÷ PDF（子进程，含启动；>1 即 reportgen 更快）", "soffice", "pdf", "wall"),
             ("PDF ÷ 分块原型（内部计时；>1 即原型更快）", "pdf", "pdf_chunked", "inner")]
    lines = ["| 比值 | " + " | ".join(f"{n:,} 行" for n in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for label, a, b, kind in pairs:
        cells = []
        for n in sizes:
            get = results.inner if kind == "inner" else results.wall
            value = results.ratio(get(a, n), get(b, n))
            cells.append("—" if value is None else f"{value:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _checks(checks: list[Check]) -> list[str]:
    lines = ["| 目标 | 实测 | 达成 |", "|---|---|:-:|"]
    lines += [f"| {c.target} | {c.measured} | {c.mark} |" for c in checks]
    return lines


def write(out_dir: Path, command: str, started: str, elapsed: float, sizes: list[int],
          measurements: list[Measurement], checks: list[Check], notes: list[str],
          info: dict[str, Any] | None = None) -> None:
    """results.md and results.json in ``out_dir``."""
    info = info or machine()
    results = Results(measurements)
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {"command": command, "date": started, "elapsed_s": round(elapsed, 1),
               "machine": info, "sizes": sizes,
               "measurements": [m.to_json() for m in measurements],
               "targets": [{"target": c.target, "measured": c.measured, "met": c.met}
                           for c in checks],
               "notes": notes}
    (out_dir / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    lib = "，".join(f"{k} {v}" for k, v in info["libraries"].items())
    lines = [
        "# reportgen 基准测试结果", "",
        f"- 命令：`{command}`",
        f"- 日期：{started}（本次运行共 {elapsed / 60:.1f} 分钟）",
        f"- 机器：{info['cpu']}，{info['cores']} 核，内存 {info['memory']}；{info['os']}；"
        f"Python {info['python']}",
        f"- 库版本：{lib}；LibreOffice：{info['libreoffice']}",
        "- 方法：每次测量都在新的子进程中运行；“内部计时”只计工作本身（模板渲染 + 写出），"
        "“子进程”计时含解释器启动与导入；峰值内存为子进程（及其子进程）的最大常驻内存（wait4 "
        "ru_maxrss）；多次运行取中位数。",
        "- 注意：这台机器同时运行着其他工程师的测试，数字有噪声；比值（同一次运行中并排测量）"
        "比绝对时间更可靠。",
        "", "## 目标", "", *_checks(checks), "",
        "## 测量", "", *_table(measurements), "",
        "## 比值（同一次运行）", "", *_ratios(results, sizes), "",
        "## 增长（每 1,000 行耗时，秒；相近即线性）", "",
        *[f"- {LABELS[t]}：{growth(results, t, sizes)}" for t in ("docx", "xlsx", "pdf", "build")],
        "",
    ]
    if notes:
        lines += ["## 说明", "", *[f"- {n}" for n in notes], ""]
    if FINDINGS.exists():
        lines += [FINDINGS.read_text(encoding="utf-8").rstrip(), ""]
    lines += [*kept_blocks(out_dir / "results.md"), ""]
    (out_dir / "results.md").write_text("\n".join(lines), encoding="utf-8")


def kept_blocks(path: Path) -> list[str]:
    """Blocks other benchmarks wrote (``<!-- keep:NAME -->`` … ``<!-- /keep:NAME -->``), kept."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [m.group(0) + "\n" for m in re.finditer(
        r"<!-- keep:([\w-]+) -->.*?<!-- /keep:\1 -->", text, re.S)]


def rewrite(out_dir: Path) -> None:
    """Regenerate results.md from results.json (e.g. after editing findings.md)."""
    data = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    measurements = [Measurement(**m) for m in data["measurements"]]
    checks = [Check(t["target"], t["measured"], t["met"]) for t in data["targets"]]
    write(out_dir, data["command"], data["date"], data["elapsed_s"], data["sizes"], measurements,
          checks, data["notes"], data["machine"])


if __name__ == "__main__":
    rewrite(Path(__file__).parent)
