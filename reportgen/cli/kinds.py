"""The ``kinds`` command: the report kinds and the parameters each accepts in a config."""
from __future__ import annotations

import click

from reportgen import pipeline
from reportgen.cli.app import cli, out


@cli.command(help="列出文档类型（kind）及其参数（params）：名称、默认值与含义。")
@click.argument("kind", required=False, metavar="[类型]")
def kinds(kind: str | None) -> None:
    from rich.table import Table

    for info in pipeline.kinds.kinds(kind):
        table = Table(title=f"{info.name}：{info.purpose}", title_justify="left")
        table.add_column("参数", no_wrap=True)
        table.add_column("默认值")
        table.add_column("含义", overflow="fold")
        for name, default, meaning in info.params:
            table.add_row(name, default, meaning)
        out.print(table)
