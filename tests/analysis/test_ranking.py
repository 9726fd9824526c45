"""Unit ranking: the documented score, equal ranks for ties, red and black lists."""
from __future__ import annotations

from reportgen.analysis.duban import item_key
from reportgen.analysis.ranking import Weights, rank_units, red_and_black
from reportgen.model import DEFAULT_SCALE, Item, Ledger, UnitRow


def _ledger() -> Ledger:
    rows = {"区甲局": ["积极", "正常"], "区乙局": ["积极", "积极"], "区丙局": ["一般", "滞后"],
            "区丁局": ["滞后", "正常"], "区戊局": ["正常", "滞后"]}
    items = [Item(seq=str(i + 1), task=f"任务{i + 1}",
                  rows=[UnitRow(unit=u, progress="有", status=s[i]) for u, s in rows.items()])
             for i in range(2)]
    return Ledger(items=items)


def test_scores_follow_the_formula_and_ties_share_a_rank() -> None:
    scores = rank_units(_ledger(), DEFAULT_SCALE)
    table = [(s.unit, s.score, s.rank, s.rank_text) for s in scores]
    assert table == [
        ("区甲局", 100.0, 1, "并列第1"), ("区乙局", 100.0, 1, "并列第1"),
        ("区丁局", 0.0, 3, "并列第3"), ("区戊局", 0.0, 3, "并列第3"),
        ("区丙局", -50.0, 5, "第5"),
    ]


def test_trend_and_overdue_weights_break_ties() -> None:
    ledger = _ledger()
    first, second = ledger.items
    previous = {(item_key(first), "区乙局"): "滞后", (item_key(second), "区甲局"): "积极"}
    lights = {(item_key(first), "区丁局"): "红"}
    scores = rank_units(ledger, DEFAULT_SCALE, Weights(trend=5, overdue=0.5),
                        lights=lights, previous=previous)
    by_unit = {s.unit: s for s in scores}
    assert by_unit["区乙局"].improved == 1 and by_unit["区乙局"].score == 105.0
    assert by_unit["区甲局"].slipped == 1 and by_unit["区甲局"].score == 95.0
    assert by_unit["区丁局"].overdue == 1 and by_unit["区丁局"].score == -25.0
    assert [s.unit for s in scores][:2] == ["区乙局", "区甲局"]
    assert not any(s.tied for s in scores if s.unit in ("区乙局", "区甲局"))


def test_red_list_includes_ties_and_black_list_is_optional() -> None:
    scores = rank_units(_ledger(), DEFAULT_SCALE)
    red, black = red_and_black(scores, top=1, bottom=0)
    assert [s.unit for s in red] == ["区甲局", "区乙局"] and black == []
    red, black = red_and_black(scores, top=1, bottom=2)
    assert [s.unit for s in black] == ["区丁局", "区戊局", "区丙局"]
