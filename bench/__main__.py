"""Run the benchmark: ``python -m bench [--sizes 100,1000,5000] [--repeat 3] [--only …]``."""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench import compare, cores, report
from bench.measure import ROOT, Measurement, child_command, measure, measure_command, run_child
from bench.synth import write_fixture
from bench.targets import Results, check, check_issue16, check_seed

OUTPUTS = ("docx", "xlsx", "pdf", "build", "seed", "cores", "import")
IMPORT_ROWS = 1000  # issue 16.8: importing a 1,000-row Word attachment < 3 s
SEED_002 = ROOT / "examples" / "zhanhe-2022-08" / "config.yaml"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="reportgen 基准测试")
    parser.add_argument("--sizes", default="100,1000,5000", help="台账行数，逗号分隔")
    parser.add_argument("--repeat", type=int, default=3, help="每项重复次数（取中位数）")
    parser.add_argument("--repeat-large", type=int, default=None,
                        help="5,000 行及以上的重复次数（默认同 --repeat）")
    parser.add_argument("--only", default=",".join(o for o in OUTPUTS if o != "seed"),
                        help="只测这些输出：docx,xlsx,pdf,build,cores,import（seed：只测 seed 002 全套，"
                             "不测各行数的 build；import：导入 1,000 行 Word 附件）")
    parser.add_argument("--no-compare", action="store_true", help="不运行对照（docxtpl 等）")
    parser.add_argument("--soffice-max", type=int, default=1000,
                        help="LibreOffice 对照的最大行数（它很慢）")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent,
                        help="results.md / results.json 的目录")
    parser.add_argument("--timeout", type=float, default=600.0, help="单次测量的超时（秒）")
    parser.add_argument("--validate-rows", type=int, default=50_000,
                        help="validate YAML 与 CSV 对比的台账行数")
    parser.add_argument("--batch", type=int, default=20, help="批量生成的配置个数")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="对照用的另一份 reportgen 检出（含 .venv），在同一次运行中测 seed 002")
    return parser.parse_args(argv)


class Runner:
    """Runs the selected measurements and keeps them in order."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.measurements: list[Measurement] = []
        self.notes: list[str] = []

    def repeat(self, rows: int) -> int:
        large = self.args.repeat_large
        return int(large if large is not None and rows >= 5000 else self.args.repeat)

    def add(self, m: Measurement) -> Measurement:
        self.measurements.append(m)
        figure = "失败：" + (m.error or "") if m.error else (
            f"内部 {m.inner_s or 0:.2f} s，子进程 {m.wall_s or 0:.2f} s，峰值 {m.peak_mb or 0:.0f} MB")
        print(f"  {m.task:<26} {m.rows:>6,} 行  {figure}", file=sys.stderr, flush=True)
        return m

    def task(self, name: str, rows: int) -> Measurement:
        m = measure(name, rows, self.workdir, self.repeat(rows), self.args.timeout)
        pdf = self.workdir / f"{name}-{rows}.pdf"
        if pdf.exists():
            m.file_mb = pdf.stat().st_size / 1e6
            m.note = "；".join(filter(None, [m.note, f"PDF {m.file_mb:.2f} MB，{_pages(pdf)} 页",
                                             f"全部进程峰值合计 {m.tree_peak_mb:.0f} MB"
                                             if m.tree_peak_mb else None]))
        return self.add(m)

    def soffice(self, rows: int) -> None:
        binary = compare.soffice_binary()
        if binary is None:
            self.notes.append("未安装 LibreOffice（soffice）：跳过 PDF 与 LibreOffice 的对照。")
            return
        if rows > self.args.soffice_max:
            self.notes.append(f"LibreOffice 对照只测到 {self.args.soffice_max:,} 行"
                              f"（更大的表 LibreOffice 要几分钟）；用 --soffice-max 调整。")
            return
        docx = self._docx(rows, "跳过 LibreOffice 对照")
        if docx is None:
            return
        profile = self.workdir / "lo-profile"
        outdir = self.workdir / "soffice"
        if not profile.exists():  # first start creates the profile: not part of the figure
            run_child(compare.soffice_command(docx, outdir, profile), timeout=self.args.timeout)
        target = outdir / f"docx-{rows}.pdf"
        target.unlink(missing_ok=True)
        m = measure_command("soffice", rows, compare.soffice_command(docx, outdir, profile), 1,
                            self.args.timeout, note="转换 reportgen 生成的同一 docx；只运行 1 次")
        if m.error is None and not target.exists():
            m.error = "LibreOffice 没有生成 PDF"
        pages = [_pages(self.workdir / f"pdf-{rows}.pdf"), _pages(target)]
        if all(pages):
            m.note = f"{m.note}；页数：reportgen {pages[0]}，LibreOffice {pages[1]}"
        self.add(m)

    def build(self, rows: int) -> None:
        folder = self.workdir / f"build-{rows}"
        config = write_fixture(rows, folder)
        cmd = [sys.executable, "-m", "reportgen", "build", str(config), "-o", str(folder / "out")]
        self.add(measure_command("build", rows, cmd, self.repeat(rows), self.args.timeout))

    def cores(self) -> None:
        """Issue 16: start-up imports, YAML vs CSV validate, batch builds."""
        print("启动、validate、批量", file=sys.stderr)
        for m in cores.startup(self.args.repeat):
            self.add(m)
        for m in cores.validate_formats(self.args.validate_rows, self.workdir / "validate",
                                        min(self.args.repeat, 2), self.args.timeout):
            self.add(m)
        for m in cores.batch(self.args.batch, self.workdir / "batch", self.args.timeout * 2):
            self.add(m)

    def _docx(self, rows: int, skipped: str) -> Path | None:
        """The 附件 docx of ``rows`` rows the docx task wrote, made once (unmeasured) when that
        task did not run; None, with a note saying what is ``skipped``, when it cannot be made."""
        docx = self.workdir / f"docx-{rows}.docx"
        if not docx.exists():
            run_child(child_command("docx", rows, self.workdir), timeout=self.args.timeout)
        if not docx.exists():
            self.notes.append(f"{rows:,} 行的 docx 未能生成：{skipped}。")
            return None
        return docx

    def import_docx(self, rows: int = IMPORT_ROWS) -> None:
        """``reportgen import`` of the Word attachment our docx writer makes (issue 16.8)."""
        docx = self._docx(rows, "跳过导入的测量")
        if docx is None:
            return
        out = self.workdir / "imported" / f"台账-{rows}.yaml"
        cmd = [sys.executable, "-m", "reportgen", "import", str(docx), "-o", str(out)]
        m = measure_command("import_docx", rows, cmd, self.args.repeat, self.args.timeout,
                            note="reportgen 自己写出的 Word 附件（docx 任务的输出）")
        if m.error is None and not out.exists():
            m.error = "没有写出 YAML 台账"
        self.add(m)

    def seed(self) -> None:
        out = self.workdir / "seed002"
        cmd = [sys.executable, "-m", "reportgen", "build", str(SEED_002), "-o", str(out)]
        self.add(measure_command("build_seed002", 56, cmd, max(self.args.repeat, 3),
                                 self.args.timeout))
        if self.args.baseline is not None:  # the same build by another checkout, same run
            base = self.args.baseline.resolve()
            cmd = [str(base / ".venv" / "bin" / "python"), "-m", "reportgen", "build",
                   str(base / "examples" / "zhanhe-2022-08" / "config.yaml"), "-o",
                   str(self.workdir / "seed002-baseline")]
            self.add(measure_command("build_seed002_baseline", 56, cmd,
                                     max(self.args.repeat, 3), self.args.timeout, cwd=base,
                                     note=f"对照：{base} 的同一构建"))
        # The same without the 公开版 PDF, which renders the same single document a second time.
        data = yaml.safe_load(SEED_002.read_text(encoding="utf-8"))
        data.pop("publish", None)
        data["ledger"] = str((SEED_002.parent / data["ledger"]).resolve())
        config = self.workdir / "seed002-no-publish.yaml"
        config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        cmd = [sys.executable, "-m", "reportgen", "build", str(config), "-o", str(out)]
        self.add(measure_command("build_seed002_single_pdf", 56, cmd, max(self.args.repeat, 3),
                                 self.args.timeout, note="同上，去掉公开版 PDF（它重复渲染同一文档）"))


def compile_bytecode(*roots: Path) -> list[Path]:
    """Bytecode for reportgen and the bench in each checkout, as an installed package has it.

    pip compiles a package's modules when it installs them. A checkout run with
    PYTHONDONTWRITEBYTECODE set (as this machine's shells are) keeps none, so every measured
    process would compile reportgen's modules from source again: ~35 ms of ``reportgen validate``,
    which no user's start-up pays. Returns the folders compiled.
    """
    done = []
    for root in roots:
        for folder in (root / "reportgen", root / "bench"):
            if folder.is_dir():
                compileall.compile_dir(folder, quiet=1)
                done.append(folder)
    return done


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _pages(path: Path) -> int | None:
    """Pages of a PDF, or None when it is missing or unreadable."""
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - a count for a note, never a reason to fail the run
        return None


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in OUTPUTS]
    if unknown:
        sys.exit(f"未知的输出：{'、'.join(unknown)}（可用：{'、'.join(OUTPUTS)}）")
    command = "python -m bench" + ("" if argv is None and len(sys.argv) == 1 else " " + shlex.join(
        argv if argv is not None else sys.argv[1:]))
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    begin = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    compiled = compile_bytecode(ROOT, *([args.baseline.resolve()] if args.baseline else []))
    load_before = _load()
    runner = Runner(args, workdir)
    runner.notes.append("字节码：测量前已编译 " + "、".join(str(f) for f in compiled) +
                        "（与 pip 安装后相同；否则设了 PYTHONDONTWRITEBYTECODE 的进程每次都从源码编译）")
    try:
        if "build" in only or "seed" in only:
            print("seed 002", file=sys.stderr)
            runner.seed()
        for rows in sizes:
            print(f"{rows:,} 行", file=sys.stderr)
            if "docx" in only:
                runner.task("docx", rows)
                if not args.no_compare:
                    runner.task("docxtpl", rows)
            if "xlsx" in only:
                runner.task("xlsx", rows)
                if not args.no_compare:
                    runner.task("openpyxl_plain", rows)
                    runner.task("xlsxwriter", rows)
            if "pdf" in only:
                runner.task("pdf", rows)
                if not args.no_compare:
                    if rows >= 5000:
                        runner.task("weasyprint_plain", rows)
                    runner.soffice(rows)
            if "build" in only:
                runner.build(rows)
        if "cores" in only:
            runner.cores()
        if "import" in only:
            print("导入 Word 附件", file=sys.stderr)
            runner.import_docx()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - begin
    runner.notes.append(f"负载（1/5/15 分钟平均）：开始 {load_before}，结束 {_load()}（2 核机器）")
    results = Results(runner.measurements)
    checks = check(results) + check_issue16(results) + check_seed(results)
    report.write(args.out, command, started, elapsed, sizes, runner.measurements, checks,
                 list(dict.fromkeys(runner.notes)))
    for c in checks:
        print(f"{c.mark} {c.target}：{c.measured}", file=sys.stderr)
    print(f"已写出 {args.out / 'results.md'} 与 results.json（{elapsed / 60:.1f} 分钟）",
          file=sys.stderr)


if __name__ == "__main__":
    main()
