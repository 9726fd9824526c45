"""Helpers shared by test files in every folder (importable as ``support``): the CLI run in
process, and the paths of the examples."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from reportgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED_002 = EXAMPLES / "zhanhe-2022-08"  # the 督查通报 example (seed 002)


def exit_status(args: Sequence[str | Path]) -> int:
    """``reportgen ARGS`` in this process; its exit status (0 when it returns normally)."""
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def run_cli(args: Sequence[str | Path],
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``reportgen ARGS`` in this process: exit status, standard output, standard error.

    Whatever the status, the CLI never prints a Python traceback (a house rule).
    """
    code = exit_status(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err[-2000:]
    return code, captured.out, captured.err
