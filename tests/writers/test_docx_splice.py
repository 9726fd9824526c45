"""The Word writer splices each section's blocks into the document part as text when saving."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx

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
