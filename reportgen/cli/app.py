"""The command group, its Chinese help and error printing, and the console entry point."""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from reportgen import __version__
from reportgen.cli.click_zh import translate
from reportgen.errors import Problem, ReportgenError

if TYPE_CHECKING:
    from rich.console import Console

# pydantic looks for plugins (entry points of every installed distribution) when the first model
# is built: some milliseconds of every command that reads a ledger, for plugins reportgen does
# not use (and that would see every ledger text validated). Set before the model is imported; a
# user who wants them sets PYDANTIC_DISABLE_PLUGINS to an empty value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _LazyConsole:
    """A rich Console made on first use: ``reportgen --help`` never imports rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def console(self) -> Console:
        """The Console itself, for what needs the real object (rich's live display enters it
        as a context manager, which an attribute proxy cannot be)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console(), name)


# No markup by default: ledger texts, unit names and paths are printed as they are (a task reading
# "[/b]" broke rich's markup parser with a traceback). Styled lines say ``markup=True`` and
# escape what they quote.
_err = _LazyConsole(stderr=True, highlight=False, markup=False)
err = cast("Console", _err)
out = cast("Console", _LazyConsole(highlight=False, markup=False))

# Words click writes into help texts on its own, in Chinese.
_HELP_WORDS = [
    (re.compile(r"\bINTEGER RANGE\b"), "整数"), (re.compile(r"\bINTEGER\b"), "整数"),
    (re.compile(r"\bFLOAT\b"), "数值"), (re.compile(r"\bPATH\b"), "路径"),
    (re.compile(r"\bFILE\b"), "文件"), (re.compile(r"\bTEXT\b"), "文本"),
    (re.compile(r"\[x>=(\d+)\]"), r"[至少 \1]"), (re.compile(r"\[default: "), "[默认："),
    (re.compile(r"\[required\]"), "[必填]"),
]
HELP_TEXT = "显示本帮助并退出。"


def _help_words(text: str) -> str:
    for pattern, replacement in _HELP_WORDS:
        text = pattern.sub(replacement, text)
    return text


def _width(text: str) -> int:
    """Columns the text takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_LINE_START = set("，。、；：？！）】》”’…")  # punctuation never starts a line (GB/T 15834)
_NO_LINE_END = set("（【《“‘")  # nor does an opening one end it
_BREAK_AFTER = "。；！？"  # a line ending at a sentence's end rather than inside a word
_SENTENCE_SLACK = 8  # columns a line may give up to end at a sentence


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between Chinese characters or at spaces, at
    a sentence's end when one is near; a run of Latin letters and digits is never broken."""
    lines, line = [], ""
    for token in re.findall(r"[\x21-\x7e]+|\s+|.", " ".join(text.split())):
        if line and _width(line + token) > width:
            end = max(line.rfind(mark) for mark in _BREAK_AFTER) + 1
            if token in _NO_LINE_START and len(line) > 1:
                carried = line[-1]
                # "…滞后”" + "）": the closing quote goes down too, with the character before it
                while carried[0] in _NO_LINE_START and len(carried) < len(line) - 1:
                    carried = line[-len(carried) - 1:]
            elif 0 < end < len(line) and _width(line[end:]) <= _SENTENCE_SLACK:
                carried = line[end:].lstrip()
            else:
                carried = ""
            while len(carried) < len(line) - 1 and line[-len(carried) - 1] in _NO_LINE_END:
                carried = line[-len(carried) - 1:]
            lines.append(line[:len(line) - len(carried)].rstrip())
            line = "" if token.isspace() else carried + token
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def _short(command: click.Command, width: int) -> str:
    """A command's first sentence, cut to ``width`` columns with …"""
    text = " ".join((command.short_help or command.help or "").split())
    text = text.split("。")[0]
    while _width(text) > width:
        text = text[:-2] + "…"
    return text


def _write_rows(formatter: click.HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """click's definition list, aligned and wrapped by terminal columns, not characters."""
    first = min(max(_width(name) for name, _ in rows), 24)
    indent = " " * formatter.current_indent
    room = max((formatter.width or 80) - formatter.current_indent - first - 2, 20)
    for name, text in rows:
        lines = _wrap(text, room) or [""]
        if _width(name) > first:
            formatter.write(f"{indent}{name}\n")
        else:
            pad = " " * (first - _width(name) + 2)
            formatter.write(f"{indent}{name}{pad}{lines.pop(0)}".rstrip() + "\n")
        for line in lines:
            formatter.write(f"{indent}{' ' * (first + 2)}{line}\n")


class _Formatter(click.HelpFormatter):
    """click's help formatter with Chinese headings' full-width colon (选项：, not 选项:)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class _Context(click.Context):
    formatter_class = _Formatter


class ChineseHelp(click.Command):
    """A command whose help is Chinese: headings, placeholders and the help option itself."""

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "用法：")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            for line in _wrap(self.help, (formatter.width or 80) - formatter.current_indent - 2):
                formatter.write(f"{' ' * (formatter.current_indent + 2)}{line}\n")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(_help_words(name), _help_words(text)) for p in self.get_params(ctx)
                if isinstance(p, click.Option) and (record := p.get_help_record(ctx))
                for name, text in [record]]
        if rows:
            with formatter.section("选项"):
                _write_rows(formatter, rows)


_FORMS = "填报表用 reportgen split（按牵头单位拆分）与 reportgen collect（收集交回的表）。"
# Command names a clerk may try that click would answer with a wrong near spelling (forms → fonts).
GUESSED = {"forms": _FORMS, "form": _FORMS}


class ChineseGroup(ChineseHelp, click.Group):
    """The command group, with Chinese headings for its commands too."""

    command_class = ChineseHelp

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """A command name a clerk may guess gets the right one, not click's nearest spelling."""
        if args and args[0] in GUESSED and self.get_command(ctx, args[0]) is None:
            ctx.fail(f"没有这个命令：{args[0]}。{GUESSED[args[0]]}")
        return super().resolve_command(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ChineseHelp.format_options(self, ctx, formatter)
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) and not cmd.hidden]
        if commands:
            room = (formatter.width or 80) - formatter.current_indent - 12
            with formatter.section("命令"):
                _write_rows(formatter, [(name, _short(cmd, room)) for name, cmd in commands])


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help="reportgen：把督查台账一键生成督查通报、附件、Excel 台账和 PDF。")
@click.version_option(__version__, "--version", message="reportgen %(version)s",
                      help="显示版本号并退出。")
def cli() -> None:
    """Top-level group."""


def echo(text: str, *, to_err: bool = False) -> None:
    """One line as it is (no markup, no wrapping), without loading the console library."""
    click.echo(text, err=to_err)


def paragraph(text: str, indent: int = 0) -> None:
    """A line of Chinese text on stdout: on a terminal wrapped to its width by Chinese rules
    (no closing punctuation at a line's start, Latin words and numbers kept whole), its leading
    spaces kept and continued lines indented ``indent`` columns; through a pipe as it is."""
    if not out.is_terminal:
        click.echo(text)
        return
    lead = text[:len(text) - len(text.lstrip(" "))]
    lines = _wrap(text, max(out.width - max(indent, len(lead)), 20)) or [""]
    click.echo(lead + lines[0])
    for line in lines[1:]:
        click.echo(" " * indent + line)


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

    # Names and steps quote paths and document names: text, not markup.
    columns = (SpinnerColumn(), TextColumn("{task.fields[name]}", markup=False), BarColumn(),
               MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
               TimeElapsedColumn())
    with Progress(*columns, console=_err.console(), transient=len(targets) == 1) as bar:
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
        _fail(translate(exc.format_message()) + "（用 --help 查看用法）", 2)
    except KeyboardInterrupt:
        _fail("已中止。", 130)
    except OSError as exc:
        _fail(f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）", 5)
    if isinstance(result, int) and result:
        raise SystemExit(result)
