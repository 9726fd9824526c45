"""Each example's own documents, built by the pipeline, import back to the example's ledger."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.config import load_config
from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.pipeline import build
from reportgen.pipeline.importing import import_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ["zhanhe-2022-08", "pingdingshan-2020-04", "sanmenxia-2021-05"]


def expected(name: str) -> Ledger:
    """The example's ledger as its documents show it: with the config's unit aliases."""
    config = load_config(EXAMPLES / name / "config.yaml")
    return load_ledger(EXAMPLES / name / "台账.yaml", aliases=config.unit_aliases).ledger


def rows(ledger: Ledger, *, status: bool = True, section: bool = False,
         person: bool = True) -> list[tuple[object, ...]]:
    return [(item.seq, item.section if section else None, item.task,
             [(r.unit, r.person if person else None, r.progress, r.status if status else None)
              for r in item.rows]) for item in ledger.items]


def write_config(tmp_path: Path, name: str, kind: str, formats: list[str],
                 params: dict[str, object] | None = None) -> Path:
    config = load_config(EXAMPLES / name / "config.yaml")
    data = {"ledger": str(EXAMPLES / name / "台账.yaml"), "unit_aliases": config.unit_aliases,
            "documents": [{"kind": kind, "file": kind, "formats": formats,
                           "params": params or {}}]}
    path = tmp_path / f"{name}-{kind}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_attachment_docx_and_xlsx_import_back(name: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, name, "attachment", ["docx", "xlsx"])
    built = build(config, tmp_path / "out", ["docx", "xlsx"])
    want = expected(name)
    for path in built.outputs:
        got = import_file(path).ledger
        # the attachment's columns: 序号, 事项名称, 责任单位, 各项工作进展情况 (no person, status)
        assert rows(got, person=False, status=False) == rows(want, person=False, status=False)
        assert (got.title, got.period) == (want.title, want.period)


def test_bulletin_table_and_its_xlsx_import_back(tmp_path: Path) -> None:
    name = "zhanhe-2022-08"
    built = build(EXAMPLES / name / "config.yaml", tmp_path / "out", ["docx", "xlsx"])
    want = expected(name)
    for path in built.outputs:
        imported = import_file(path)
        assert rows(imported.ledger) == rows(want), path.name
        assert imported.ledger.period == want.period
        statuses = [r.status for _, r in imported.ledger.rows]
        assert statuses.count("积极") == 22 and statuses.count("滞后") == 10
        # the rows reportgen continued on a new page (（续）) and the 预警 column it computes
        # are its own: read back without a warning about either
        noise = [str(w) for w in imported.warnings if "并入上一行" in str(w) or "预警" in str(w)]
        assert noise == [], path.name
    docx_import = import_file(next(p for p in built.outputs if p.suffix == ".docx"))
    # the bulletin's prose is no ledger data, but it is kept, not dropped
    assert any("工作要求" in note for note in docx_import.ledger.notes)


@pytest.mark.parametrize("name", NAMES)
def test_progress_report_imports_back(name: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, name, "progress_report", ["docx"])
    built = build(config, tmp_path / "out", ["docx"])
    got = import_file(built.outputs[0])
    want = expected(name)
    # a narrative report shows sections, 序号, tasks, units, persons and progress, no status
    assert rows(got.ledger, status=False, section=True) == \
        rows(want, status=False, section=True)
    assert got.recognition.unplaced == []
