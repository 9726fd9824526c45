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
