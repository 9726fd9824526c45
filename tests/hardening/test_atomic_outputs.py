"""A writer failing half-way leaves an older output intact and no temporary file behind."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hardening_support import bulletin_config, render

from reportgen.errors import OutputError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline import build
from reportgen.writers.atomic import atomic_path

OLD = b"older output, must survive"


def _ledger(progress: str = "正在推进。") -> Ledger:
    return Ledger(title="台账", items=[Item(seq="1", task="任务", rows=[
        UnitRow(unit="区财政局", person="王惠平", progress=progress, status="积极")])])


def _half_write(error: Exception) -> Callable[..., None]:
    """A replacement save method that writes a few bytes to its target, then fails."""
    def save(self: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        Path(str(target)).write_bytes(b"PK\x03\x04 half")
        raise error
    return save


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and p.name != ".reportgen-manifest.json")


def test_atomic_path_keeps_the_old_file_when_the_block_fails(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("写到一半")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []
    with atomic_path(target) as temp:
        temp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("崩溃")])
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_a_writer_failing_half_way_leaves_the_old_file(fmt: str, error: Exception,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if fmt == "docx":
        import docx.document

        from reportgen.writers.docx import write
        monkeypatch.setattr(docx.document.Document, "save", _half_write(error))
    elif fmt == "xlsx":
        import openpyxl

        from reportgen.writers.xlsx import write
        monkeypatch.setattr(openpyxl.Workbook, "save", _half_write(error))
    else:
        import weasyprint

        from reportgen.writers.pdf import write
        monkeypatch.setattr(weasyprint.Document, "write_pdf", _half_write(error))
    target = tmp_path / f"督查通报.{fmt}"
    target.write_bytes(OLD)
    expected = OutputError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected) as info:
        write(render(_ledger(), kind="attachment"), target)
    if isinstance(info.value, OutputError):
        assert str(target) in info.value.message
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def _project(folder: Path, progress: str) -> Path:
    (folder / "台账.yaml").write_text(yaml.safe_dump({
        "title": "台账", "items": [{"seq": 1, "task": "任务", "units": [
            {"unit": "区财政局", "person": "王惠平", "progress": progress, "status": "积极"}]}]},
        allow_unicode=True), encoding="utf-8")
    return bulletin_config(folder, "台账.yaml", "督查通报")


def test_a_failed_build_replaces_none_of_the_older_outputs(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.writers.xlsx as xlsx_writer

    out = tmp_path / "输出"
    first = build(_project(tmp_path, "第一次的进展。"), out)
    assert sorted(p.name for p in first.outputs) == ["督查通报.docx", "督查通报.xlsx"]
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def failing(document: Any, path: Path) -> None:
        path.write_bytes(b"half")
        raise OutputError(f"无法写入 {path}：磁盘已满")

    monkeypatch.setattr(xlsx_writer, "write", failing)
    with pytest.raises(OutputError):
        build(_project(tmp_path, "第二次的进展。"), out)
    # The docx of the second build was written to the staging folder before the xlsx failed;
    # it must not have replaced the first one.
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(out) == []
