"""Start-up: the light commands do not import the heavy libraries (not timed: which modules load)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_LEDGER = ROOT / "examples" / "zhanhe-2022-08" / "台账.yaml"

# Libraries that only writing documents, the period store or the web workbench need.
HEAVY = ["weasyprint", "docx", "openpyxl", "sqlalchemy", "fastapi", "pypdf", "lxml"]

PROBE = """
import json, sys
from reportgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("\\n" + json.dumps(sorted(m for m in sys.modules if "." not in m)))
"""


def loaded_after(*args: str) -> set[str]:
    """Top-level modules present in a fresh interpreter after running ``reportgen ARGS``."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library() -> None:
    loaded = loaded_after("--help")
    assert "reportgen" in loaded and "click" in loaded
    # Not even the model, the templates or the console library: help is click alone.
    assert loaded & {*HEAVY, "pydantic", "jinja2", "rich", "yaml", "rapidfuzz"} == set()


@pytest.mark.parametrize("command", ["build", "validate", "stats", "split", "collect", "fonts",
                                     "record", "history", "duban", "rank"])
def test_command_help_imports_no_heavy_library(command: str) -> None:
    assert loaded_after(command, "--help") & {*HEAVY, "pydantic", "jinja2"} == set()


def test_validate_imports_no_writer_library() -> None:
    loaded = loaded_after("validate", str(SEED_LEDGER))
    assert {"yaml", "pydantic"} <= loaded  # it did read and validate the ledger
    assert loaded & {*HEAVY, "jinja2", "rapidfuzz"} == set()  # no templates, no matching
