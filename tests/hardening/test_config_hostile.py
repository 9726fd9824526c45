"""Hostile report configs and style profiles, as the fuzz campaign made them: a refusal that
names the file and key (exit status 3), never a traceback and never a half-written output.

Reproducers of the campaign's findings (tools/fuzz_campaign.py, docs/security.md «模糊测试»).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, run_cli

from reportgen.errors import ConfigError
from reportgen.profile import NEEDED_ROLES, load_profile

EXAMPLE = EXAMPLES / "pingdingshan-2020-04"
BUILTIN = Path(__file__).resolve().parents[2] / "configs" / "profiles" / "gbt9704.yaml"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "例"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.mark.parametrize("role", ["page_number", "table_cell", "heading1"])
def test_a_profile_without_a_role_the_writers_need(tmp_path: Path, role: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The writers looked the role up while writing: KeyError, a traceback, exit status 1."""
    folder = _folder(tmp_path)
    profile = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    del profile["roles"][role]
    (folder / "profiles").mkdir()
    (folder / "profiles" / "gbt9704.yaml").write_text(
        yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli(["build", folder / "config.yaml", "-o", tmp_path / "出", "-f", "docx"],
                           capsys)
    assert code == 3, err
    assert "profiles/gbt9704.yaml" in err and f"缺少角色：{role}" in err
    assert not (tmp_path / "出").exists()


def test_a_profile_of_one_role_lists_every_missing_one(tmp_path: Path) -> None:
    assert set(load_profile().roles) >= NEEDED_ROLES  # the built-in profile has them all
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    data["roles"] = {"body": data["roles"]["body"]}
    path = tmp_path / "单角色.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(str(path))
    text = str(info.value)
    assert "单角色.yaml" in text and "addressee" not in text  # derived from body
    assert all(role in text for role in NEEDED_ROLES - {"body", "addressee"})


@pytest.mark.parametrize(("edit", "phrase"), [
    ({"kind": "bullet${jndi:ldap://127.0.0.1/a}in"}, "未知的文档类型“bullet${jndi:"),
    ({"formats": ["docx", "exe"]}, "不支持的输出格式“exe”"),
    ({"params": {"no_such": 1}}, "no_such"),
])
def test_a_document_spec_error_names_the_config_and_the_document(
        tmp_path: Path, edit: dict[str, object], phrase: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The refusal said what was wrong, but not in which file or which of its documents."""
    folder = _folder(tmp_path)
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["documents"][0].update(edit)
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")
    code, _, err = run_cli(["build", folder / "config.yaml", "-o", tmp_path / "出"], capsys)
    assert code == 3, err
    assert f"配置文件 {folder / 'config.yaml'} 的 documents[0]：" in err and phrase in err
    assert not (tmp_path / "出").exists()


def test_a_format_listed_twice_is_written_once(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """formats: [docx, docx] staged one file twice and failed the build with exit status 5
    («无法把 附件.docx 放入 …»): an output error for a harmless repetition in the config."""
    import docx

    folder = _folder(tmp_path)
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["documents"][0]["formats"] = ["docx", "docx"]
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")
    code, _, err = run_cli(["build", folder / "config.yaml", "-o", tmp_path / "出"], capsys)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "出").iterdir() if not p.name.startswith(".")] \
        == ["附件.docx"]
    assert "附件" in "".join(p.text for p in docx.Document(str(tmp_path / "出" / "附件.docx"))
                             .paragraphs)
