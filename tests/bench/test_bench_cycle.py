"""The period-history benchmark at a tiny size: it records every period and writes its section
of results.md without touching the rest."""
from __future__ import annotations

from pathlib import Path

from bench.cycle import BEGIN, END, main, period_ledger, period_name
from bench.synth import make_ledger


def test_periods_change_a_quarter_of_the_statuses_and_keep_ids() -> None:
    base = make_ledger(400)
    first, second = period_ledger(base, 0), period_ledger(base, 1)
    assert [i.id for i in first.items] == [i.id for i in second.items]
    assert first.items[0].id == "T1" and (first.period, second.period) == ("2022年1月", "2022年2月")
    changed = sum(a.progress != b.progress for (_, a), (_, b) in zip(first.rows, second.rows,
                                                                      strict=True))
    assert 0.2 * 400 < changed < 0.6 * 400
    assert period_name(12) == "2023年1月"


def test_run_writes_its_own_section_only(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    results.write_text("# 其他人的结果\n\n| a | 1 |\n", encoding="utf-8")
    main(["--rows", "12", "--periods", "2", "--out", str(tmp_path)])
    main(["--rows", "10", "--periods", "2", "--out", str(tmp_path)])  # replaces, not appends
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# 其他人的结果\n\n| a | 1 |\n")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert "每期 10 行" in text and "record 5,000 行一期 < 3 s" in text
    from bench.report import kept_blocks

    assert kept_blocks(results) == [text[text.index(BEGIN):text.index(END) + len(END)] + "\n"]
    assert '"rows": 10' in (tmp_path / "cycle.json").read_text(encoding="utf-8")
