"""The Word writer splices each section's blocks into the document part as text when saving."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from reportgen.pipeline import prepare
from reportgen.writers.docx import build, write

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "zhanhe-2022-08" / "config.yaml"


def test_the_written_file_is_the_document_built_in_memory(tmp_path: Path) -> None:
    document = prepare(SEED, tmp_path).documents[0]  # bulletin (portrait) + attachment (landscape)
    path = tmp_path / "通报.docx"
    write(document, path)
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "reportgen-blocks" not in xml  # every placeholder replaced
    written, in_memory = docx.Document(str(path)), build(document)
    assert xml.count("<w:sectPr") == len(written.sections) >= 2  # breaks and the last one
    assert [s.orientation for s in written.sections] == [s.orientation for s in
                                                          in_memory.sections]
    assert len({s.orientation for s in written.sections}) == 2  # portrait and landscape
    assert [p.text for p in written.paragraphs] == [p.text for p in in_memory.paragraphs]
    assert "关于2022年重点工作任务最新进展情况通报" in "".join(p.text for p in written.paragraphs)
    table, memory_table = written.tables[0], in_memory.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == \
        [[c.text for c in r.cells] for r in memory_table.rows]
    assert len(table.rows) > 50


def test_the_cycle_collector_is_paused_while_writing_and_left_as_found(tmp_path: Path) -> None:
    """The build makes many small acyclic objects: collections during it are wasted. The
    collector's state afterwards is the caller's, on success and on failure alike."""
    import gc

    from reportgen.errors import OutputError

    document = prepare(SEED, tmp_path).documents[0]
    seen: list[bool] = []
    gc.callbacks.append(seen_collection := lambda phase, info: seen.append(True))
    try:
        write(document, tmp_path / "a.docx")
        assert seen == [] and gc.isenabled()
        gc.disable()
        try:
            write(document, tmp_path / "b.docx")
            assert not gc.isenabled()  # a caller that turned it off keeps it off
        finally:
            gc.enable()
        (tmp_path / "dir.docx").mkdir()  # not writable as a file: OutputError
        with pytest.raises(OutputError):
            write(document, tmp_path / "dir.docx")
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(seen_collection)
    assert docx.Document(str(tmp_path / "a.docx")).tables
