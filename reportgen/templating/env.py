"""The one place that builds the Jinja2 environment: sandboxed, autoescaped, strict, limited."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.errors import TemplateError
from reportgen.loaders.limits import check_path
from reportgen.resources import data_dir
from reportgen.templating.filters import FILTERS
from reportgen.templating.limits import (
    Budget,
    CheckedRange,
    RenderLimits,
    check_binop,
    limited_filter,
)

# A template is a few kilobytes; a file far larger is not one, and is refused before it is read.
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateLoader(jinja2.FileSystemLoader):
    """Serves template files (``*.j2``) that lie inside its folders, nothing else.

    The config's folder is a search folder (a user's ``bulletin.html.j2`` beside the config);
    without this a template could ``{% include %}`` any other file kept there (the ledger, a
    private note) and publish it, or a ``.j2`` symlink pointing anywhere. The file found is
    checked before a byte of it is read: inside the folders once symlinks are followed, a
    regular file (limits.check_path), at most MAX_TEMPLATE_BYTES.
    """

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        if not template.endswith(".j2"):
            raise jinja2.TemplateNotFound(template)
        pieces = split_template_path(template)
        for root in self.searchpath:
            path = Path(root, *pieces)
            try:
                if path.is_file():  # as Jinja: a FIFO or a device is not a template file
                    break
            except OSError:  # a name the file system cannot hold (too long): no such template
                continue
        else:
            raise jinja2.TemplateNotFound(template[:80])
        real = path.resolve()
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        if check_path(path, "模板", TemplateError) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"模板文件 {path} 超过 {MAX_TEMPLATE_BYTES // 1024} KB，不像模板，"
                                "拒绝读取")
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_TEMPLATE_BYTES + 1)
            mtime = path.stat().st_mtime
        except OSError as exc:
            raise TemplateError(f"无法读取模板文件 {path}：{exc.strerror or exc}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"模板文件 {path} 超过 {MAX_TEMPLATE_BYTES // 1024} KB，拒绝读取")
        try:
            source = data.decode(self.encoding)
        except UnicodeDecodeError:
            raise TemplateError(f"模板文件 {path} 不是 UTF-8 文本") from None

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, os.path.normpath(path), uptodate


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a deadline checked in its call and arithmetic hooks.

Attribute and item lookups are left unhooked: they are the most frequent operations of a
table template, and the output stream, ``range`` and the watchdog bound time without them.
"""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, budget: Budget, **options: Any) -> None:
        super().__init__(**options)
        self.budget = budget

    def call(__self, __context: Context, __obj: Any, *args: Any,  # noqa: N805 (Jinja's names)
             **kwargs: Any) -> Any:
        __self.budget.check()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.check()
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


def make_environment(user_dirs: tuple[Path, ...] | list[Path] = (),
                     limits: RenderLimits | None = None) -> LimitedSandbox:
    """An environment whose templates in ``user_dirs`` override the built-in ones.

    The sandbox keeps a user's template away from the file system and Python internals;
    StrictUndefined turns a misspelt variable into an error instead of an empty string; the
    budget bounds its time and the size of what it builds (see templating.limits).
    """
    search = [str(d) for d in user_dirs if Path(d).is_dir()] + [str(data_dir("templates"))]
    budget = Budget(limits or RenderLimits())
    env = LimitedSandbox(
        budget,
        loader=TemplateLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Jinja's own filters may build large values from small arguments (center, indent, batch,
    # replace…): wrapped. reportgen's filters are bounded by their input and left as they are.
    env.filters = {name: limited_filter(budget, f) for name, f in env.filters.items()}
    env.filters.update(FILTERS)
    env.globals.pop("lipsum", None)  # lipsum(n) builds n paragraphs in one call
    env.globals["range"] = lambda *args: CheckedRange(budget, *args)
    return env
