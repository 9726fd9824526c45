"""Crash safety: a ``record`` killed (SIGKILL) mid-write leaves the previous state intact."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bench.synth import ledger_dict, make_ledger
from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.pipeline import history

PERIOD = "2022年8-10月"


def _write(folder: Path, name: str, rows: int, seed: int) -> tuple[Path, Ledger]:
    path = folder / name
    path.write_text(yaml.safe_dump(ledger_dict(make_ledger(rows, seed=seed)), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path, load_ledger(path).ledger.model_copy(update={"period": PERIOD})


def _record(ledger: Path, db: str, cwd: Path, env: dict[str, str] | None = None,
            ) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "reportgen", "record", str(ledger), "--db", db,
                             "--replace"], cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stderr:
        proc.stderr.close()


def _wait_for(marker: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"record ended before the pause (exit {proc.returncode}): {err}")
        if time.monotonic() > deadline:
            _kill(proc)
            pytest.fail("record never reached the pause inside its transaction")
        time.sleep(0.05)


def _sqlite_ok(db: str) -> None:
    if db.startswith("sqlite:///"):
        with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_killed_inside_the_transaction_keeps_the_old_period(db_url: str, tmp_path: Path) -> None:
    old_path, old = _write(tmp_path, "旧.yaml", 200, seed=1)
    new_path, new = _write(tmp_path, "新.yaml", 300, seed=2)
    history.record(old_path, db=db_url)
    marker = tmp_path / "paused"
    proc = _record(new_path, db_url, tmp_path, {"REPORTGEN_TEST_PAUSE": str(marker)})
    _wait_for(marker, proc)
    assert marker.read_text(encoding="utf-8") == f"record {PERIOD}"
    _kill(proc)
    _sqlite_ok(db_url)
    assert history.load_period(PERIOD, db=db_url) == old
    assert [(p.name, p.unit_rows) for p in history.list_periods(db=db_url)] == [(PERIOD, 200)]
    # Nothing is left locked: the next record goes through.
    assert history.record(new_path, db=db_url, replace=True).unit_rows == 300
    assert history.load_period(PERIOD, db=db_url) == new


def test_killed_first_record_leaves_no_period(db_url: str, tmp_path: Path) -> None:
    path, _ = _write(tmp_path, "台账.yaml", 50, seed=3)
    marker = tmp_path / "paused"
    proc = _record(path, db_url, tmp_path, {"REPORTGEN_TEST_PAUSE": str(marker)})
    _wait_for(marker, proc)
    _kill(proc)
    _sqlite_ok(db_url)
    assert history.list_periods(db=db_url) == []


def test_killed_at_random_moments_leaves_one_whole_period(tmp_path: Path) -> None:
    """SQLite: kill at random points (start-up, reading, writing, committing); the period is
    always exactly the old or exactly the new ledger, never a mixture or a broken file."""
    db = f"sqlite:///{tmp_path / 'reportgen.db'}"
    old_path, old = _write(tmp_path, "旧.yaml", 1000, seed=4)
    new_path, new = _write(tmp_path, "新.yaml", 1000, seed=5)
    history.record(old_path, db=db)
    rng = random.Random(13)
    for attempt in range(4):
        source = new_path if attempt % 2 == 0 else old_path
        proc = _record(source, db, tmp_path)
        time.sleep(rng.uniform(0.2, 2.5))
        if proc.poll() is None:
            _kill(proc)
        _sqlite_ok(db)
        assert history.load_period(PERIOD, db=db) in (old, new)
    assert len(history.list_periods(db=db)) == 1
