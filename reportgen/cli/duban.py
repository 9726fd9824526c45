"""The ``duban`` and ``rank`` commands: 督办通知单 for lagging units, and the unit ranking."""
from __future__ import annotations

import json
from pathlib import Path

import click

from reportgen.cli.app import build_progress, cli, out, print_problems


@cli.command(help="生成督办通知单：按配置中 kind: duban 的文档，为有滞后事项的单位各生成一份"
                  "通知单（含回执）、一份合并 PDF 和发送清单。")
@click.argument("config", type=click.Path(path_type=Path), metavar="配置")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出目录（默认见配置）。")
@click.option("--db", help="历史库（文件或 postgresql+psycopg:// 地址；默认见配置，再次为当前目录的 "
                           "reportgen.db），记住已发的编号与督办事项。")
def duban(config: Path, output: Path | None, db: str | None) -> None:
    from reportgen.pipeline import duban as duban_pipeline

    with build_progress([config]) as progress:
        result = duban_pipeline.build_duban(config, output, db=db, step=progress(config))
    if not result.notices:
        out.print("没有需要督办的事项，未生成通知单。")
        return
    from rich.table import Table

    table = Table("编号", "承办单位", "类型", "事项", "办理时限")
    for notice in result.notices:
        items = "、".join(e.item.seq or e.item.task[:12] for e in notice.items)
        table.add_row(notice.number, notice.unit, f"{notice.level}通知", items,
                      f"{notice.due:%Y-%m-%d}" if notice.due else "")
    out.print(table)
    for unit, item in result.criticised:
        out.print(f"第三次督办，建议通报批评：{unit}（{item.seq or ''} {item.task[:20]}）")
    for path in result.outputs:
        out.print(f"已生成 {path}")
    if result.warnings:
        print_problems(result.warnings)


@cli.command(help="单位排名（红黑榜）：按配置中的权重给每个单位打分，并列者名次相同。")
@click.argument("target", type=click.Path(path_type=Path), metavar="台账|配置")
@click.option("--previous", type=click.Path(path_type=Path),
              help="上期台账，用于计算进退趋势。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="同时写出 Excel 排名表（得分与名次为公式）。")
def rank(target: Path, previous: Path | None, as_json: bool, output: Path | None) -> None:
    print_ranking(target, previous, as_json, output)
    if output is not None:
        out.print(f"已生成 {output}")


def print_ranking(target: Path, previous: Path | None, as_json: bool,
                  workbook: Path | None = None) -> None:
    """Print the ranking table (also behind ``stats --rank``)."""
    from reportgen.pipeline import duban as duban_pipeline

    scores = duban_pipeline.rank(target, previous, workbook)
    if as_json:
        click.echo(json.dumps([{"rank": s.rank, "tied": s.tied, "unit": s.unit, "score": s.score,
                                "rows": s.rows, "good": s.good, "lagging": s.lagging,
                                "overdue": s.overdue, "improved": s.improved,
                                "slipped": s.slipped} for s in scores],
                              ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table("名次", "单位", "得分", "进展行数", "积极/正常", "滞后", "逾期", "进步", "退步")
    for s in scores:
        table.add_row(s.rank_text, s.unit, f"{s.score:g}", str(s.rows), str(s.good),
                      str(s.lagging), str(s.overdue), str(s.improved), str(s.slipped))
    out.print(table)
