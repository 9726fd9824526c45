"""The ``validate`` and ``stats`` commands: read a ledger and report on it."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen import pipeline
from reportgen.cli.app import cli, echo, err, out, paragraph, print_problems

if TYPE_CHECKING:
    from reportgen.errors import Problem
    from reportgen.pipeline.compare import Comparison


@cli.command(help="检查台账文件（或报告配置的台账）：读出全部错误与提醒（相似的单位名称、"
                  "按 unit_aliases 改写的单位名称、与台账不符的 stats 改写等）。")
@click.argument("ledger", type=click.Path(path_type=Path), metavar="台账|配置")
def validate(ledger: Path) -> None:
    analysis = pipeline.validate(ledger)
    warnings = analysis.warnings
    s = analysis.stats
    units = f"，{s.units} 家牵头单位" if s.units else ""
    echo(f"{ledger}：有效。{s.items} 项任务，{s.unit_rows} 行单位进展{units}。")
    if warnings:
        echo(f"提醒 {len(warnings)} 条：", to_err=True)
        print_problems(warnings)


@cli.command(help="统计台账：任务数、单位数、各状态的件数与占比，到期预警（红黄绿）；"
                  "给出上期台账（或取自历史库）时与上期对比（新增、减少、好转、下滑、连续滞后）。")
@click.argument("target", type=click.Path(path_type=Path), metavar="台账|配置")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("--compare", "previous", type=click.Path(path_type=Path), metavar="上期台账",
              help="与上期台账对比（配置中的 compare: 也可给出）。")
@click.option("--from-history", is_flag=True,
              help="与历史库中排在本期之前的各期对比（上期为最近的一期；库见 --db）。")
@click.option("--db", help="历史库（文件或 postgresql+psycopg:// 地址；默认见配置，再次为当前目录的 "
                           "reportgen.db）。")
@click.option("--history", multiple=True, type=click.Path(path_type=Path), metavar="台账",
              help="更早的各期台账，从早到晚，可多次给出（用于“连续N期滞后”）。")
@click.option("--earlier", type=click.Path(path_type=Path), metavar="台账",
              help="另选一期（如年初）再对比一次。")
@click.option("--matches", type=click.Path(path_type=Path), metavar="匹配文件",
              help="跨期匹配确认文件（YAML）：读取已确认与已否决的匹配，并写入待确认的匹配。")
@click.option("--lag", "lag_periods", type=click.IntRange(min=1), default=None,
              help="连续几期滞后才列出（默认 2）。")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="日期",
              help="预警的报告日期 YYYY-MM-DD（默认：配置或台账的日期）。")
@click.option("--warn-days", type=click.IntRange(min=0), default=None,
              help="几天内到期标黄（默认 30）。")
@click.option("--rank", "ranking", is_flag=True, help="输出单位排名（同 reportgen rank）。")
def stats(target: Path, as_json: bool, previous: Path | None, from_history: bool,
          db: str | None, history: tuple[Path, ...],
          earlier: Path | None, matches: Path | None, lag_periods: int | None,
          on: dt.datetime | None, warn_days: int | None, ranking: bool) -> None:
    if ranking:
        from reportgen.cli.duban import print_ranking

        print_ranking(target, previous, as_json)
        return
    from rich.table import Table

    from reportgen.pipeline import compare

    analysis, report = compare.period_report(
        target, previous=previous, history=list(history), earlier=earlier, matches=matches,
        lag_periods=lag_periods, on=on.date() if on else None, warn_days=warn_days,
        from_history=from_history, db=db)
    s = analysis.stats
    counts = report.light_counts
    if as_json:
        data = s.to_json()
        data["lights"] = {"date": report.report_date.isoformat(), "counts": counts}
        if report.comparison is not None:
            data["compare"] = report.comparison.to_json()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        _print_warnings(report.warnings)  # on stderr: the JSON on stdout stays clean
        return
    out.print(str(analysis.ledger.title or target), style="bold", soft_wrap=True)
    units = f"，牵头单位 {s.units} 家" if s.units else "（不分责任单位）"
    out.print(f"任务 {s.items} 项，单位进展 {s.unit_rows} 行{units}。")
    if any(entry.count for entry in s.by_status):
        table = Table("状态", "件数", "占比")
        for entry in s.by_status:
            table.add_row(entry.name, str(entry.count), f"{entry.share}%")
        if s.no_status_rows:
            table.add_row("（未标状态）", str(s.no_status_rows), "")
        out.print(table)
    else:
        out.print("台账中没有完成情况（状态）。")
    if s.lagging_units:
        paragraph("存在滞后事项的单位：" + "、".join(s.lagging_units))
    if s.no_progress:
        paragraph("尚未报送进展的任务：" + "；".join(f"{i.seq or ''} {i.task}" for i in s.no_progress))
    out.print(f"预警（{report.report_date:%Y-%m-%d}）：" +
              "，".join(f"{name} {n} 行" for name, n in counts.items()))
    if report.comparison is not None:
        _print_comparison(report.comparison)
    _print_warnings(report.warnings)


def _print_warnings(warnings: list[Problem]) -> None:
    if warnings:
        err.print(f"提醒 {len(warnings)} 条：")
        print_problems(warnings)


def _print_comparison(comparison: Comparison) -> None:
    from rich.table import Table

    out.print("对比", style="bold", end="")
    out.print("（" + " → ".join(comparison.labels) + "）", soft_wrap=True)
    for sentence in comparison.sentences:
        paragraph(sentence)
    diff = comparison.previous
    table = Table("牵头单位", "好转", "下滑", "不变", "新列入", "上期滞后", "本期滞后")
    for u in diff.per_unit:
        if u.improved or u.slipped or u.lagging_before or u.lagging_after:
            table.add_row(u.unit, str(u.improved), str(u.slipped), str(u.unchanged), str(u.new),
                          str(u.lagging_before), str(u.lagging_after))
    out.print(table)
    if comparison.lagging_rows:
        out.print(f"连续{comparison.lag_periods}期及以上滞后的任务：")
        for streak in comparison.lagging_rows:
            task = streak.item.task if streak.item else ""
            paragraph(f"  {streak.unit or ''}（{streak.periods}期）：{task}", indent=4)
