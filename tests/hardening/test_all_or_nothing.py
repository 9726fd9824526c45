"""A build replaces all its outputs or none; names collide before rendering; stale staging goes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from support import run_cli

from reportgen.errors import OutputError
from reportgen.pipeline import build
from reportgen.writers.staging import MANIFEST, MARKER

LEDGER = {"title": "台账", "items": [{"seq": 1, "task": "任务", "units": [
    {"unit": "区财政局", "person": "王惠平", "progress": "第一次的进展。", "status": "积极"}]}]}


def _config(folder: Path, documents: list[dict[str, Any]] | None = None,
            progress: str = "第一次的进展。", **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    ledger = json.loads(json.dumps(LEDGER))
    ledger["items"][0]["units"][0]["progress"] = progress
    (folder / "台账.yaml").write_text(yaml.safe_dump(ledger, allow_unicode=True), encoding="utf-8")
    data: dict[str, Any] = {
        "ledger": "台账.yaml", "office": "某区督查局", "date": "2022-11-12",
        "documents": documents or [{"kind": "attachment", "file": "附件", "formats": ["docx"]},
                                   {"kind": "attachment", "file": "台账", "formats": ["xlsx"]}]}
    data.update(changes)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, _, err = run_cli(args, capsys)
    return code, err


def _docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    return "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)


def test_a_failed_rename_rolls_every_output_back(tmp_path: Path) -> None:
    config = _config(tmp_path)
    out = tmp_path / "输出"
    build(config)
    assert "第一次的进展。" in _docx_text(out / "附件.docx")
    # Someone puts a folder where the Excel ledger goes: its rename fails after the docx moved.
    (out / "台账.xlsx").unlink()
    (out / "台账.xlsx").mkdir()
    (out / "台账.xlsx" / "别人的文件.txt").write_text("保留", encoding="utf-8")
    _config(tmp_path, progress="第二次的进展。")
    with pytest.raises(OutputError, match="已恢复原有文件") as info:
        build(config)
    assert "台账.xlsx" in info.value.message
    assert "第一次的进展。" in _docx_text(out / "附件.docx")  # the docx was put back
    assert (out / "台账.xlsx" / "别人的文件.txt").read_text(encoding="utf-8") == "保留"
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "台账.xlsx", "附件.docx"]


@pytest.mark.parametrize("documents, publish, key", [
    ([{"kind": "attachment", "file": "附件", "formats": ["docx"]},
      {"kind": "summary", "file": "附件", "formats": ["docx", "pdf"]}], None, "documents[1].file"),
    ([{"kind": "attachment", "file": "Report", "formats": ["docx"]},
      {"kind": "attachment", "file": "report", "formats": ["docx"]}], None, "documents[1].file"),
    ([{"kind": "attachment", "file": "附件", "formats": ["pdf"]}], {"file": "附件"},
     "publish.file"),
    ([{"kind": "attachment", "formats": ["docx"]},
      {"kind": "attachment", "formats": ["docx"]}], None, "documents[1].file"),
])
def test_two_outputs_on_one_file_is_a_config_error_before_rendering(
        documents: list[dict[str, Any]], publish: dict[str, str] | None, key: str,
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, documents, **({"publish": publish} if publish else {}))
    # Every template fails: exit 3 instead of 4 shows the names were checked before rendering.
    (tmp_path / "templates").mkdir()
    for name in ("attachment", "summary"):
        (tmp_path / "templates" / f"{name}.html.j2").write_text("{{ 1 / 0 }}", encoding="utf-8")
    code, err = _run(["build", str(config)], capsys)
    assert code == 3, err
    assert key in err and "同一个文件" in err
    assert not (tmp_path / "输出").exists()


def _kill_mid_build(out: Path) -> Path:
    """A child process opens a staging folder, writes into it and is killed (SIGKILL)."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from reportgen.writers.staging import Staging\n"
        "staging = Staging(Path(sys.argv[1]), 'x').__enter__()\n"
        "staging.path('附件.docx').write_bytes(b'half')\n"
        "print(staging.dir, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == -9
    left = Path(done.stdout.strip())
    assert left.is_dir() and (left / MARKER).is_file()
    return left


def test_staging_left_by_a_killed_process_is_removed_by_the_next_run(tmp_path: Path) -> None:
    config = _config(tmp_path)
    out = tmp_path / "输出"
    out.mkdir()
    left = _kill_mid_build(out)
    # Look-alikes that are not stale staging of ours: no marker, a file, a live process's folder.
    (out / ".reportgen-笔记").mkdir()
    (out / ".reportgen-笔记" / "a.txt").write_text("keep", encoding="utf-8")
    (out / ".reportgen-记录.txt").write_text("keep", encoding="utf-8")
    live = out / ".reportgen-live"
    live.mkdir()
    (live / MARKER).write_text(json.dumps({"pid": os.getpid(), "created": time.time()}),
                               encoding="utf-8")
    time.sleep(0.05)  # the next run starts after the killed one
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(config), "-f", "docx"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not left.exists()
    assert (out / ".reportgen-笔记" / "a.txt").is_file()
    assert (out / ".reportgen-记录.txt").is_file()
    assert live.is_dir()
    assert "第一次的进展。" in _docx_text(out / "附件.docx")


def test_collect_refuses_to_write_over_its_inputs_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.yaml"
    ledger.write_text(yaml.safe_dump(LEDGER, allow_unicode=True), encoding="utf-8")
    forms = tmp_path / "表"
    assert _run(["split", str(ledger), "-o", str(forms)], capsys)[0] == 0
    form = forms / "区财政局.xlsx"
    before = ledger.read_bytes(), form.read_bytes()
    for target in (ledger, form, tmp_path / "." / "台账.yaml"):
        code, err = _run(["collect", str(ledger), str(form), "-o", str(target)], capsys)
        assert code == 5 and "--force" in err and "覆盖输入" in err, err
    assert (ledger.read_bytes(), form.read_bytes()) == before
    # The report beside the output would land on an input too.
    report_named = tmp_path / "新台账_合并报告.md"
    report_named.write_text("别人的文件", encoding="utf-8")
    code, err = _run(["collect", str(ledger), str(form), str(report_named),
                      "-o", str(tmp_path / "新台账.yaml")], capsys)
    assert code == 5 and "新台账_合并报告.md" in err
    code, err = _run(["collect", str(ledger), str(form), "-o", str(ledger), "--force"], capsys)
    assert code == 0, err
    assert ledger.read_bytes() != before[0]
    assert (tmp_path / "台账_合并报告.md").is_file()


def test_split_replaces_all_forms_or_none(tmp_path: Path, small_ledger: Any) -> None:
    from reportgen.forms.split import split

    out = tmp_path / "表"
    split(small_ledger, out)
    before = (out / "区财政局.xlsx").read_bytes()
    (out / "区发改委.xlsx").unlink()
    (out / "区发改委.xlsx").mkdir()  # the second form cannot be put in place
    changed = small_ledger.model_copy(deep=True)
    changed.items[0].rows[0].progress = "拆分后改过的进展。"
    with pytest.raises(OutputError, match="已恢复原有文件"):
        split(changed, out)
    assert (out / "区财政局.xlsx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_reused_process_number_does_not_keep_a_stale_folder(tmp_path: Path) -> None:
    from reportgen.writers.staging import clean_stale

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        old = tmp_path / ".reportgen-old"
        old.mkdir()  # made an hour ago by a process whose number the child now has
        (old / MARKER).write_text(json.dumps({"pid": child.pid, "created": time.time() - 3600}),
                                  encoding="utf-8")
        mine = tmp_path / ".reportgen-child"
        mine.mkdir()  # made by the running child itself: kept
        (mine / MARKER).write_text(json.dumps({"pid": child.pid, "created": time.time() - 0.001}),
                                   encoding="utf-8")
        assert clean_stale(tmp_path) == [old]
        assert mine.is_dir()
    finally:
        child.kill()
        child.wait()
