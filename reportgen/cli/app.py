"""The command group, its Chinese help and error printing, and the console entry point."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from reportgen import __version__
from reportgen.errors import Problem, ReportgenError

if TYPE_CHECKING:
    from rich.console import Console


class _LazyConsole:
    """A rich Console made on first use: ``reportgen --help`` never imports rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


err = cast("Console", _LazyConsole(stderr=True, highlight=False))
out = cast("Console", _LazyConsole(highlight=False))

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


def echo(text: str, *, to_err: bool = False) -> None:
    """One line as it is (no markup, no wrapping), without loading the console library."""
    click.echo(text, err=to_err)


def print_problems(problems: list[Problem]) -> None:
    """Problems on stderr, one a line, a coloured dash on a terminal; the text is not markup."""
    for problem in problems:
        dash = click.style("-", fg="yellow" if problem.warning else "red")
        click.echo(f"  {dash} {problem}", err=True)


@contextmanager
def build_progress(targets: list[Path]) -> Iterator[Callable[[Path], Callable[[str, int, int], None]]]:
    """A progress bar per build target on a terminal; nothing at all in CI and pipes.

    Yields a factory: for each target, the step callback that the pipeline reports to.
    """
    if not err.is_terminal:
        yield lambda _: (lambda text, done, total: None)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (SpinnerColumn(), TextColumn("{task.fields[name]}"), BarColumn(),
               MofNCompleteColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=len(targets) == 1) as bar:
        def for_target(target: Path) -> Callable[[str, int, int], None]:
            task = bar.add_task("准备中", name=f"{target.parent.name}/{target.name}", total=None)

            def step(text: str, done: int, total: int) -> None:
                bar.update(task, description=text, completed=done, total=total or None)
            return step
        yield for_target


def _error(message: str) -> None:
    click.echo(click.style("错误：", fg="red") + message, err=True)


def _fail(message: str, code: int) -> NoReturn:
    _error(message)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: user errors print in Chinese, without a traceback."""
    try:
        result: Any = cli.main(args=argv, prog_name="reportgen", standalone_mode=False)
    except ReportgenError as exc:
        _error(exc.message)
        print_problems([p for p in exc.problems])
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


