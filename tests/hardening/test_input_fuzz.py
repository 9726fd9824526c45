"""No traceback anywhere: random and mutated bytes into every loader and the config reader end
in a ReportgenError (with a message) or a valid result, never another exception.

Mutations start from real example files (a YAML ledger and its config, the same ledger as
CSV and as XLSX with merged cells) and flip, insert, delete, duplicate and truncate bytes,
with tokens that reach deep paths (anchors, aliases, merge keys, quotes, DTDs, impossible
dates, bidi controls). For XLSX, one part inside the zip is mutated and the zip rebuilt.
Derandomized with bounded examples, so it is stable in CI.
"""
from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import load_or_refuse

from reportgen.config import load_config
from reportgen.errors import ReportgenError
from reportgen.loaders import LOADERS, load_ledger
from reportgen.pipeline import is_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08"
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TOKENS = [b"&a ", b"*a", b"<<: *a\n", b"<<: ", b'"', b"'", b"\n  ", b"\n- ", b": ", b"- ",
          b"[", b"]", b"{", b"}", b"!!binary ", b"!!python/object:os.system ", b"!!int ",
          b"\x00", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\xff\xfe", b"2022-02-30", b"9" * 5000,
          b"? ", b"%YAML 1.1\n", b"---\n", b"...\n", b",", b"\t", b"\r", b"\\",
          b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"<", b">", b"</", b"/>", b' r="XFD9"',
          b' t="s"', b"<v>99999</v>", b' ref="A1:XFD1048576"', b"\xe4\xbd"]

REFUSED = (2, 3)  # the exit statuses a loader's ReportgenError may carry (data, config)


@st.composite
def mutations(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["flip", "insert", "insert", "delete", "copy", "cut"]))
        position = draw(st.integers(0, len(data)))
        if operation == "flip" and data:
            data[position % len(data)] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[position:position] = draw(st.one_of(st.sampled_from(TOKENS),
                                                     st.binary(min_size=1, max_size=12)))
        elif operation == "delete":
            del data[position:position + draw(st.integers(1, 80))]
        elif operation == "copy":
            data[position:position] = data[position:position + draw(st.integers(1, 400))]
        else:
            del data[position:]
    return bytes(data)


@cache
def yaml_ledger() -> bytes:
    return (EXAMPLE / "台账.yaml").read_bytes()


@cache
def table_rows() -> list[list[str]]:
    ledger = load_ledger(EXAMPLE / "台账.yaml").ledger
    rows = [["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]]
    for item in ledger.items[:12]:
        for row in item.rows:
            rows.append([item.seq or "", item.task, row.unit or "", row.person or "",
                         row.progress or "", row.status or ""])
    return rows


@cache
def csv_ledger() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[ "湛河区重点工作台账"], *table_rows()])
    return buffer.getvalue().encode("utf-8")


@cache
def xlsx_parts() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["湛河区重点工作台账"])
    for row in table_rows():
        sheet.append(row)
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    parts = dict(xlsx_parts())
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(parts)))
        parts[name] = draw(mutations(parts[name]))
        return zipped(parts)
    return draw(mutations(zipped(parts)))


@SETTINGS
@given(mutations(yaml_ledger()))
def test_mutated_yaml_ledgers(data: bytes) -> None:
    load_or_refuse("台账.yaml", data, REFUSED)


@SETTINGS
@given(mutations(csv_ledger()))
def test_mutated_csv_ledgers(data: bytes) -> None:
    load_or_refuse("台账.csv", data, REFUSED)


@SETTINGS
@given(mutated_xlsx())
def test_mutated_xlsx_ledgers(data: bytes) -> None:
    load_or_refuse("台账.xlsx", data, REFUSED)


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(sorted(LOADERS)))
def test_random_bytes_into_every_loader(data: bytes, suffix: str) -> None:
    load_or_refuse(f"台账{suffix}", data, REFUSED)


@SETTINGS
@given(st.one_of(mutations((EXAMPLE / "config.yaml").read_bytes()), st.binary(max_size=300)))
def test_mutated_configs(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.yaml"
        path.write_bytes(data)
        is_config(path)  # never raises
        try:
            config = load_config(path)
        except ReportgenError as error:
            assert error.exit_code == 3 and error.message
        else:
            assert config.documents
