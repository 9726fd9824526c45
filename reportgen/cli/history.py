"""The ``record`` and ``history`` commands: keep each period's ledger, look back over them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from reportgen.cli.app import cli, out, print_problems

# reportgen.pipeline.history is imported inside each command: SQLAlchemy and Alembic load
# only when the history is used, not at every start of reportgen.

DB_HELP = ("历史数据库：SQLite 文件路径，或 postgresql+psycopg://用户@主机/库名；"
           "默认为当前文件夹的 reportgen.db（或配置中的 db）。")


@cli.command(help="把一期台账记入历史数据库（同一期次再记需加 --replace）。")
@click.argument("ledger", type=click.Path(path_type=Path), metavar="台账|配置")
@click.option("--period", help="期次名称，如 2022年8-10月；默认取台账中的 period。")
@click.option("--db", metavar="库", help=DB_HELP)
@click.option("--replace", is_flag=True, help="替换已记录的同名期次（新数据写入成功后才替换）。")
def record(ledger: Path, period: str | None, db: str | None, replace: bool) -> None:
    from reportgen.pipeline import history as store

    result = store.record(ledger, period=period, db=db, replace=replace)
    verb = "已替换" if result.replaced else "已记录"
    out.print(f"{verb}期次“{result.period}”：{result.items} 项任务，{result.unit_rows} 行单位进展"
              f"（数据库 {result.database}）。", soft_wrap=True)
    if result.warnings:
        print_problems(result.warnings)


@cli.command(help="查看历史：不给参数时列出已记录的期次；给出任务（任务ID 或内容）或单位时，"
                  "列出它在各期的状态。")
@click.argument("query", required=False, metavar="[任务或单位]")
@click.option("--db", metavar="库", help=DB_HELP)
@click.option("--config", "config", type=click.Path(path_type=Path),
              help="报告配置：使用其中的 db 设置。")
def history(query: str | None, db: str | None, config: Path | None) -> None:
    from reportgen.pipeline import history as store

    if query is None:
        _periods(db, config)
        return
    found = store.history(query, db=db, config=config)
    label = "单位" if found.kind == "unit" else "任务"
    out.print(f"{label}：{query}", style="bold", end="")
    out.print(f"（共 {len(found.periods)} 期）", soft_wrap=True)
    from rich.table import Table

    table = Table("期次", "序号", "任务" if found.kind == "unit" else "责任单位", "状态", "进展")
    for period, rows in found.by_period().items():
        if not rows:
            table.add_row(period, "", "（本期没有）", "", "")
        for i, row in enumerate(rows):
            what = _short(row.task) if found.kind == "unit" else (row.unit or "（未列单位）")
            table.add_row(period if i == 0 else "", row.seq or "", what, row.status or "（未标）",
                          "已报送" if row.has_progress else "暂未报送")
    out.print(table)
    for period, how in found.linked.items():
        out.print(f"注：{period} 的任务没有相同的任务ID或文字，{how}，按同一任务列出。", soft_wrap=True)


def _periods(db: str | None, config: Path | None) -> None:
    from reportgen.pipeline import history as store

    periods = store.list_periods(db=db, config=config)
    if not periods:
        out.print("还没有记录任何期次：用 reportgen record 台账 记录第一期。")
        return
    from rich.table import Table

    table = Table("期次", "报告日期", "任务", "单位进展", "各状态", "记录时间")
    table.columns[0].no_wrap = True
    for p in periods:
        statuses = " ".join(f"{name or '未标'}{count}" for name, count in p.by_status.items())
        recorded = p.recorded_at.replace(tzinfo=dt.timezone.utc).astimezone()
        table.add_row(p.name, str(p.report_date or ""), str(p.items), str(p.unit_rows),
                      statuses, recorded.strftime("%Y-%m-%d %H:%M"))
    out.print(table)
    out.print(f"共 {len(periods)} 期。")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
