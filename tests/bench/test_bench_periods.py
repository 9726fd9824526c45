"""Smoke test of the comparison benchmark at a tiny size, and of how it records its figures."""
from __future__ import annotations

from pathlib import Path

from bench.periods import END, START, history, main, record


def test_history_is_deterministic_and_changes_from_period_to_period() -> None:
    first = history(60, 3)
    assert len(first) == 4
    assert first == history(60, 3)
    statuses = [[row.status for _, row in ledger.rows] for ledger in first]
    assert statuses[0] != statuses[-1]
    assert {ledger.period for ledger in first} == {"第1期", "第2期", "第3期", "第4期"}


def test_record_replaces_only_its_own_block(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    results.write_text("# 结果\n\n他人的数字 1.23 s\n", encoding="utf-8")
    record(f"{START}\n第一次\n{END}", results)
    record(f"{START}\n第二次\n{END}", results)
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# 结果\n\n他人的数字 1.23 s\n")
    assert "第二次" in text and "第一次" not in text
    assert text.count(START) == 1


def test_main_writes_a_row_per_size(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    assert main(["--rows", "40,80", "--periods", "2", "--repeat", "1", "--out", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| 对比 < 2 s |")]
    assert len(rows) == 2
    assert [r[3].strip() for r in rows] == ["2", "2"]  # periods of history
    assert all(r[-2].strip() == "✓" for r in rows)
    assert text.startswith(START)


def test_the_main_benchmark_report_keeps_the_block(tmp_path: Path) -> None:
    from bench.report import kept_blocks

    results = tmp_path / "results.md"
    record(f"{START}\n跨期对比的数字\n{END}", results)
    assert kept_blocks(results) == [f"{START}\n跨期对比的数字\n{END}\n"]
    assert kept_blocks(tmp_path / "none.md") == []
