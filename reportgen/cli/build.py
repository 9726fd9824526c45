"""The ``build`` and ``init`` commands: make documents from configs, start a working folder."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen import pipeline
from reportgen.cli.app import build_progress, cli, err, out, print_problems

if TYPE_CHECKING:
    from reportgen.errors import Problem
    from reportgen.pipeline.batch import BuildOutcome


@cli.command(help="生成文档：给出报告配置（也可直接给台账文件，按默认设置生成；可给多个，"
                  "多个时并行生成，某个失败不影响其他）。")
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="配置|台账...")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出目录（默认见配置）。")
@click.option("-f", "--format", "formats", multiple=True,
              help="只生成这些格式（docx、pdf、html、xlsx，可重复）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="同时使用几个进程：多个配置时同时生成几个配置（默认：CPU 核数），"
                   "一个配置时同时写出几个 PDF（默认：空闲的 CPU 核数）；-j 1 即逐个生成。")
def build(targets: tuple[Path, ...], output: Path | None, formats: tuple[str, ...],
          jobs: int | None) -> None:
    if output is not None and len(targets) > 1:
        raise click.UsageError("给出多个配置时不能用 -o：各配置写到各自的 output_dir。")
    if len(targets) == 1:
        jobs = pipeline.prestart.start(targets[0], list(formats) or None, jobs)
        with build_progress(list(targets)) as progress:
            result = pipeline.build(targets[0], output, list(formats) or None, progress(targets[0]),
                                    jobs=jobs)
        _report(result.outputs, result.warnings)
        return
    _build_many(list(targets), list(formats) or None, jobs)


def _build_many(targets: list[Path], formats: list[str] | None, jobs: int | None) -> None:
    """Every config in worker processes; each failure reported, exit status non-zero at the end."""
    from reportgen.pipeline import batch

    outcomes: dict[Path, BuildOutcome] = {}
    with build_progress(targets) as progress:
        steps: dict[Path, Callable[[str, int, int], None]] = {}

        def started(target: Path) -> None:
            steps[target] = progress(target)
            steps[target]("生成中", 0, 0)

        for outcome in batch.build_many(targets, formats, jobs, started):
            outcomes[outcome.target] = outcome
            steps[outcome.target]("完成" if outcome.ok else "失败", 1, 1)
    from rich.markup import escape

    failed = []
    for target in targets:
        outcome = outcomes[target]
        if outcome.ok:
            _report(outcome.outputs, outcome.warnings)
        else:
            failed.append(outcome)
            err.print(f"[red]错误：[/red]{escape(str(target))}：{escape(str(outcome.error))}",
                      soft_wrap=True, markup=True)
            print_problems(outcome.problems)
    if failed:
        err.print(f"[red]{len(targets)} 个配置中 {len(failed)} 个生成失败：[/red]"
                  + escape("、".join(str(o.target) for o in failed)) + "；其余已生成。",
                  soft_wrap=True, markup=True)
        raise SystemExit(failed[0].exit_code)


def _report(outputs: list[Path], warnings: list[Problem]) -> None:
    if warnings:
        err.print(f"提醒 {len(warnings)} 条：")
        print_problems(warnings)
    for path in outputs:
        out.print(f"已生成 {path}", soft_wrap=True)


@cli.command(help="新建工作目录：示例配置与台账，可直接生成。")
@click.argument("directory", type=click.Path(path_type=Path), metavar="目录")
def init(directory: Path) -> None:
    pipeline.init_workdir(directory)
    out.print(f"已创建 {directory}。下一步：reportgen build {directory / 'config.yaml'}")
