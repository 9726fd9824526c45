"""The ``fonts`` command: which font each role uses in the PDF."""
from __future__ import annotations

import click

from reportgen import pipeline
from reportgen.cli.app import cli, err, out


@cli.command(help="检查字体：每种字体在 PDF 中实际嵌入哪个字体，以及本机 LibreOffice/WPS 打开 Word "
                  "文件时用哪个字体显示（fc-match）。")
@click.option("--profile", default="gbt9704", help="样式配置名称或文件。")
def fonts(profile: str) -> None:
    from rich.table import Table

    choices, warnings = pipeline.fonts(profile)
    table = Table("Word 字体", "PDF 使用", "来源", "说明", "LibreOffice/WPS 显示为")
    for choice in choices:
        note = "替代字体" if choice.substitute else "正式字体"
        source = choice.file.name if choice.file else "系统字体"
        table.add_row(choice.word_name, choice.family or "（无）", source, note,
                      choice.office or "（无 fontconfig）")
    out.print(table)
    from rich.markup import escape

    for warning in warnings:
        err.print("[yellow]提醒：[/yellow]" + escape(str(warning)), soft_wrap=True, markup=True)
