"""The ``import`` command: documents an office already has → a YAML ledger and a summary."""
from __future__ import annotations

from pathlib import Path

import click

from reportgen import pipeline
from reportgen.cli.app import cli, err, out, print_problems


@cli.command("import", help="导入已有文档（Word 表格或完成情况报告、.txt、.xls、.doc/.wps/.et），"
                            "写成 YAML 台账，并列出识别结果与未能归类的内容。")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="文件...")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="写出的 YAML 台账，如 台账.yaml。")
@click.option("--config", "config", type=click.Path(path_type=Path), default=None,
              help="同时写出报告配置：用导入的台账按原样重建第一个文档（标题、前言、进展标签等）。")
@click.option("--ids/--no-ids", default=True,
              help="为每个事项写入任务ID（默认写入，取自序号；各期序号不固定时用 --no-ids）。")
def import_command(files: tuple[Path, ...], output: Path, config: Path | None,
                   ids: bool) -> None:
    result = pipeline.importing.import_files(list(files), output, config, ids)
    for imported in result.files:
        for line in pipeline.importing.summary_lines(imported):
            out.print(line, markup=False, soft_wrap=True)
        if imported.warnings:
            err.print(f"提醒 {len(imported.warnings)} 条：")
            print_problems(imported.warnings)
    ledger = result.ledger
    out.print(f"共 {len(ledger.items)} 项任务，{len(ledger.rows)} 行单位进展。", markup=False)
    for path in result.written:
        out.print(f"已生成 {path}", markup=False)
