"""The ``reportgen`` command line: parses arguments, calls the pipeline, prints in Chinese.

Each command lives in its own module and registers itself on the group in ``app``; importing
the module is what adds the command. A new command is a new module and one import line here.
"""
from reportgen.cli import (  # noqa: F401  (importing a module registers its commands)
    build,
    check,
    duban,
    fonts,
    forms,
    history,
    importing,
    kinds,
    ledger,
    serve,
)
from reportgen.cli.app import cli, main

__all__ = ["cli", "main"]
