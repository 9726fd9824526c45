"""``reportgen check`` on the command line: text and JSON reports, exit status, profiles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from check_support import replace, rewrite
from support import run_cli

from reportgen.pipeline import check as checking
from reportgen.resources import data_dir


def _pdf(built: dict[str, list[Path]]) -> Path:
    return next(p for p in built["sanmenxia-2021-05"] if p.suffix == ".pdf")


def test_a_passing_pdf_exits_0(built_examples: dict[str, list[Path]],
                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["check", str(_pdf(built_examples))], capsys)
    assert code == 0
    assert "全部符合" in out and "每行字数" in out and "整行最常见 28 字" in out


def test_json_report(built_examples: dict[str, list[Path]],
                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["check", "--json", str(_pdf(built_examples))], capsys)
    assert code == 0
    [report] = json.loads(out)
    assert report["ok"] is True and report["kind"] == "pdf" and report["error"] is None
    rules = {r["rule"]: r for r in report["results"]}
    assert rules["page_lines"]["status"] == "pass"
    assert rules["page_lines"]["name"] == "每页行数"
    assert set(rules["page_margins"]) == {"rule", "name", "concern", "status", "measured",
                                          "expected", "fix", "source"}


def test_failing_docx_exits_1_with_the_fix(small_bulletin: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    narrow = rewrite(small_bulletin, tmp_path / "窄.docx",
                     {"word/document.xml": replace('w:top="2098"', 'w:top="1440"')})
    code, out, _ = run_cli(["check", "--no-render", str(narrow)], capsys)
    assert code == 1
    assert "✗ 不符合  页边距（文档设置）：第1节上 37 mm，实测 25.4 mm" in out
    assert "→ 布局 › 页边距 › 自定义页边距：上 3.7 厘米" in out
    assert "说明：未排版实测（--no-render）" in out


def test_a_changed_profile_changes_the_check(small_bulletin: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    profile = yaml.safe_load((data_dir("configs") / "profiles" / "gbt9704.yaml")
                             .read_text(encoding="utf-8"))
    profile["portrait"]["top_mm"] = 30
    profile["roles"]["body"]["font"] = "宋体"
    path = tmp_path / "本单位.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    [report] = checking.check([small_bulletin], str(path), render=False)
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["margins"].measured.startswith("第1节上 30 mm，实测 37.0 mm")
    assert "上 3 厘米" in by_rule["margins"].fix
    assert by_rule["body_font"].status == "fail" and by_rule["body_font"].expected == "宋体"
    code, _, err = run_cli(["check", "--profile", "无此样式", str(small_bulletin)], capsys)
    assert code == 3 and "找不到样式配置" in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["check", "--help"], capsys)
    assert code == 0
    assert "GB/T 9704" in out and "退出状态" in out and "--no-render" in out


def test_a_profile_in_the_working_folder_overrides_the_built_in_one(
        small_bulletin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = yaml.safe_load((data_dir("configs") / "profiles" / "gbt9704.yaml")
                             .read_text(encoding="utf-8"))
    profile["portrait"]["left_mm"] = 30
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "gbt9704.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True),
                                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [report] = checking.check([small_bulletin], render=False)
    margins = next(r for r in report.results if r.rule == "margins")
    assert margins.measured.startswith("第1节左 30 mm，实测 28.0 mm")


def test_a_folder_stands_for_its_documents(built_examples: dict[str, list[Path]], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = _pdf(built_examples).parent
    assert [p.name for p in checking.expand([folder])] == ["重点工作进展情况报告.docx",
                                                           "重点工作进展情况报告.pdf"]
    code, _, err = run_cli(["check", str(tmp_path)], capsys)  # an empty folder
    assert code == 2 and "文件夹中没有可检查的文件" in err
