"""The ``check`` command: does a Word or PDF document meet GB/T 9704, and what to fix."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen.cli.app import cli, err, out

if TYPE_CHECKING:  # the checkers (lxml, pdfplumber) load when a document is checked
    from reportgen.pipeline.check import DocumentReport

MARKS = {"pass": "[green]✓ 符合[/green]", "fail": "[red]✗ 不符合[/red]",
         "warn": "[yellow]! 提醒[/yellow]", "na": "[dim]- 不适用[/dim]"}
SOURCES = {"docx": "文档设置", "rendered": "排版实测", "pdf": "PDF 实测"}


@cli.command(help="检查 Word（.docx）或 PDF 文档是否符合公文格式（GB/T 9704），并说明怎样改。"
                  "退出状态：0 全部符合，1 有不符合项，2 有文件无法读取。")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="文件.docx|文件.pdf|文件夹…")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("--profile", default="gbt9704", show_default=True, help="样式配置名称或文件。")
@click.option("--no-render", is_flag=True,
              help="Word 文档只查设置，不用 LibreOffice 排版实测（更快）。")
@click.option("--all", "show_all", is_flag=True, help="也列出不适用的规则。")
def check(files: tuple[Path, ...], as_json: bool, profile: str, no_render: bool,
          show_all: bool) -> int:
    from reportgen.pipeline import check as checking

    reports = checking.check(list(files), profile, render=not no_render)
    if as_json:
        click.echo(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print(report, show_all)
        if len(reports) > 1:
            good = sum(1 for r in reports if r.ok)
            bad = sum(1 for r in reports if r.error is None and not r.ok)
            unread = sum(1 for r in reports if r.error)
            out.print(f"共 {len(reports)} 个文件：{good} 个全部符合，{bad} 个有不符合项，"
                      f"{unread} 个无法读取。")
    return checking.exit_status(reports)


def _print(report: DocumentReport, show_all: bool) -> None:
    from rich.markup import escape

    from reportgen.pipeline.check import STATUS_LABELS

    out.print(f"[bold]{escape(report.path)}[/bold]", markup=True)
    if report.error:
        err.print(f"  [red]无法检查：[/red]{escape(report.error)}", soft_wrap=True, markup=True)
        return
    for result in report.results:
        if result.status == "na" and not show_all:
            continue
        line = (f"  {MARKS[result.status]}  {result.name}（{SOURCES.get(result.source, '')}）："
                f"{escape(result.measured)}")
        if result.status in ("fail", "warn") and result.expected:
            line += f"；应为 {escape(result.expected)}"
        out.print(line, soft_wrap=True, markup=True)
        if result.fix and result.status in ("fail", "warn"):
            out.print(f"      → {result.fix}", soft_wrap=True)
    for note in report.notes:
        out.print(f"  [dim]说明：{escape(note)}[/dim]", soft_wrap=True, markup=True)
    counts = {s: sum(1 for r in report.results if r.status == s) for s in STATUS_LABELS}
    verdict = "[green]全部符合[/green]" if report.ok else f"[red]{counts['fail']} 项不符合[/red]"
    out.print(f"  {verdict}（符合 {counts['pass']}，提醒 {counts['warn']}，"
              f"不适用 {counts['na']}）\n", markup=True)
