"""Configs and style profiles on libyaml: the same data and the same errors as the pure parser."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen import config
from reportgen.config import ConfigLoader, read_yaml
from reportgen.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
needs_libyaml = pytest.mark.skipif(config.ConfigCLoader is None, reason="PyYAML without libyaml")

# A billion laughs and a merge-key bomb, as in tests/hardening/test_input_exhaustion.py.
LAUGHS = "l0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 9))
MERGES = "m0: &m0 {k: v}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}\n" for i in range(1, 48))
HOSTILE = {
    "billion laughs": LAUGHS + "ledger: 台账.yaml\ndocuments: [{kind: bulletin, params: *l8}]\n",
    "merge keys": MERGES + "ledger: 台账.yaml\ndocuments: [{kind: bulletin, params: *m47}]\n",
    "cycle": "ledger: 台账.yaml\ndocuments: &d\n  - kind: bulletin\n    params: {again: *d}\n",
    "deep nesting": "documents: " + "[" * 3000 + "]" * 3000 + "\n",
    "impossible date": "ledger: 台账.yaml\ndate: 2022-02-30\ndocuments: []\n",
    "syntax": "ledger: [台账.yaml\ndocuments: []\n",
    "control character": "ledger: 台账\x07.yaml\n",
    "python object": "ledger: !!python/object:os.system [ls]\n",
    "huge integer": "issue: " + "9" * 5000 + "\n",
    "only comments": "# 空\n",
}


def _pure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "ConfigCLoader", None)


@needs_libyaml
@pytest.mark.parametrize("path", sorted(
    p for folder in ("configs", "examples") for p in (ROOT / folder).rglob("*.yaml")
    if "documents" in p.read_text(encoding="utf-8") or "profiles" in p.parts),
    ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_config_and_profile_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=config.ConfigCLoader) == yaml.load(text, Loader=ConfigLoader)


@needs_libyaml
def test_yaml_types_resolve_as_pyyaml_1_1_on_libyaml() -> None:
    """Same resolver and constructor on either parser: YAML 1.1 booleans, dates, merges."""
    text = ("a: yes\nb: off\nc: ~\nd: 2022-11-12\ne: 0x1F\nf: 1_000\n"
            "base: &b {x: 1}\ng: {<<: *b, y: 2}\nh: |\n  一\n  二\n")
    data = yaml.load(text, Loader=config.ConfigCLoader)
    assert data == yaml.load(text, Loader=ConfigLoader)
    assert data["a"] is True and data["b"] is False and data["c"] is None
    assert str(data["d"]) == "2022-11-12" and data["e"] == 31 and data["f"] == 1000
    assert data["g"] == {"x": 1, "y": 2} and data["h"] == "一\n二\n"


@needs_libyaml
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_configs_fail_with_the_pure_parsers_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    with pytest.raises(ConfigError) as on_libyaml:
        read_yaml(path)
    _pure(monkeypatch)
    with pytest.raises(ConfigError) as pure:
        read_yaml(path)
    assert on_libyaml.value.message == pure.value.message
    assert str(path) in pure.value.message
