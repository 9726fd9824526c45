"""A real report (seed 003, text extracted from a city's document) imports to its example."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from reportgen.loaders import load_ledger
from reportgen.pipeline import build
from reportgen.pipeline.importing import import_files

ROOT = Path(__file__).resolve().parents[2]
SEED_003 = ROOT.parent / "shared" / "seeds" / "003_bbdf5b9c9694a30c.txt"
_SPACE = re.compile(r"\s+")

pytestmark = pytest.mark.skipif(not SEED_003.is_file(),
                                reason="../shared/seeds is absent: the real seed cannot be read")


def test_seed_003_imports_to_the_example_and_rebuilds(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    shutil.copyfile(SEED_003, source)
    result = import_files([source], tmp_path / "台账.yaml", tmp_path / "config.yaml")
    example = load_ledger(ROOT / "examples" / "sanmenxia-2021-05" / "台账.yaml").ledger
    assert [i.model_copy(update={"id": None}) for i in result.ledger.items] == example.items
    assert all(i.id and i.id.startswith("T") for i in result.ledger.items)  # no 序号: a digest
    assert (result.ledger.title, result.ledger.date) == (example.title, example.date)
    assert result.files[0].recognition.unplaced == []
    built = build(tmp_path / "config.yaml", tmp_path / "out", ["docx"])
    paragraphs = [_SPACE.sub("", p.text) for p in docx.Document(str(built.outputs[0])).paragraphs]
    lines = [_SPACE.sub("", line) for line in SEED_003.read_text(encoding="utf-8-sig").splitlines()]
    assert [p for p in paragraphs if p] == [line for line in lines if line]
