"""YAML limits hold on the pure-Python loader and on libyaml's, for ledgers and configs alike."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.errors import DataError
from reportgen.loaders import yaml_file
from reportgen.loaders.limits import MAX_YAML_DEPTH, MAX_YAML_EXPANSION
from reportgen.loaders.yaml_limits import LimitedCSafeLoader, LimitedSafeLoader, YamlLimitError

LOADERS = [pytest.param(LimitedSafeLoader, id="python")]
TEXT_LOADERS = [pytest.param(yaml_file.TextLoader, id="python")]
if LimitedCSafeLoader is not None:
    LOADERS.append(pytest.param(LimitedCSafeLoader, id="libyaml"))
    TEXT_LOADERS.append(pytest.param(yaml_file.CTextLoader, id="libyaml"))

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(8))
MERGES = "m0: &m0 {k: v}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}\n" for i in range(1, 30))
CHAIN = "".join(f"a{i}: &a{i} [{f'*a{i - 1}' if i else 'x'}]\n" for i in range(MAX_YAML_DEPTH + 5))
BOMBS = {
    "billion laughs": (LAUGHS, "别名炸弹", 5),
    "merge keys": (MERGES, "别名炸弹", None),
    "self reference": ("a: &a [1, *a]\n", "循环引用", 1),
    "self-referencing mapping": ("a: &a {b: {c: *a}}\n", "循环引用", 1),
    "deep block": ("".join(" " * i + "k:\n" for i in range(200)) + " " * 200 + "v\n", "嵌套超过",
                   None),
    "deep through aliases": (CHAIN, "嵌套超过", None),
}


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("name", BOMBS)
def test_bombs_are_refused_by_both_loaders(loader: type, name: str) -> None:
    text, phrase, line = BOMBS[name]
    with pytest.raises(YamlLimitError) as info:
        yaml.load(text, Loader=loader)  # noqa: S506 - limited SafeLoader subclasses
    assert phrase in info.value.message
    if line is not None:
        assert info.value.line == line


@pytest.mark.parametrize("loader", LOADERS)
def test_deep_flow_nesting_is_a_limit_error_on_both(loader: type) -> None:
    """libyaml stops at 1000 levels itself; the pure-Python composer stops at our limit."""
    with pytest.raises(YamlLimitError) as info:
        yaml.load("a:\n  b: " + "[" * 5000 + "]" * 5000, Loader=loader)  # noqa: S506
    assert info.value.message.startswith("第2行：嵌套超过 64 层")


@pytest.mark.parametrize("loader", LOADERS)
def test_ordinary_aliases_and_merges_still_work(loader: type) -> None:
    text = ("base: &base {office: 某局, status: 正常}\nunits: &u [区财政局, 区发改委]\n"
            "items:\n" + "".join(f"  - {{<<: *base, task: 任务{i}, units: *u}}\n"
                                 for i in range(200)))
    data = yaml.load(text, Loader=loader)  # noqa: S506
    assert len(data["items"]) == 200
    assert data["items"][199] == {"office": "某局", "status": "正常", "task": "任务199",
                                  "units": ["区财政局", "区发改委"]}


@pytest.mark.parametrize("loader", LOADERS)
def test_expansion_just_under_the_limit_is_allowed(loader: type) -> None:
    count = MAX_YAML_EXPANSION // 20
    text = "a: &a [" + ", ".join(["x"] * 18) + "]\nb: [" + ", ".join(["*a"] * count) + "]\n"
    assert len(yaml.load(text, Loader=loader)["b"]) == count  # noqa: S506


@pytest.mark.parametrize("loader", TEXT_LOADERS)
def test_the_ledger_reader_turns_limits_into_a_data_error(loader: type, tmp_path: Path) -> None:
    text = LAUGHS + "items:\n  - task: *h\n"
    with pytest.raises(DataError) as info:
        yaml_file.compose(text, tmp_path / "台账.yaml", loader)
    assert "超出读取限制" in info.value.message and "别名炸弹" in info.value.message
    assert info.value.problems[0].row == 5


@pytest.mark.parametrize("loader", TEXT_LOADERS)
def test_the_text_loaders_keep_scalars_as_text(loader: type, tmp_path: Path) -> None:
    node = yaml_file.compose("a: no\nb: 2022-12-31\nc: ~\n", tmp_path / "x.yaml", loader)
    assert node is not None
    assert [(k.value, v.tag.rsplit(":", 1)[-1]) for k, v in node.value] == [
        ("a", "str"), ("b", "str"), ("c", "null")]
