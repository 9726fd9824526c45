"""Look-alike unit names for validate's warnings."""
from __future__ import annotations

from reportgen.analysis.names import edit_distance, look_alike, similar_units


def test_edit_distance() -> None:
    assert edit_distance("漯河新区指挥部", "湛河新区指挥部") == 1
    assert edit_distance("区交通局", "区交通运输局") == 2
    assert edit_distance("", "区") == 1
    assert edit_distance("区财政局", "区财政局") == 0


def test_pairs_the_seeds_show() -> None:
    names = ["区财政局", "漯河新区指挥部", "商务局", "区交通运输局", "区商务局", "湛河新区指挥部",
             "区交通局", "卫健委", "区卫健委", "区民政局"]
    assert similar_units(names) == [
        ("漯河新区指挥部", "湛河新区指挥部"),
        ("商务局", "区商务局"),
        ("区交通运输局", "区交通局"),
        ("卫健委", "区卫健委"),
    ]


def test_level_prefix() -> None:
    assert look_alike("区发改委", "市发改委")
    assert look_alike("发改委", "市发改委")


def test_different_units_are_not_reported() -> None:
    distinct = ["区财政局", "区民政局", "区工信局", "区统计局", "区住建局", "区教体局", "区委",
                "区委组织部", "九里山街道", "南环路街道", "高阳路街道", "区人社局", "区应急局"]
    assert similar_units(distinct) == []
    assert not look_alike("区财政局", "区民政局")
    assert not look_alike("高阳路街道", "南环路街道")


def test_duplicates_and_blanks_are_ignored_and_order_is_stable() -> None:
    names = ["区商务局", "", "区商务局", " ", "商务局"]
    assert similar_units(names) == [("区商务局", "商务局")]
    assert similar_units(list(reversed(names))) == [("商务局", "区商务局")]
    assert similar_units([]) == []
