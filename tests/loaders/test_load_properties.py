"""Property tests: arbitrary text never crashes the loaders, and clean data round-trips."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import load_or_refuse

from reportgen.loaders import load_ledger
from reportgen.loaders.clean import clean_text
from reportgen.model import DEFAULT_SCALE, Item, Ledger, UnitRow

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER = ["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况", "备注"]
# Chinese, Latin, digits, the punctuation and spaces of real ledgers, and line breaks.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from(list("abcXYZ0123456789，。、；：（）()-— \u3000\t\n")),
)
TEXT = st.text(ALPHABET, max_size=40)
ANY_TEXT = st.text(max_size=60)  # every Unicode character, control characters included


@SETTINGS
@given(st.lists(st.lists(ANY_TEXT, max_size=8), max_size=8))
def test_any_csv_loads_or_raises_data_error(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    load_or_refuse("台账.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_data_error(data: bytes) -> None:
    for name in ("台账.csv", "台账.yaml", "台账.xlsx"):
        load_or_refuse(name, data)


@SETTINGS
@given(ANY_TEXT)
def test_any_yaml_text_loads_or_raises_data_error(text: str) -> None:
    load_or_refuse("台账.yaml", ("items:\n  - task: " + text).encode("utf-8", "surrogatepass"))
    load_or_refuse("台账.yaml", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.sampled_from(["seq", "task", "unit", "person", "progress", "status", "notes"]), ANY_TEXT)
def test_cleaning_is_idempotent(field: str, text: str) -> None:
    once = clean_text(field, text.replace("&", ""))
    assert clean_text(field, once) == once


def cleaned(field: str, text: str) -> str | None:
    return clean_text(field, text) or None


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    items: list[Item] = []
    for index in range(1, draw(st.integers(1, 5)) + 1):
        task = cleaned("task", draw(TEXT)) or f"任务{index}"
        rows = [UnitRow(unit=cleaned("unit", draw(TEXT)), person=cleaned("person", draw(TEXT)),
                        progress=cleaned("progress", draw(TEXT)),
                        status=draw(st.sampled_from([None, *DEFAULT_SCALE.names])))
                for _ in range(draw(st.integers(1, 3)))]
        # A row with no unit and no status: first row only (a later one holding only progress
        # reads back as the cell above broken over a page).
        rows = [r if (r.unit or r.status or (i == 0 and r.progress))
                else r.model_copy(update={"unit": "区某局"}) for i, r in enumerate(rows)]
        items.append(Item(seq=str(index), task=task, notes=cleaned("notes", draw(TEXT)), rows=rows))
    return Ledger(title="生成的台账", items=items)


@SETTINGS
@given(ledgers())
def test_clean_ledgers_round_trip_through_csv_and_yaml(ledger: Ledger) -> None:
    table = [["生成的台账"], HEADER]
    for item in ledger.items:
        for i, row in enumerate(item.rows):
            first = i == 0
            table.append([item.seq or "" if first else "", item.task if first else "",
                          row.unit or "", row.person or "", row.progress or "", row.status or "",
                          (item.notes or "") if first else ""])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    document = {"title": ledger.title, "items": [
        {"seq": item.seq, "task": item.task, "notes": item.notes,
         "units": [row.model_dump() for row in item.rows]} for item in ledger.items]}
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "台账.csv"
        csv_path.write_text(buffer.getvalue(), encoding="utf-8")
        yaml_path = Path(folder) / "台账.yaml"
        yaml_path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        assert load_ledger(csv_path).ledger == ledger
        assert load_ledger(yaml_path).ledger == ledger
