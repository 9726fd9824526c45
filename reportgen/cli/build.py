"""The ``build`` and ``init`` commands: make documents from configs, start a working folder."""
from __future__ import annotations

from pathlib import Path

import click

from reportgen import pipeline
from reportgen.cli.app import HELP_OPTION, build_progress, cli, err, out, print_problems


@cli.command(help="生成文档：CONFIG 为报告配置（也可直接给台账文件，按默认设置生成；可给多个）。")
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="CONFIG|LEDGER...")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出目录（默认见配置）。")
@click.option("-f", "--format", "formats", multiple=True,
              help="只生成这些格式（docx、pdf、html、xlsx，可重复）。")
@click.help_option(**HELP_OPTION)
def build(targets: tuple[Path, ...], output: Path | None, formats: tuple[str, ...]) -> None:
    if output is not None and len(targets) > 1:
        raise click.UsageError("给出多个配置时不能用 -o：各配置写到各自的 output_dir。")
    with build_progress(list(targets)) as progress:
        results = [pipeline.build(target, output, list(formats) or None, progress(target))
                   for target in targets]
    for result in results:
        if result.warnings:
            err.print(f"提醒 {len(result.warnings)} 条：")
            print_problems(result.warnings)
        for path in result.outputs:
            out.print(f"已生成 {path}")


@cli.command(help="新建工作目录：示例配置与台账，可直接生成。")
@click.argument("directory", type=click.Path(path_type=Path))
@click.help_option(**HELP_OPTION)
def init(directory: Path) -> None:
    pipeline.init_workdir(directory)
    out.print(f"已创建 {directory}。下一步：reportgen build {directory / 'config.yaml'}")
