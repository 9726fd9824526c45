"""Hostile returned forms: collect refuses each by name and still merges the good forms.

A returned form comes from a unit, not from reportgen: it is checked as a ledger is (a regular
file within the size limit; no zip bomb, DTD, entity or password) and its sheets are streamed
within the row and column limits. An unreadable form is listed in the merge report's 无法读取的
文件 section; it never stops the other forms from merging, never hangs, never exhausts memory.
The memory cases run the real CLI in a child capped at 300 MB and 5 s of CPU.
"""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from input_limits_support import (
    LAUGHS_DTD,
    SST,
    XML_DECL,
    add_bomb_member,
    ole_file,
    replace_parts,
    run_limited,
    shared_strings_parts,
)
from openpyxl.chart import BarChart

from reportgen.forms.collect import CollectResult, collect
from reportgen.forms.split import split
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.loaders import limits
from reportgen.model import Ledger

FORM_SHEET, KEY_SHEET_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
PROGRESS, STATUS = 5, 6  # columns of 进展情况 and 完成情况 in a form (row 4: 序号1)
GOOD = "改革：已完成评级。"


@pytest.fixture
def forms(small_ledger: Ledger, tmp_path: Path) -> dict[str, Path]:
    """The split forms, 区发改委's filled in as a unit would (the good form of every run)."""
    paths = {p.stem: p for p in split(small_ledger, tmp_path / "forms")}
    book = openpyxl.load_workbook(paths["区发改委"])
    book.worksheets[0].cell(4, PROGRESS).value = GOOD
    book.save(paths["区发改委"])
    return paths


def collect_one(ledger: Ledger, forms: dict[str, Path], hostile: Path) -> tuple[CollectResult, str]:
    """Collect the good form and ``hostile``; the hostile one must be the one unreadable file."""
    result = collect(ledger, [forms["区发改委"], hostile])
    report = result.report
    assert [f.file for f in report.unreadable] == [hostile.name], report.unreadable
    merged = {(row.unit, item.task): row.progress for item, row in result.ledger.rows}
    assert merged[("区发改委", "争取更多项目资金")] == GOOD  # the good form still merged
    return result, report.unreadable[0].detail


def with_part(form: Path, part: str, edit: bytes | None = None, *, old: bytes = b"",
              new: bytes = b"") -> Path:
    """A copy of ``form`` named 恶意.xlsx with one part replaced, or edited (old → new)."""
    if edit is None:
        with zipfile.ZipFile(form) as archive:
            content = archive.read(part)
        assert old in content
        edit = content.replace(old, new, 1)
    return replace_parts(form, form.with_name("恶意.xlsx"), {part: edit})


def test_a_zip_bomb_form(small_ledger: Ledger, forms: dict[str, Path]) -> None:
    """300 MB of spaces in one member, under 2 MB on disk: refused from the zip directory."""
    path = forms["区财政局"].with_name("炸弹.xlsx")
    path.write_bytes(forms["区财政局"].read_bytes())
    add_bomb_member(path)
    assert path.stat().st_size < 2 * 1024 * 1024
    _, detail = collect_one(small_ledger, forms, path)
    assert "xl/media/image1.png" in detail and "压缩炸弹" in detail


def test_a_fifo_is_refused_without_being_opened(small_ledger: Ledger,
                                                forms: dict[str, Path]) -> None:
    fifo = forms["区财政局"].with_name("管道.xlsx")
    os.mkfifo(fifo)  # opening it for reading would block until a writer came
    _, detail = collect_one(small_ledger, forms, fifo)
    assert "命名管道" in detail


def test_a_device_and_a_folder(small_ledger: Ledger, forms: dict[str, Path]) -> None:
    device = forms["区财政局"].with_name("设备.xlsx")
    device.symlink_to("/dev/zero")
    assert "设备文件" in collect_one(small_ledger, forms, device)[1]
    folder = forms["区财政局"].with_name("文件夹.xlsx")
    folder.mkdir()
    assert "是文件夹" in collect_one(small_ledger, forms, folder)[1]


def test_a_form_over_the_size_limit(small_ledger: Ledger, forms: dict[str, Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The file size limit applies to a form before a byte of it is read."""
    path = forms["区财政局"]
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    result = collect(small_ledger, [path])
    assert [f.file for f in result.report.unreadable] == [path.name]
    assert "超过上限" in result.report.unreadable[0].detail
    assert "REPORTGEN_MAX_FILE_MB" in result.report.unreadable[0].detail


def test_a_huge_form_through_the_cli(small_ledger: Ledger, forms: dict[str, Path],
                                     tmp_path: Path) -> None:
    """REPORTGEN_MAX_FILE_MB=1 and a 2 MB form: the CLI merges the rest and names the form."""
    ledger = tmp_path / "台账.yaml"
    dump_yaml(small_ledger, ledger)
    huge = forms["区财政局"].with_name("巨大.xlsx")
    huge.write_bytes(forms["区财政局"].read_bytes() + os.urandom(2 * 1024 * 1024))
    run = run_limited("collect", ledger, forms["区发改委"], huge, "-o", tmp_path / "新台账.yaml",
                      env={"REPORTGEN_MAX_FILE_MB": "1"})
    assert run.code == 0 and "Traceback" not in run.err, run.err[-2000:]
    report = (tmp_path / "新台账_合并报告.md").read_text(encoding="utf-8")
    assert "巨大.xlsx" in report and "超过上限 1 MB" in report
    assert GOOD in (tmp_path / "新台账.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("part", "name"), [(FORM_SHEET, "form sheet"),
                                            (KEY_SHEET_PART, "key sheet")])
def test_an_external_entity_in_a_sheet(small_ledger: Ledger, forms: dict[str, Path],
                                       part: str, name: str) -> None:
    """<!DOCTYPE> with a SYSTEM entity (/etc/passwd) in either sheet: refused, never read."""
    with zipfile.ZipFile(forms["区财政局"]) as archive:
        content = archive.read(part)
    dtd = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    hostile = XML_DECL + dtd + content
    hostile = hostile.replace("区财政局".encode(), b"&x;", 1) if part == FORM_SHEET else hostile
    result, detail = collect_one(small_ledger, forms, with_part(forms["区财政局"], part, hostile))
    assert part in detail and "DTD" in detail, name
    assert "root:" not in repr(result.report) and "root:" not in repr(result.ledger)


def test_a_billion_laughs_shared_string_table(small_ledger: Ledger,
                                              forms: dict[str, Path]) -> None:
    parts = shared_strings_parts(forms["区财政局"], XML_DECL + LAUGHS_DTD + SST)
    path = replace_parts(forms["区财政局"], forms["区财政局"].with_name("笑.xlsx"), parts)
    _, detail = collect_one(small_ledger, forms, path)
    assert "xl/sharedStrings.xml" in detail and "DTD" in detail


@pytest.mark.parametrize("content", [
    b"",  # empty
    b"PK\x03\x04" + bytes(range(256)) * 20,  # a zip's magic, then junk
    os.urandom(4096),
    b"\xef\xbb\xbf\xe4\xbb\xbb\xe5\x8a\xa1,\xe8\xbf\x9b\xe5\xb1\x95\n",  # a CSV named .xlsx
])
def test_junk_bytes(small_ledger: Ledger, forms: dict[str, Path], content: bytes) -> None:
    path = forms["区财政局"].with_name("乱码.xlsx")
    path.write_bytes(content)
    _, detail = collect_one(small_ledger, forms, path)
    assert "乱码.xlsx" in detail and re.search("是空的|不是有效|已损坏|不是 zip|无法读取", detail)


def test_a_truncated_form(small_ledger: Ledger, forms: dict[str, Path]) -> None:
    path = forms["区财政局"].with_name("半截.xlsx")
    path.write_bytes(forms["区财政局"].read_bytes()[:3000])
    _, detail = collect_one(small_ledger, forms, path)
    assert "半截.xlsx" in detail


def test_a_password_protected_form_says_how_to_remove_the_password(
        small_ledger: Ledger, forms: dict[str, Path]) -> None:
    path = ole_file(forms["区财政局"].with_name("加密.xlsx"), "EncryptionInfo", "EncryptedPackage")
    _, detail = collect_one(small_ledger, forms, path)
    assert "打开密码" in detail and "WPS" in detail


def test_an_old_xls_form(small_ledger: Ledger, forms: dict[str, Path]) -> None:
    path = ole_file(forms["区财政局"].with_name("旧版.xlsx"), "Workbook")
    assert "旧版" in collect_one(small_ledger, forms, path)[1]


FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


@pytest.mark.parametrize("part", [FORM_SHEET, KEY_SHEET_PART])
def test_a_cell_at_the_last_row_and_column(small_ledger: Ledger, forms: dict[str, Path],
                                           tmp_path: Path, part: str) -> None:
    """One far cell: openpyxl's rows would be 1,048,576 × 16,384 values; refused by the limit."""
    path = with_part(forms["区财政局"], part, old=b"</sheetData>", new=FAR_CELL + b"</sheetData>")
    assert path.stat().st_size < 100 * 1024
    _, detail = collect_one(small_ledger, forms, path)
    assert "第1048576行" in detail and "超过读取上限" in detail
    ledger = tmp_path / "台账.yaml"
    dump_yaml(small_ledger, ledger)
    run = run_limited("collect", ledger, path, "-o", tmp_path / "新台账.yaml")
    assert run.code == 0 and "Traceback" not in run.err, run.err[-2000:]
    assert "第1048576行" in (tmp_path / "新台账_合并报告.md").read_text(encoding="utf-8")


def test_a_row_of_values_past_the_column_limit(small_ledger: Ledger,
                                               forms: dict[str, Path]) -> None:
    cells = b"".join(b'<c r="%s4" t="inlineStr"><is><t>x</t></is></c>' % name
                     for name in (b"ZZ", b"XFD"))
    path = with_part(forms["区财政局"], FORM_SHEET, old=b'</row><row r="5"',
                     new=cells + b'</row><row r="5"')
    assert "超过读取上限 256 列" in collect_one(small_ledger, forms, path)[1]


def test_a_dimension_claiming_the_whole_sheet_still_merges(small_ledger: Ledger,
                                                           forms: dict[str, Path]) -> None:
    """A form whose sheet claims A1:XFD1048576 is read as the rows it holds, and merged."""
    book = openpyxl.load_workbook(forms["区财政局"])
    book.worksheets[0].cell(4, PROGRESS).value = "已完成。"
    book.save(forms["区财政局"])
    with zipfile.ZipFile(forms["区财政局"]) as archive:
        content = archive.read(FORM_SHEET)
    claimed = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', content)
    assert claimed != content
    path = replace_parts(forms["区财政局"], forms["区财政局"].with_name("区财政局2.xlsx"),
                         {FORM_SHEET: claimed})
    result = collect(small_ledger, [path])
    assert not result.report.unreadable
    merged = {(row.unit, item.task): row.progress for item, row in result.ledger.rows}
    assert merged[("区财政局", "深化国有投融资公司改革")] == "已完成。"


def test_a_chart_sheet_named_as_the_form_sheet(small_ledger: Ledger, forms: dict[str, Path],
                                                tmp_path: Path) -> None:
    """The key names a sheet that is now a chart sheet: unreadable, not a crash."""
    book = openpyxl.load_workbook(forms["区财政局"])
    title = book.worksheets[0].title
    book.remove(book.worksheets[0])
    chart = book.create_chartsheet(title, 0)
    chart.add_chart(BarChart())
    path = forms["区财政局"].with_name("图表.xlsx")
    book.save(path)
    _, detail = collect_one(small_ledger, forms, path)
    assert "不是工作表" in detail


def test_a_formula_merges_its_value_not_its_text(small_ledger: Ledger,
                                                  forms: dict[str, Path]) -> None:
    """Excel keeps a formula's last value: that is what the unit saw and what is merged."""
    with zipfile.ZipFile(forms["区财政局"]) as archive:
        content = archive.read(FORM_SHEET)
    cell = re.search(rb'<c r="E4"[^>]*>.*?</c>', content)
    assert cell is not None
    formula = '<c r="E4" t="str"><f>"已"&amp;"完成。"</f><v>已完成。</v></c>'.encode()
    path = replace_parts(forms["区财政局"], forms["区财政局"].with_name("公式.xlsx"),
                         {FORM_SHEET: content.replace(cell.group(0), formula)})
    result = collect(small_ledger, [path])
    merged = {(row.unit, item.task): row.progress for item, row in result.ledger.rows}
    assert merged[("区财政局", "深化国有投融资公司改革")] == "已完成。"
    assert [f.seq for f in result.report.updated] == ["1"]
