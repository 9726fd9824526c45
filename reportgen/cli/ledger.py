"""The ``validate`` and ``stats`` commands: read a ledger and report on it."""
from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from reportgen import pipeline
from reportgen.cli.app import HELP_OPTION, cli, err, out, print_problems


@cli.command(help="检查台账文件：读出全部错误与提醒（相似的单位名称等）。")
@click.argument("ledger", type=click.Path(path_type=Path))
@click.help_option(**HELP_OPTION)
def validate(ledger: Path) -> None:
    analysis = pipeline.validate(ledger)
    warnings = analysis.warnings
    s = analysis.stats
    out.print(f"{ledger}：有效。{s.items} 项任务，{s.unit_rows} 行单位进展，{s.units} 家牵头单位。")
    if warnings:
        err.print(f"提醒 {len(warnings)} 条：")
        print_problems(warnings)


@cli.command(help="统计台账：任务数、单位数、各状态的件数与占比。")
@click.argument("target", type=click.Path(path_type=Path), metavar="LEDGER|CONFIG")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.help_option(**HELP_OPTION)
def stats(target: Path, as_json: bool) -> None:
    analysis = pipeline.analyse_target(target)
    s = analysis.stats
    if as_json:
        click.echo(json.dumps(s.to_json(), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{analysis.ledger.title or target}[/bold]")
    out.print(f"任务 {s.items} 项，单位进展 {s.unit_rows} 行，牵头单位 {s.units} 家。")
    table = Table("状态", "件数", "占比")
    for entry in s.by_status:
        table.add_row(entry.name, str(entry.count), f"{entry.share}%")
    if s.no_status_rows:
        table.add_row("（未标状态）", str(s.no_status_rows), "")
    out.print(table)
    if s.lagging_units:
        out.print("存在滞后事项的单位：" + "、".join(s.lagging_units))
    if s.no_progress:
        out.print("尚未报送进展的任务：" + "；".join(f"{i.seq or ''} {i.task}" for i in s.no_progress))
