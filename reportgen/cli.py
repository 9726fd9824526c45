"""The ``reportgen`` command line: parses arguments, calls the pipeline, prints in Chinese."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from reportgen import __version__, pipeline
from reportgen.errors import Problem, ReportgenError

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

# click's own messages, in Chinese.
_CLICK_MESSAGES = [
    (r"Missing argument '(.+)'\.", r"缺少参数 \1。"),
    (r"No such option: (.+)", r"没有这个选项：\1"),
    (r"No such command '(.+)'\.", r"没有这个命令：\1。可用命令见 reportgen --help。"),
    (r"Option '(.+)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"Invalid value for '(.+)': (.+)", r"参数 \1 的值无效：\2"),
]


def _zh(message: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message.replace("does not exist", "不存在").replace("Path", "路径")


class ChineseHelp(click.Command):
    """A command whose help headings are Chinese."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)


class ChineseGroup(ChineseHelp, click.Group):
    """The command group, with Chinese headings for its commands too."""

    command_class = ChineseHelp

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ChineseHelp.format_options(self, ctx, formatter)
        rows = [(name, cmd.get_short_help_str(60)) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) and not cmd.hidden]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


CONTEXT = {"help_option_names": ["-h", "--help"]}
HELP_OPTION = {"help": "显示本帮助并退出。"}


@click.group(cls=ChineseGroup, context_settings=CONTEXT,
             help="reportgen：把督查台账一键生成督查通报、附件、Excel 台账和 PDF。")
@click.version_option(__version__, "--version", message="reportgen %(version)s",
                      help="显示版本号并退出。")
@click.help_option(**HELP_OPTION)
def cli() -> None:
    """Top-level group."""


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        style = "yellow" if problem.warning else "red"
        err.print(f"  [{style}]-[/{style}] {problem}", markup=True, soft_wrap=True)


@contextmanager
def _progress(targets: list[Path]) -> Iterator[Callable[[Path], Callable[[str, int, int], None]]]:
    """A progress bar per build target on a terminal; nothing at all in CI and pipes.

    Yields a factory: for each target, the step callback that the pipeline reports to.
    """
    if not err.is_terminal:
        yield lambda _: (lambda text, done, total: None)
        return
    columns = (SpinnerColumn(), TextColumn("{task.fields[name]}"), BarColumn(),
               MofNCompleteColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=len(targets) == 1) as bar:
        def for_target(target: Path) -> Callable[[str, int, int], None]:
            task = bar.add_task("准备中", name=f"{target.parent.name}/{target.name}", total=None)

            def step(text: str, done: int, total: int) -> None:
                bar.update(task, description=text, completed=done, total=total or None)
            return step
        yield for_target


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
        _print_problems(warnings)


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
    with _progress(list(targets)) as progress:
        results = [pipeline.build(target, output, list(formats) or None, progress(target))
                   for target in targets]
    for result in results:
        if result.warnings:
            err.print(f"提醒 {len(result.warnings)} 条：")
            _print_problems(result.warnings)
        for path in result.outputs:
            out.print(f"已生成 {path}")


@cli.command(help="新建工作目录：示例配置与台账，可直接生成。")
@click.argument("directory", type=click.Path(path_type=Path))
@click.help_option(**HELP_OPTION)
def init(directory: Path) -> None:
    pipeline.init_workdir(directory)
    out.print(f"已创建 {directory}。下一步：reportgen build {directory / 'config.yaml'}")


@cli.command(help="拆分填报表：每个牵头单位一个 Excel 文件，供各单位填写进展。")
@click.argument("ledger", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="输出目录。")
@click.help_option(**HELP_OPTION)
def split(ledger: Path, output: Path) -> None:
    paths = pipeline.split_forms(ledger, output)
    out.print(f"已为 {len(paths)} 个单位生成填报表，见 {output}")


@cli.command(help="收集填报表：把各单位交回的表合并进台账，并写出合并报告。")
@click.argument("ledger", type=click.Path(path_type=Path))
@click.argument("returned", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="合并后的新台账（.yaml 或 .xlsx）。")
@click.help_option(**HELP_OPTION)
def collect(ledger: Path, returned: tuple[Path, ...], output: Path) -> None:
    summary, written = pipeline.collect_forms(ledger, list(returned), output)
    out.print(summary)
    for path in written:
        out.print(f"已生成 {path}")


@cli.command(help="检查字体：每种字体角色在 PDF 中实际使用哪个字体。")
@click.option("--profile", default="gbt9704", help="样式配置名称或文件。")
@click.help_option(**HELP_OPTION)
def fonts(profile: str) -> None:
    choices, warnings = pipeline.fonts(profile)
    table = Table("Word 字体", "PDF 使用", "来源", "说明")
    for choice in choices:
        note = "替代字体" if choice.substitute else "正式字体"
        source = choice.file.name if choice.file else "系统字体"
        table.add_row(choice.word_name, choice.family or "（无）", source, note)
    out.print(table)
    for warning in warnings:
        err.print(f"[yellow]提醒：[/yellow]{warning}", soft_wrap=True)


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]错误：[/red]{message}", soft_wrap=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: user errors print in Chinese, without a traceback."""
    try:
        result: Any = cli.main(args=argv, prog_name="reportgen", standalone_mode=False)
    except ReportgenError as exc:
        err.print(f"[red]错误：[/red]{exc.message}", soft_wrap=True)
        _print_problems([p for p in exc.problems])
        raise SystemExit(exc.exit_code) from None
    except click.exceptions.Abort:
        _fail("已中止。", 130)
    except click.ClickException as exc:
        _fail(_zh(exc.format_message()) + "（用 --help 查看用法）", 2)
    except KeyboardInterrupt:
        _fail("已中止。", 130)
    except OSError as exc:
        _fail(f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）", 5)
    if isinstance(result, int) and result:
        raise SystemExit(result)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
