"""The off-CI fuzz campaign (tools/fuzz_campaign.py) still runs, and its oracle still sees a
crash and a nameless refusal: a short, deterministic run here keeps the tool from rotting."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, SEED_002, load_script

from reportgen.errors import DataError

TOOL = ROOT / "tools" / "fuzz_campaign.py"


def test_a_short_campaign_reads_every_case_and_finds_nothing(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(TOOL), "--cases", "8", "--jobs", "1", "--seed",
                           "5", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["cases"] == 8 and summary["findings"] == {}, summary
    assert len(summary["targets"]) >= 5  # the cases spread over the readers
    assert json.loads((tmp_path / "seeds" / "index.json").read_text("utf-8"))["docx"]


@pytest.fixture
def campaign() -> Any:
    return load_script(TOOL, "fuzz_campaign")  # puts tools/ on sys.path for its own imports


def _job(campaign: Any, monkeypatch: pytest.MonkeyPatch, run: Any) -> dict[str, Any]:
    target = sys.modules["fuzz_targets"].Target(("yaml",), run, (2,), 1)
    monkeypatch.setitem(campaign.TARGETS, "probe", target)
    return {"number": 0, "target": "probe", "kind": "yaml", "rng": 0.5,
            "seed": str(SEED_002 / "台账.yaml")}


def _run_one(campaign: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
             run: Any) -> dict[str, Any]:
    """The reply of one case whose reader is ``run``, run in this process."""
    (tmp_path / "case").mkdir()
    (tmp_path / "tmp").mkdir()
    reply: dict[str, Any] = campaign.run_in_process(_job(campaign, monkeypatch, run),
                                                    tmp_path / "case", tmp_path / "tmp")
    return reply


def test_an_exception_is_a_crash_finding(campaign: Any, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    def run(case: Path, path: Path) -> None:
        raise KeyError("坏")

    reply = _run_one(campaign, monkeypatch, tmp_path, run)
    assert reply["outcome"] == "crash"
    assert reply["findings"] == ["crash: KeyError at test_fuzz_campaign.py:run"]
    assert "KeyError" in reply["traceback"]


def test_a_refusal_must_name_the_file(campaign: Any, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    def run(case: Path, path: Path) -> None:
        raise DataError("读不了")

    reply = _run_one(campaign, monkeypatch, tmp_path, run)
    assert reply["outcome"] == "refused:2"
    assert reply["findings"] == ["refusal: message without the file name: 读不了"]
