"""Smoke tests of the benchmark harness at a tiny size (10 rows, one run each)."""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.measure import Measurement, run_child
from bench.synth import make_ledger, write_fixture
from bench.targets import Results, check


def test_synthetic_ledger_is_deterministic_and_realistic() -> None:
    ledger = make_ledger(1000)
    assert len(ledger.rows) == 1000
    assert ledger == make_ledger(1000)
    assert make_ledger(1000, seed=1) != ledger
    assert {len(item.rows) for item in ledger.items} <= {1, 2, 3, 4, 5}
    assert {row.status for _, row in ledger.rows} == {"积极", "正常", "一般", "滞后", None}
    lengths = [len(row.progress) for _, row in ledger.rows if row.progress]
    assert 170 <= statistics.mean(lengths) <= 240
    assert len(ledger.sections) >= 3
    assert any("\n" in (row.progress or "") for _, row in ledger.rows)


def test_fixture_is_a_config_the_loader_reads(tmp_path: Path) -> None:
    from reportgen.config import load_config
    from reportgen.pipeline import analyse

    config = load_config(write_fixture(30, tmp_path))
    analysis = analyse(config.resolve(config.ledger), config)
    assert analysis.stats.unit_rows == 30
    assert analysis.ledger.items[0].task == make_ledger(30).items[0].task


def test_run_child_reports_peak_memory_and_steps() -> None:
    code = ("import json; b = bytearray(120 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]);"
            "print(json.dumps({'steps': {'alloc': 0.5}}))")
    sample = run_child([sys.executable, "-c", code])
    assert sample.error is None
    assert sample.peak_mb >= 120
    assert sample.steps == {"alloc": 0.5}
    failed = run_child([sys.executable, "-c", "raise SystemExit('坏了')"])
    assert failed.error is not None and "坏了" in failed.error


def test_targets_are_judged_from_measurements() -> None:
    def m(task: str, rows: int, inner: float, wall: float | None = None,
          peak: float = 100.0) -> Measurement:
        return Measurement(task, rows, 1, wall or inner, inner, peak)

    checks = check(Results([m("docx", 5000, 2.0), m("docxtpl", 5000, 2.5),
                            m("xlsx", 5000, 3.5), m("xlsxwriter", 5000, 1.0),
                            m("pdf", 1000, 10.0, 11.0), m("soffice", 1000, 60.0),
                            m("build_seed002", 56, 2.0)]))
    marks = {c.target.split("：")[0].split("（")[0]: c.met for c in checks}
    assert [c.met for c in checks] == [True, False, False, True, None, None, False, True]
    assert len(marks) >= 6


def test_harness_writes_results_at_a_tiny_size(tmp_path: Path) -> None:
    main(["--sizes", "10", "--repeat", "1", "--only", "docx,xlsx", "--out", str(tmp_path)])
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    tasks = {(m["task"], m["rows"]): m for m in data["measurements"]}
    assert set(tasks) == {("docx", 10), ("docxtpl", 10), ("xlsx", 10), ("openpyxl_plain", 10),
                          ("xlsxwriter", 10)}
    for m in tasks.values():
        assert m["error"] is None, m
        assert 0 < m["inner_s"] < m["wall_s"]
        assert m["peak_mb"] > 20
    assert tasks[("docx", 10)]["steps"].keys() == {"render", "write"}
    assert data["command"].startswith("python -m bench --sizes 10")
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| 目标 | 实测 | 达成 |" in text
    assert "docx 附件（模板渲染 + Word 写出）" in text
    assert data["machine"]["cores"] >= 1


def test_run_child_counts_forkserver_workers_cpu_and_memory(tmp_path: Path) -> None:
    """A forkserver worker is no child the bench can wait for: /proc still sees its CPU."""
    script = ("import multiprocessing as mp, time\n"
              "def burn(_):\n"
              "    end = time.process_time() + 0.6\n"
              "    while time.process_time() < end: pass\n"
              "if __name__ == '__main__':\n"
              "    with mp.get_context('forkserver').Pool(1) as pool: pool.map(burn, [0])\n")
    (tmp_path / "burn.py").write_text(script)
    sample = run_child([sys.executable, str(tmp_path / "burn.py")], cwd=tmp_path, timeout=120)
    assert sample.error is None
    assert sample.cpu_s is not None and sample.cpu_s >= 0.5
    # three interpreters at once (script, fork server, worker); wait4's peak is one process's
    assert sample.tree_peak_mb is not None and sample.tree_peak_mb > 20


def test_bytecode_is_compiled_before_measuring_even_when_writing_it_is_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process with PYTHONDONTWRITEBYTECODE never caches bytecode: the bench compiles
    reportgen and bench of each checkout first, as pip does on install."""
    from bench.__main__ import compile_bytecode

    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for folder in ("reportgen", "bench"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    assert compile_bytecode(tmp_path) == [tmp_path / "reportgen", tmp_path / "bench"]
    for folder in ("reportgen", "bench"):
        assert [p.name for p in (tmp_path / folder / "__pycache__").iterdir()] == \
            [f"mod.{sys.implementation.cache_tag}.pyc"]
    assert not (tmp_path / "other" / "__pycache__").exists()
