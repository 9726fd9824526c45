"""Matching items across periods: stable ids, renamed tasks, splits, merges, user decisions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.analysis.matching import (
    Decisions,
    decisions_from_data,
    item_key,
    match_items,
    normalise,
)
from reportgen.model import Item, Ledger, UnitRow


def item(task: str, unit: str = "区住建局", status: str = "正常", ident: str | None = None,
         seq: str | None = None) -> Item:
    return Item(id=ident, seq=seq, task=task, rows=[UnitRow(unit=unit, status=status,
                                                            progress="有进展")])


def ledger(*items: Item, period: str = "") -> Ledger:
    return Ledger(title="台账", period=period or None, items=list(items))


PART = "统筹推进老城更新，完善背街小巷整治工作方案，建立工作台账，加快整治提升进度，确保年底前全面完成"


def pairs(result: object) -> list[tuple[int, int, str]]:
    return [(lk.previous, lk.current, lk.how) for lk in result.links]  # type: ignore[attr-defined]


def test_normalise_drops_numbering_spaces_and_punctuation() -> None:
    assert normalise("1、推进 X 项目建设。") == "推进x项目建设"
    assert normalise("（三）加快“断头路”工程，") == "加快断头路工程"
    assert normalise("ＡＢ１２") == "ab12"


def test_identical_tasks_match_in_any_order_and_numbering() -> None:
    before = ledger(item("推进A项目建设", seq="1"), item("完善B制度", "区民政局", seq="2"))
    after = ledger(item("完善B制度", "区民政局", seq="1"), item("推进A项目建设", seq="2"))
    result = match_items(before, after)
    assert pairs(result) == [(1, 0, "same"), (0, 1, "same")]
    assert result.added == [] and result.removed == [] and result.pending == []


def test_a_renamed_task_with_the_same_lead_unit_matches() -> None:
    before = ledger(item("推进湛河区老旧小区改造项目建设，确保年底前完工"))
    after = ledger(item("加快推进湛河区老旧小区改造项目建设，确保年底前完工"))
    result = match_items(before, after)
    assert [(lk.previous, lk.current, lk.how) for lk in result.links] == [(0, 0, "similar")]
    assert result.links[0].score >= 90


def test_a_short_renamed_task_is_asked_not_guessed() -> None:
    before = ledger(item("推进X项目建设"))
    after = ledger(item("加快推进X项目建设"))
    result = match_items(before, after)
    assert result.links == []
    assert [(c.previous, c.current) for c in result.pending] == [(0, 0)]
    assert result.added == [0] and result.removed == [0]


def test_stable_ids_match_even_when_the_text_changed_completely() -> None:
    before = ledger(item("非法集资处置", "区金融局", ident="ZH-11"))
    after = ledger(item("防范和处置非法集资风险，守住不发生系统性风险底线", "区金融局",
                        ident="ZH-11"))
    assert pairs(match_items(before, after)) == [(0, 0, "id")]


def test_different_ids_are_never_matched_by_text() -> None:
    before = ledger(item("推进A项目建设", ident="ZH-1"))
    after = ledger(item("推进A项目建设", ident="ZH-2"))
    result = match_items(before, after)
    assert result.links == [] and result.pending == []


def test_an_id_on_one_side_only_falls_back_to_text() -> None:
    before = ledger(item("推进A项目建设"))
    after = ledger(item("推进A项目建设", ident="ZH-1"))
    assert pairs(match_items(before, after)) == [(0, 0, "same")]


def test_a_different_lead_unit_is_asked() -> None:
    before = ledger(item("推进湛河区老旧小区改造项目建设，确保年底前完工", "区住建局"))
    after = ledger(item("推进湛河区老旧小区改造项目建设，确保年底前完工", "区城管局"))
    result = match_items(before, after)
    assert result.links == []
    assert [(c.previous, c.current, c.reason) for c in result.pending] == [(0, 0, "牵头单位不同")]


def test_two_close_candidates_are_ambiguous() -> None:
    before = ledger(item("推进湛河区第一批老旧小区改造项目建设工作"),
                    item("推进湛河区第二批老旧小区改造项目建设工作"))
    after = ledger(item("推进湛河区第三批老旧小区改造项目建设工作"))
    result = match_items(before, after)
    assert result.links == []
    assert {c.previous for c in result.pending} == {0, 1}
    assert {c.reason for c in result.pending} == {"有多个相近的候选"}


def test_a_split_task_keeps_its_first_part_and_asks_about_the_second() -> None:
    whole = "统筹推进老城更新，完善背街小巷整治和老旧小区改造工作方案，建立工作台账，加快整治提升进度，确保年底前全面完成"
    before = ledger(item(whole))
    after = ledger(item(PART),
                   item("完善老旧小区改造工作方案"))
    result = match_items(before, after)
    assert pairs(result) == [(0, 0, "similar")]
    assert [(c.previous, c.current, c.reason) for c in result.pending] == [(0, 1, "疑似拆分")]


def test_accepted_pairs_link_splits_and_merges() -> None:
    whole = "统筹推进老城更新，完善背街小巷整治和老旧小区改造工作方案，建立工作台账，加快整治提升进度，确保年底前全面完成"
    before = ledger(item(whole))
    after = ledger(item(PART),
                   item("完善老旧小区改造工作方案"))
    decisions = Decisions(accepted=frozenset({(whole, "完善老旧小区改造工作方案")}))
    result = match_items(before, after, decisions)
    assert pairs(result) == [(0, 0, "similar"), (0, 1, "confirmed")]
    assert result.pending == [] and result.added == []
    assert result.splits and not result.merges

    merged = match_items(after, before, Decisions(accepted=frozenset({
        (PART, whole),
        ("完善老旧小区改造工作方案", whole)})))
    assert pairs(merged) == [(0, 0, "confirmed"), (1, 0, "confirmed")]
    assert merged.merges and merged.removed == []


def test_rejected_pairs_stay_apart() -> None:
    before = ledger(item("推进湛河区老旧小区改造项目建设，确保年底前完工"))
    after = ledger(item("加快推进湛河区老旧小区改造项目建设，确保年底前完工"))
    decisions = Decisions(rejected=frozenset({(item_key(before.items[0]),
                                                item_key(after.items[0]))}))
    result = match_items(before, after, decisions)
    assert result.links == [] and result.pending == []
    assert result.added == [0] and result.removed == [0]


def test_decisions_naming_unknown_tasks_are_reported() -> None:
    before = ledger(item("推进A项目建设"))
    after = ledger(item("推进A项目建设"))
    decisions = Decisions(accepted=frozenset({("不存在的任务", "推进A项目建设")}))
    assert match_items(before, after, decisions).unknown_decisions == [
        ("不存在的任务", "推进A项目建设")]


def test_matching_is_deterministic() -> None:
    tasks = [f"推进第{n}批老旧小区改造项目建设工作，确保年底前全面完成" for n in range(12)]
    before = ledger(*[item(t) for t in tasks])
    after = ledger(*[item(t.replace("推进", "加快推进")) for t in reversed(tasks)])
    first = match_items(before, after)
    again = match_items(before, after)
    assert first.links == again.links and first.pending == again.pending


def test_decisions_file_shapes() -> None:
    data = {"matches": {"accepted": [{"previous": "甲  任务", "current": "乙任务"}],
                        "rejected": [{"上期": "丙", "本期": "丁"}], "pending": [{"x": 1}]}}
    decisions = decisions_from_data(data)
    assert decisions.accepted == frozenset({("甲 任务", "乙任务")})
    assert decisions.rejected == frozenset({("丙", "丁")})
    assert decisions_from_data(None) == Decisions()
    assert decisions_from_data({"确认": [{"上期": "a", "本期": "b"}]}).accepted == \
        frozenset({("a", "b")})


@pytest.mark.parametrize("data", [
    "文字", ["列表"], {"matches": "文字"}, {"matches": {"accepted": "文字"}},
    {"matches": {"accepted": ["文字"]}}, {"matches": {"accepted": [{"previous": 1, "current": "b"}]}},
    {"matches": {"rejected": [{"previous": "a"}]}},
])
def test_decisions_file_of_the_wrong_shape_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        decisions_from_data(data)


WORDS = ["推进", "加快", "老旧小区", "改造", "项目", "建设", "完善", "制度", "开展", "行动"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
                          st.sampled_from(["区住建局", "区民政局"])), max_size=12),
       st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
                          st.sampled_from(["区住建局", "区民政局"])), max_size=12))
def test_matching_invariants(before: list[tuple[list[str], str]],
                             after: list[tuple[list[str], str]]) -> None:
    old = ledger(*[item("".join(words), unit) for words, unit in before])
    new = ledger(*[item("".join(words), unit) for words, unit in after])
    result = match_items(old, new)
    currents = [lk.current for lk in result.links]
    previous = [lk.previous for lk in result.links]
    assert len(set(currents)) == len(currents) and len(set(previous)) == len(previous)
    assert all(old.items[lk.previous].lead_unit == new.items[lk.current].lead_unit
               for lk in result.links)
    linked = {(lk.previous, lk.current) for lk in result.links}
    assert not linked & {(c.previous, c.current) for c in result.pending}
    assert sorted(set(result.added) | set(currents)) == list(range(len(new.items)))
    assert sorted(set(result.removed) | set(previous)) == list(range(len(old.items)))
    again = match_items(old, new)
    assert again.links == result.links and again.pending == result.pending
