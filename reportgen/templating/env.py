"""The one place that builds the Jinja2 environment: sandboxed, autoescaped, strict."""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.resources import data_dir
from reportgen.templating.filters import FILTERS


def make_environment(user_dirs: tuple[Path, ...] | list[Path] = ()) -> jinja2.Environment:
    """An environment whose templates in ``user_dirs`` override the built-in ones.

    The sandbox keeps a user's template away from the file system and Python internals;
    StrictUndefined turns a misspelt variable into an error instead of an empty string.
    """
    search = [str(d) for d in user_dirs if Path(d).is_dir()] + [str(data_dir("templates"))]
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env
