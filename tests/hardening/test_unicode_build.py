"""Arbitrary Unicode in a CSV ledger, through the whole ``build``: outputs reopen and hold it."""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hardening_support import TRICKY, bulletin_config, docx_text, norm, xlsx_cells
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.pipeline import build

HEADER = ["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]
CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\ufffe\uffff\x00")
TEXT = st.one_of(st.text(CHARS, max_size=50), st.sampled_from(TRICKY),
                 st.text(st.sampled_from("堃镕瑄喆赟\x01\x1f\u200b\u202e\u05e9\n\r\t =+-@<>&"),
                         max_size=30))


def _project(folder: Path, rows: list[list[str]]) -> Path:
    with (folder / "台账.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return bulletin_config(folder, "台账.csv", "通报")


@st.composite
def ledger_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for number in range(draw(st.integers(1, 3))):
        rows.append([str(number + 1), "任务" + draw(TEXT), "区财政局" + draw(TEXT), draw(TEXT),
                     draw(TEXT), draw(st.sampled_from(["积极", "正常", "一般", "滞后", ""]))])
    return rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger_rows())
def test_build_outputs_reopen_and_hold_the_loaded_texts(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        try:
            result = build(_project(folder, rows), folder / "out")
        except ReportgenError as exc:
            event(f"refused: {type(exc).__name__}")
            assert exc.message  # a clear Chinese refusal, never a traceback
            return
        ledger = result.documents[0].ledger
        word = norm(docx_text(folder / "out" / "通报.docx"))
        cells = [norm(c) for c in xlsx_cells(folder / "out" / "通报.xlsx")]
    assert len(ledger.items) == len(rows)
    for item in ledger.items:
        texts = [item.task] + [t for r in item.rows for t in (r.unit, r.person, r.progress) if t]
        for text in texts:
            assert norm(text) in word, text
            assert any(norm(text) in cell for cell in cells), text


def test_a_noncharacter_in_a_csv_ledger_gives_a_clear_error_or_a_clean_file(tmp_path: Path,
                                                                            ) -> None:
    config = _project(tmp_path, [["1", "任务", "区财政局", "王惠平", "进展\uffff正常", "积极"]])
    try:
        build(config, tmp_path / "out")
    except ReportgenError:
        return
    assert "进展正常" in xlsx_cells(tmp_path / "out" / "通报.xlsx")
