"""Helpers shared by test files in every folder (importable as ``support``): the CLI run in
process, and the paths of the examples."""
from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.loaders import load_ledger

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


def load_or_refuse(name: str, data: bytes, codes: tuple[int, ...] = (2,)) -> None:
    """Load ``data`` as a ledger file called ``name``: a ledger with items, or a ReportgenError
    with a message and an exit status in ``codes``; any other exception fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            result = load_ledger(path)
        except ReportgenError as error:
            assert error.exit_code in codes and error.message, (error.exit_code, error.message)
        else:
            assert result.ledger.items


def load_script(path: Path, name: str) -> ModuleType:
    """A script of tools/ or ../shared/tools/ (not a package) imported as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def portrait_checks(pdf: Path, checker: Path) -> dict[str, dict[str, Any]]:
    """The GB/T 9704 checker's verdicts (by check name) on a PDF's numbered portrait pages.

    The checker measures portrait pages: landscape pages carry their number turned with the
    page, and GB/T 9704 7.5 numbers neither the 版记 page nor a blank page before it; those
    are left out (docs/layout-check.md).
    """
    import json
    import subprocess
    import sys

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(pdf)
    texts = [page.extract_text() or "" for page in reader.pages]
    keep = len(texts) - 1 - int(not texts[-2].strip())
    writer = PdfWriter()
    for page in reader.pages[:keep]:
        if page.mediabox.height > page.mediabox.width:
            writer.add_page(page)
    numbered = pdf.with_name(f"{pdf.stem}-numbered.pdf")
    writer.write(numbered)
    result = subprocess.run([sys.executable, str(checker), str(numbered), "--json"],
                            capture_output=True, text=True, check=False)
    checks = {c["check"]: c for c in json.loads(result.stdout)}
    assert checks, result.stderr
    return checks
