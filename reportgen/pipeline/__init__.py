"""The pipeline: the only entry the front ends (CLI, web) call.

``core`` runs one build: load → validate → analyse → render → write; ``workdir`` the chores
around it (a new work folder, fill-in forms, the fonts report). Each further room of the
monthly cycle (import, history, 督办, check…) adds its own module here; front ends import it as
``from reportgen.pipeline import <module>``.

Names are imported on first use (PEP 562 ``__getattr__``), so that ``reportgen --help`` and
the light commands do not pay for the template engine, the writers and their libraries.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.pipeline.core import (
        Analysis,
        BuildResult,
        Prepared,
        Step,
        analyse,
        analyse_target,
        build,
        default_config,
        is_config,
        prepare,
        resolve_config,
        validate,
    )
    from reportgen.pipeline.workdir import (
        collect_forms,
        fonts,
        init_workdir,
        leftover_files,
        split_forms,
    )

__all__ = [
    "Analysis", "BuildResult", "Step", "analyse", "analyse_target", "build", "collect_forms",
    "default_config", "fonts", "init_workdir", "is_config", "leftover_files", "Prepared", "prepare",
    "resolve_config", "split_forms", "validate",
]
_WORKDIR = frozenset({"collect_forms", "fonts", "init_workdir", "leftover_files", "split_forms"})
_CORE = frozenset(__all__) - _WORKDIR


def __getattr__(name: str) -> Any:
    """A core or workdir function on first use, or a pipeline room (submodule) by its name."""
    if name in _CORE or name in _WORKDIR:
        room = "core" if name in _CORE else "workdir"
        value = getattr(importlib.import_module(f"{__name__}.{room}"), name)
    elif not name.startswith("_"):
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
