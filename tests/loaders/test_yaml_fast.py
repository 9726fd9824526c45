"""libyaml and pure-Python ledger reading agree: same ledgers, same warnings, same errors."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.synth import ledger_dict, make_ledger
from reportgen.errors import DataError
from reportgen.loaders import load_ledger, yaml_fast
from reportgen.loaders.limits import MAX_YAML_DEPTH
from reportgen.loaders.yaml_file import TextLoader
from reportgen.loaders.yaml_limits import YamlLimitError, check_graph

pytestmark = pytest.mark.skipif(yaml_fast.FastCTextLoader is None,
                                reason="PyYAML was built without libyaml")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml")
                  if "items:" in p.read_text(encoding="utf-8"))

TRICKY = """\
title: 含 YAML 1.1 陷阱的台账
period: 2022年8-10月
date: 2022-11-12
items:
  - seq: 1.10
    task: no
    deadline: 2022-12-31
    units:
      - &d {unit: 区财政局, person: 王五, progress: yes, status: 正常}
      - unit: on
        person: off
        progress: "null"
        status: 滞后
  - 序号: 2
    工作任务: "  任务<br>带标签&nbsp;和空格  "
    责任单位: 区发改委、区工信局
    进展情况: |
      第一段。

      第二段\u3000有全角空格。
    完成情况: ~
  - task: 别名
    units:
      - *d
  - task: 没有进展的任务
"""

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(8)) + "items:\n  - task: *h\n"
HOSTILE = {
    "billion laughs": LAUGHS,
    "self reference": "a: &a [1, *a]\nitems: []\n",
    "deep block": "items:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(200)) + "   v\n",
    "deep flow": "items: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep without aliases": "items: " + "[" * (MAX_YAML_DEPTH + 3) + "]" * (MAX_YAML_DEPTH + 3),
    "tab indentation": "items:\n\t- task: 甲\n",
    "unclosed quote": 'title: "未闭合\nitems: []\n',
    "missing space after colon": "items:\n  - task:甲\n    units:\n    - unit:区财政局\n",
    "two documents": "title: 甲\n---\ntitle: 乙\n",
    "unknown tag": "items:\n  - task: !!python/object:os.system 甲\n",
    "alias to nothing": "items:\n  - task: *missing\n",
    "bad status": "items:\n  - task: 甲\n    units:\n      - {unit: 区财政局, status: 良好}\n",
}


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """What load_ledger makes of ``path`` with libyaml and with the pure-Python loader."""
    results = []
    for loader in (yaml_fast.FastCTextLoader, TextLoader):
        monkeypatch.setattr(yaml_fast, "LEDGER_LOADER", loader)
        try:
            result = load_ledger(path)
            results.append(("ok", result.ledger.model_dump(), [str(w) for w in result.warnings]))
        except DataError as exc:
            results.append(("error", exc.message, [str(p) for p in exc.problems]))
    return results[0], results[1]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_example_ledgers_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    assert fast[0] == "ok"


def test_a_large_ledger_and_a_tricky_one_read_the_same(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "大台账.yaml"
    big.write_text(yaml.safe_dump(ledger_dict(make_ledger(600)), allow_unicode=True,
                                  sort_keys=False), encoding="utf-8")
    tricky = tmp_path / "陷阱.yaml"
    tricky.write_text(TRICKY, encoding="utf-8")
    for path in (big, tricky):
        fast, slow = read_both(path, monkeypatch)
        assert fast == slow and fast[0] == "ok"
    ledger = load_ledger(tricky).ledger  # YAML 1.1 words stayed text on the fast path
    first = ledger.items[0]
    assert (first.seq, first.task, first.deadline) == ("1.10", "no", "2022-12-31")
    assert [(r.unit, r.person, r.progress) for r in first.rows] == [
        ("区财政局", "王五", "yes"), ("on", "off", "null")]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_yaml_gives_the_same_error(name: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    assert fast[0] == ("ok" if name == "unknown tag" else "error")  # tags are not acted on


def test_the_tree_walk_refuses_what_the_graph_check_refuses() -> None:
    deep = yaml.compose("[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1),
                        Loader=yaml.SafeLoader)
    messages = []
    for check in (yaml_fast.check_tree, check_graph):
        with pytest.raises(YamlLimitError) as info:
            check(deep)
        messages.append((info.value.message, info.value.line))
    assert messages[0] == messages[1] and "嵌套超过" in messages[0][0]
    flat = yaml.compose("a: [1, 2, {b: c}]\nd: e\n", Loader=yaml.SafeLoader)
    yaml_fast.check_tree(flat)  # within the limits: no error


# Texts without aliases: read from libyaml's events (EventTree), never composed.
EVENT_CASES = {
    "merge of a mapping": "items:\n  - <<: {task: 甲, seq: '1'}\n    seq: '2'\n    units:\n"
                          "      - {unit: 区财政局, status: 正常}\n",
    "merge of a list": "items:\n  - task: 甲\n    <<: [x]\n",
    "repeated key": "items:\n  - task: 甲\n    task: 乙\n    units: [{unit: 区财政局}]\n",
    "key that is a list": "items:\n  - ? [a, b]\n    : 值\n    task: 甲\n",
    "anchor without alias": "items:\n  - &first {task: 甲, units: [{unit: 区财政局}]}\n",
    "repeated anchor": "items:\n  - &a {task: 甲}\n  - &a {task: 乙}\n",
    "null spellings and tags": "title: !!null 标题\nperiod: !!str ~\nitems:\n"
                               "  - {task: 甲, seq: ~, notes: null, deadline: ! ~, target: ''}\n",
    "empty": "",
    "only a comment": "# 空\n",
    "a null document": "~\n",
    "a text document": "台账\n",
    "second document": "items: []\n---\nitems: []\n",
    "syntax error late": "items:\n" + "  - task: 甲\n" * 50 + "  - task: [\n",
}


@pytest.mark.parametrize("name", EVENT_CASES)
def test_the_event_path_reads_as_the_composing_paths(name: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text(EVENT_CASES[name], encoding="utf-8")
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    # and the same as libyaml composing (the event path given up at once)
    monkeypatch.setattr(yaml_fast, "LEDGER_LOADER", yaml_fast.FastCTextLoader)
    monkeypatch.setattr(yaml_fast.EventTree, "document", _give_up)
    assert read_both(path, monkeypatch)[0] == fast


def _give_up(self: yaml_fast.EventTree) -> tuple[bool, object]:
    raise yaml_fast._Fallback


def test_a_large_ledger_is_never_composed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "大台账.yaml"
    big.write_text(yaml.safe_dump(ledger_dict(make_ledger(300)), allow_unicode=True,
                                  sort_keys=False), encoding="utf-8")

    def composed(text: str, path: Path) -> None:
        raise AssertionError("composed")

    monkeypatch.setattr(yaml_fast, "compose_ledger", composed)
    assert len(load_ledger(big).ledger.rows) == 300


@pytest.mark.parametrize("limit", ["nodes", "depth"])
def test_the_event_path_keeps_the_limits(limit: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.loaders import yaml_limits

    name, value = ("MAX_YAML_NODES", 40) if limit == "nodes" else ("MAX_YAML_DEPTH", 5)
    for module in (yaml_fast, yaml_limits):
        monkeypatch.setattr(module, name, value)
    path = tmp_path / "台账.yaml"
    path.write_text(yaml.safe_dump(ledger_dict(make_ledger(12)), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow and fast[0] == "error"
    assert ("超过 40 个节点" if limit == "nodes" else "嵌套超过 5 层") in str(fast[1])
