"""The ``split`` and ``collect`` commands: fill-in forms out to the units and back."""
from __future__ import annotations

from pathlib import Path

import click

from reportgen import pipeline
from reportgen.cli.app import cli, out, print_problems


@cli.command(help="拆分填报表：每个牵头单位一个 Excel 文件，供各单位填写进展。")
@click.argument("ledger", type=click.Path(path_type=Path), metavar="台账")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="输出目录。")
def split(ledger: Path, output: Path) -> None:
    paths = pipeline.split_forms(ledger, output)
    out.print(f"已为 {len(paths)} 个单位生成填报表，见 {output}")
    leftovers = pipeline.leftover_files(output, paths)
    if leftovers:
        print_problems(leftovers)


@cli.command(help="收集填报表：把各单位交回的表合并进台账，并写出合并报告。")
@click.argument("ledger", type=click.Path(path_type=Path), metavar="台账")
@click.argument("returned", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="交回的表...")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="合并后的新台账（.yaml 或 .xlsx）。")
@click.option("--force", is_flag=True, help="允许输出覆盖输入文件（如原台账）。")
def collect(ledger: Path, returned: tuple[Path, ...], output: Path, force: bool) -> None:
    summary, written = pipeline.collect_forms(ledger, list(returned), output, force)
    out.print(summary)
    for path in written:
        out.print(f"已生成 {path}")
