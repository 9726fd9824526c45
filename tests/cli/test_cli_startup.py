"""Start-up: the light commands do not import the heavy libraries (not timed: which modules load)."""
from __future__ import annotations

import json
import os
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
print("\\n" + json.dumps(sorted(m for m in sys.modules
                           if "." not in m or m.startswith("reportgen."))))
"""


def loaded_after(*args: str) -> set[str]:
    """Top-level modules (and reportgen's own) in a fresh interpreter after ``reportgen ARGS``."""
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
    # Neither the console library (plain lines and problems are printed by click) nor the
    # config model (a bare ledger has no config): the model and PyYAML are what validate needs.
    assert loaded & {"rich", "reportgen.config", "reportgen.templating", "reportgen.writers"} \
        == set()
    # Nor the comparison with earlier periods: the deadline lights have a room of their own.
    assert "reportgen.pipeline.lights" in loaded
    assert loaded & {"reportgen.pipeline.compare", "reportgen.analysis.compare",
                     "reportgen.analysis.matching", "reportgen.store"} == set()


def test_validate_prints_plain_lines_and_problems() -> None:
    done = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(SEED_LEDGER)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == (f"{SEED_LEDGER}：有效。48 项任务，56 行单位进展，"
                                   "24 家牵头单位。")  # one line, not wrapped at 80 columns
    assert done.stderr.splitlines()[0] == "提醒 1 条："
    assert done.stderr.splitlines()[1].startswith("  - 警告：")
    assert "\x1b" not in done.stderr  # no colour codes in a pipe


PLUGINS_PROBE = """
import json, os, sys
from reportgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
from pydantic.plugin import _loader
print("\\n" + json.dumps([os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
                          _loader._plugins is not None]))
"""


@pytest.mark.parametrize(("given", "searched"), [(None, False), ("", True)])
def test_validate_looks_for_no_pydantic_plugins_unless_asked(given: str | None,
                                                               searched: bool) -> None:
    """The CLI turns pydantic's plugin search off (every installed distribution's entry points,
    at the first model built); a user who sets PYDANTIC_DISABLE_PLUGINS keeps their value."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    done = subprocess.run([sys.executable, "-c", PLUGINS_PROBE, "validate", str(SEED_LEDGER)],
                          capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    setting, looked = json.loads(done.stdout.strip().splitlines()[-1])
    assert setting == ("__all__" if given is None else given)
    assert looked is searched


RUN_PROBE = """
import atexit, gc
atexit.register(lambda: print("frozen:", gc.get_freeze_count() > 0))
from reportgen.__main__ import run
run()
"""


@pytest.mark.parametrize(("ledger", "code"), [(SEED_LEDGER, 0), (ROOT / "无此台账.yaml", None)])
def test_console_entry_ends_with_its_heap_frozen(ledger: Path, code: int | None) -> None:
    """``run`` (the console script, ``python -m reportgen``) freezes the heap as the process
    ends, so the interpreter's last collection skips it; the exit status, the printed lines and
    the exit functions are as ``main`` leaves them."""
    done = subprocess.run([sys.executable, "-c", RUN_PROBE, "validate", str(ledger)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "frozen: True"
    if code == 0:
        assert done.returncode == 0
        assert lines[0].startswith(f"{SEED_LEDGER}：有效。")
    else:
        assert done.returncode != 0
        assert "无此台账.yaml" in done.stderr and "Traceback" not in done.stderr


EARLY_PROBE = """
import json, os
from reportgen.pipeline import prestart
seen = []
prestart.early = lambda args: seen.append([args, os.environ.get("PYDANTIC_DISABLE_PLUGINS")])
from reportgen.__main__ import run
try:
    run()
except SystemExit:
    pass
print(json.dumps(seen))
"""


def test_build_starts_its_fork_server_with_the_cli_environment(tmp_path: Path) -> None:
    """``run`` starts the fork server of ``build`` before the CLI's modules load; the fork
    server (an interpreter of its own, with this environment) searches no pydantic plugins
    either, as reportgen.cli.app has it for the CLI."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    missing = str(tmp_path / "无此配置.yaml")
    done = subprocess.run([sys.executable, "-c", EARLY_PROBE, "build", missing, "-j", "2"],
                          capture_output=True, text=True, check=False, cwd=ROOT, env=env)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [[[missing, "-j", "2"],
                                                                "__all__"]]
