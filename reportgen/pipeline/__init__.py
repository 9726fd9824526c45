"""The pipeline: the only entry the front ends (CLI, web) call.

``core`` runs one build: load → validate → analyse → render → write. Each further room of the
monthly cycle (import, history, 督办, check…) adds its own module here; front ends import it as
``from reportgen.pipeline import <module>``.
"""
from reportgen.pipeline import importing, kinds
from reportgen.pipeline.core import (
    Analysis,
    BuildResult,
    Prepared,
    Step,
    analyse,
    analyse_target,
    build,
    collect_forms,
    default_config,
    fonts,
    init_workdir,
    is_config,
    prepare,
    resolve_config,
    split_forms,
    validate,
)

__all__ = [
    "Analysis", "BuildResult", "Step", "analyse", "analyse_target", "build", "collect_forms",
    "default_config", "fonts", "init_workdir", "is_config", "Prepared", "prepare",
    "resolve_config", "split_forms", "validate",
    "importing", "kinds",
]
