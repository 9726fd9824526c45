"""The performance targets of issue 6, checked against a run's measurements."""
from __future__ import annotations

from dataclasses import dataclass

from bench.measure import Measurement

PDF_MEMORY_MB = 600.0


@dataclass
class Check:
    """One target: what it asks, the figure measured, and whether it is met (None: not measured)."""

    target: str
    measured: str
    met: bool | None
    note: str = ""

    @property
    def mark(self) -> str:
        return {True: "✓", False: "✗", None: "—"}[self.met]


class Results:
    """Measurements by (task, rows), with helpers for figures that may be missing."""

    def __init__(self, measurements: list[Measurement]) -> None:
        self.by_key = {(m.task, m.rows): m for m in measurements}

    def get(self, task: str, rows: int) -> Measurement | None:
        m = self.by_key.get((task, rows))
        return m if m is not None and m.error is None else None

    def inner(self, task: str, rows: int) -> float | None:
        m = self.get(task, rows)
        return m.inner_s if m else None

    def wall(self, task: str, rows: int) -> float | None:
        m = self.get(task, rows)
        return m.wall_s if m else None

    def ratio(self, a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None


def _s(value: float | None) -> str:
    return "未测" if value is None else f"{value:.2f} s"


def _x(value: float | None) -> str:
    return "未测" if value is None else f"{value:.2f}×"


def _ok(value: float | None, test: bool) -> bool | None:
    return None if value is None else test


def check(results: Results) -> list[Check]:
    """Every target of issue 6 with its measured figure."""
    r = results
    out: list[Check] = []
    docx_ratio = r.ratio(r.inner("docx", 5000), r.inner("docxtpl", 5000))
    out.append(Check("docx 5,000 行：不慢于 docxtpl（比值 ≤ 1.0）",
                     f"{_s(r.inner('docx', 5000))} / {_s(r.inner('docxtpl', 5000))} = "
                     f"{_x(docx_ratio)}", _ok(docx_ratio, (docx_ratio or 0) <= 1.0)))
    xlsx = r.inner("xlsx", 5000)
    out.append(Check("xlsx 5,000 行（带格式）< 3 s", _s(xlsx), _ok(xlsx, (xlsx or 0) < 3.0)))
    xw_ratio = r.ratio(xlsx, r.inner("xlsxwriter", 5000))
    out.append(Check("xlsx 5,000 行：不超过 XlsxWriter 的 3 倍",
                     f"{_s(xlsx)} / {_s(r.inner('xlsxwriter', 5000))} = {_x(xw_ratio)}",
                     _ok(xw_ratio, (xw_ratio or 0) <= 3.0)))
    pdf1k = r.inner("pdf", 1000)
    out.append(Check("PDF 1,000 行 < 15 s", _s(pdf1k), _ok(pdf1k, (pdf1k or 0) < 15.0)))
    pdf5k = r.inner("pdf", 5000)
    out.append(Check("PDF 5,000 行 < 50 s", _s(pdf5k), _ok(pdf5k, (pdf5k or 0) < 50.0)))
    m = r.get("pdf", 5000)
    peak = m.peak_mb if m else None
    out.append(Check(f"PDF 5,000 行峰值内存 < {PDF_MEMORY_MB:.0f} MB",
                     "未测" if peak is None else f"{peak:.0f} MB",
                     _ok(peak, (peak or 0) < PDF_MEMORY_MB)))
    speedup = r.ratio(r.wall("soffice", 1000), r.wall("pdf", 1000))
    out.append(Check("PDF 1,000 行：比 LibreOffice 快 ≥ 10 倍（均含进程启动）",
                     f"{_s(r.wall('soffice', 1000))} / {_s(r.wall('pdf', 1000))} = "
                     f"{_x(speedup)}", _ok(speedup, (speedup or 0) >= 10.0)))
    seed = r.wall("build_seed002", 56)
    out.append(Check("seed-002 全套（docx + xlsx + pdf + 公开版 PDF）< 3 s，含启动",
                     _s(seed), _ok(seed, (seed or 0) < 3.0)))
    return out


def growth(results: Results, task: str, sizes: list[int]) -> str:
    """Time per 1,000 rows at each size, to show whether growth is linear."""
    parts = []
    for rows in sizes:
        inner = results.inner(task, rows)
        if inner is not None and rows:
            parts.append(f"{rows}: {inner * 1000 / rows:.2f}")
    return "；".join(parts) if parts else "未测"


def _ratio_check(r: Results, target: str, a: tuple[str, int], b: tuple[str, int], limit: float,
                 wall: bool = True) -> Check:
    get = r.wall if wall else r.inner
    x, y = get(*a), get(*b)
    ratio = r.ratio(x, y)
    return Check(target, f"{_s(x)} / {_s(y)} = {_x(ratio)}", _ok(ratio, (ratio or 0) <= limit))


def check_issue16(r: Results) -> list[Check]:
    """The targets of issue 16 (use every core, waste no start-up), whole processes."""
    out = [
        _ratio_check(r, "16.1 PDF 1,000 行 ÷ LibreOffice ≤ 0.5（均含进程启动）",
                     ("pdf", 1000), ("soffice", 1000), 0.5),
        _ratio_check(r, "16.2 PDF 5,000 行 ÷ 单进程 WeasyPrint ≤ 0.4",
                     ("pdf", 5000), ("weasyprint_plain", 5000), 0.4),
    ]
    m = r.get("pdf", 5000)
    busy = m.cpu_s / m.wall_s if m and m.cpu_s is not None and m.wall_s else None
    out.append(Check("16.2 PDF 5,000 行：排版时 CPU ≥ 1.7 核（共 2 核；整个进程的 CPU 时间 ÷ 墙钟）",
                     "未测" if busy is None else f"{busy:.2f} 核", _ok(busy, (busy or 0) >= 1.7)))
    tree = m.tree_peak_mb if m else None
    out.append(Check("16.2 PDF 5,000 行：全部进程峰值内存合计 < 400 MB",
                     "未测" if tree is None else f"{tree:.0f} MB", _ok(tree, (tree or 0) < 400)))
    plain = r.get("weasyprint_plain", 5000)
    size = r.ratio(m.file_mb if m else None, plain.file_mb if plain else None)
    out.append(Check("16.2 PDF 5,000 行文件 ≤ 1.2 × 单进程 WeasyPrint 的 PDF（字体只嵌入一次）",
                     "未测" if size is None or m is None or plain is None else
                     f"{m.file_mb:.2f} MB / {plain.file_mb:.2f} MB = {size:.2f}×",
                     _ok(size, (size or 0) <= 1.2)))
    out.append(_ratio_check(r, "16.3 docx 5,000 行 ÷ docxtpl 脚本 ≤ 1.0（整个进程）",
                            ("docx", 5000), ("docxtpl", 5000), 1.0))
    for task, what in (("startup_help", "reportgen --help"),
                       ("startup_validate", "reportgen validate seed-002")):
        ms = r.inner(task, 56)
        out.append(Check(f"16.3 {what} 导入 < 0.15 s", _s(ms), _ok(ms, (ms or 0) < 0.15)))
    out.append(_ratio_check(r, "16.4 xlsx 5,000 行 ÷ XlsxWriter 脚本 ≤ 3.0（整个进程）",
                            ("xlsx", 5000), ("xlsxwriter", 5000), 3.0))
    rows = max((n for (t, n) in r.by_key if t == "validate_yaml"), default=50_000)
    out.append(_ratio_check(r, f"16.5 validate YAML ÷ CSV ≤ 1.5（{rows:,} 行）",
                            ("validate_yaml", rows), ("validate_csv", rows), 1.5))
    y = r.get("validate_yaml", rows)
    out.append(Check(f"16.5 validate YAML {rows:,} 行峰值内存 < 300 MB",
                     "未测" if y is None or y.peak_mb is None else f"{y.peak_mb:.0f} MB",
                     _ok(y.peak_mb if y else None, (y.peak_mb or 0) < 300 if y else False)))
    seq, par = r.wall("batch_j1", 20), r.wall("batch_jcores", 20)
    speed = r.ratio(seq, par)
    out.append(Check("16.7 批量 20 个配置：并行 ≥ 顺序的 1.7 倍",
                     f"{_s(seq)} / {_s(par)} = {_x(speed)}", _ok(speed, (speed or 0) >= 1.7)))
    imported = r.get("import_docx", 1000)
    wall = imported.wall_s if imported else None
    cpu = imported.cpu_s if imported else None
    out.append(Check("16.8 导入 1,000 行 Word 附件 < 3 s（reportgen import，整个进程）",
                     _s(wall) + ("" if cpu is None else f"（CPU {cpu:.2f} s）"),
                     _ok(wall, (wall or 0) < 3.0)))
    return out


def check_seed(r: Results) -> list[Check]:
    """16.6: the seed-002 package against the baseline checkout measured in the same run."""
    ratio = r.ratio(r.wall("build_seed002", 56), r.wall("build_seed002_baseline", 56))
    return [Check("16.6 seed-002 全套 ≤ 0.6 × 对照检出（--baseline，同一次运行）",
                  f"{_s(r.wall('build_seed002', 56))} / {_s(r.wall('build_seed002_baseline', 56))}"
                  f" = {_x(ratio)}", _ok(ratio, (ratio or 0) <= 0.6))]
