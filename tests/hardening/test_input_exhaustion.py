"""Small hostile inputs that would exhaust memory or time: each is refused by name, exit 2 or 3.

Every case runs the real CLI in a child process whose address space is capped at 300 MB and
whose CPU time at 5 s (input_limits_support): a loader that expands the input dies there
instead of passing. Checks are on the exit status and the Chinese message, not on timing.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from input_limits_support import (
    HEADER_ROWS,
    LAUGHS_DTD,
    SST,
    XML_DECL,
    add_bomb_member,
    assert_refused,
    inline_row,
    ole_file,
    replace_parts,
    run_limited,
    sample_xlsx,
    shared_strings_parts,
    sheet_xml,
)

SHEET = "xl/worksheets/sheet1.xml"
LEDGER_HEAD = "title: 台账\nitems:\n  - task: 任务甲\n    progress: "

# Billion laughs: nine levels of ten aliases, about 300 bytes, 10^9 nodes once expanded.
LAUGHS = "l0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 9))
# Merge keys of merge keys: each level doubles the pairs a constructor copies.
MERGES = "m0: &m0 {k: v}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}\n" for i in range(1, 48))


def yaml_ledger(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "台账.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text", "phrase"), [
    ("billion laughs", LAUGHS + LEDGER_HEAD + "*l8\n", "别名炸弹"),
    ("billion laughs as a value", "items:\n  - task: &t [a, a, a, a, a, a, a, a]\n"
     + "".join(f"    n{i}: &t{i} [" + ", ".join(["*t" if i == 0 else f"*t{i - 1}"] * 8) + "]\n"
               for i in range(8)), "别名炸弹"),
    ("merge-key bomb", MERGES + LEDGER_HEAD + "x\n", "别名炸弹"),
    ("self-referencing anchor", "items: &items\n  - task: 甲\n    units: *items\n", "循环引用"),
    ("self-referencing mapping", "items:\n  - &a {task: 甲, units: [*a]}\n", "循环引用"),
    ("nesting thousands deep (flow)", "items: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套超过"),
    ("nesting thousands deep (block)",
     "items:\n" + "".join(" " * (2 * i + 2) + "- \n" for i in range(3000)) + "\n", "嵌套超过"),
])
def test_yaml_ledger_bombs_are_refused(tmp_path: Path, name: str, text: str, phrase: str) -> None:
    run = run_limited("validate", yaml_ledger(tmp_path, text))
    assert_refused(run, 2, "超出读取限制", phrase)


@pytest.mark.parametrize(("text", "phrase"), [
    (LAUGHS + "ledger: 台账.yaml\ndocuments:\n  - kind: bulletin\n    params: {x: *l8}\n",
     "别名炸弹"),
    (MERGES + "ledger: 台账.yaml\ndocuments:\n  - kind: bulletin\n    params: *m47\n", "别名炸弹"),
    ("ledger: 台账.yaml\ndocuments: &d\n  - kind: bulletin\n    params: {again: *d}\n", "循环引用"),
    ("ledger: 台账.yaml\ndocuments:\n  - kind: bulletin\n    params: " + "[" * 3000
     + "]" * 3000 + "\n", "嵌套超过"),
])
def test_yaml_config_bombs_are_refused(tmp_path: Path, text: str, phrase: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    yaml_ledger(tmp_path, LEDGER_HEAD + "x\n")
    run = run_limited("build", config, "-o", tmp_path / "out")
    assert_refused(run, 3, "超出读取限制", phrase)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_dimension_claiming_the_whole_sheet_is_ignored(tmp_path: Path) -> None:
    """XFD1048576 as dimension with a two-row table: read as the two rows it holds."""
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(HEADER_ROWS, dimension="A1:XFD1048576")})
    run = run_limited("validate", path)
    assert run.code == 0, run.err
    assert "1 项任务，1 行单位进展" in run.out


def test_a_styled_empty_cell_at_the_last_row_and_column(tmp_path: Path) -> None:
    rows = HEADER_ROWS + b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(rows, dimension="A1:XFD1048576")})
    assert_refused(run_limited("validate", path), 2, "第1048576行", "超过读取上限 200000 行")


def test_millions_of_empty_styled_rows(tmp_path: Path) -> None:
    rows = HEADER_ROWS + b"".join(b'<row r="%d" s="1" customFormat="1" ht="15"/>' % n
                                  for n in range(3, 1_000_001))
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(rows)}, compresslevel=6)
    assert path.stat().st_size < 4 * 1024 * 1024
    assert_refused(run_limited("validate", path), 2, "超过读取上限 200000 行")


def test_a_short_sheet_whose_cells_expand_to_gigabytes(tmp_path: Path) -> None:
    """100,000 cells all pointing at one 30,000-character shared string: 3·10^9 characters."""
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               '.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
               + "进展" * 15_000 + "</t></si></sst>").encode()
    rows = HEADER_ROWS + b"".join(b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>x</t></is></c>'
                                  b'<c r="D%d" t="s"><v>0</v></c></row>' % (n, n, n)
                                  for n in range(3, 100_003))
    sample = sample_xlsx(tmp_path / "a.xlsx")
    path = replace_parts(sample, tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(rows), **shared_strings_parts(sample, strings)},
                         compresslevel=6)
    assert path.stat().st_size < 1024 * 1024
    assert_refused(run_limited("validate", path), 2, "文字合计超过")


def test_elements_outside_the_cells_are_not_kept_in_memory(tmp_path: Path) -> None:
    """600,000 hyperlinks after the table: streamed past, the two rows still read."""
    links = b"<hyperlinks>" + b"".join(b'<hyperlink ref="A%d" display="%x"/>' % (n, n * 7919)
                                       for n in range(1, 600_001)) + b"</hyperlinks>"
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(HEADER_ROWS, tail=links)}, compresslevel=6)
    run = run_limited("validate", path, memory=200 * 1024 * 1024)
    assert run.code == 0, run.err
    assert "1 项任务，1 行单位进展" in run.out


def test_a_row_of_values_to_column_xfd(tmp_path: Path) -> None:
    cells = b"".join(b'<c r="%s3" t="inlineStr"><is><t>x</t></is></c>' % name
                     for name in (b"ZZ", b"AAA", b"XFD"))
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: sheet_xml(HEADER_ROWS + b'<row r="3">' + cells + b"</row>")})
    assert_refused(run_limited("validate", path), 2, "第3行第702列", "超过读取上限 256 列")


def test_a_zip_bomb_member_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = add_bomb_member(sample_xlsx(tmp_path / "台账.xlsx"))
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(run_limited("validate", path), 2, "xl/media/image1.png", "压缩炸弹")


def test_a_styles_part_too_large_to_parse_whole(tmp_path: Path) -> None:
    """openpyxl parses styles.xml whole: 200 KB of varied styles would take 300 MB and 5 s."""
    sample = sample_xlsx(tmp_path / "a.xlsx")
    with zipfile.ZipFile(sample) as archive:
        styles = archive.read("xl/styles.xml").decode()
    xfs = "".join(f'<xf numFmtId="{n * 7919 % 200}" fontId="0" fillId="0" borderId="0" xfId="0">'
                  f'<alignment indent="{n % 7}"/></xf>' for n in range(60_000))
    head, tail = styles.split("<cellXfs", 1)
    styles = head + '<cellXfs count="60001">' + xfs + tail.split(">", 1)[1]
    path = replace_parts(sample, tmp_path / "台账.xlsx", {"xl/styles.xml": styles.encode()},
                         compresslevel=6)
    assert path.stat().st_size < 400 * 1024
    assert_refused(run_limited("validate", path), 2, "xl/styles.xml", "超过上限 4 MB")


def test_a_billion_laughs_shared_string_table_is_refused(tmp_path: Path) -> None:
    sample = sample_xlsx(tmp_path / "a.xlsx")
    path = replace_parts(sample, tmp_path / "台账.xlsx",
                         shared_strings_parts(sample, XML_DECL + LAUGHS_DTD + SST))
    assert_refused(run_limited("validate", path), 2, "xl/sharedStrings.xml", "DTD")


@pytest.mark.parametrize(("part", "content"), [
    (SHEET, XML_DECL + b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + sheet_xml(HEADER_ROWS + inline_row(3, "2", "&x;"))[len(XML_DECL) + 1:]),
    (SHEET, XML_DECL + b"<!--" + b"x" * 100_000 + b"-->" + b"<!DOCTYPE w SYSTEM "
     b'"http://127.0.0.1:9/w.dtd">' + sheet_xml(HEADER_ROWS)[len(XML_DECL) + 1:]),
    ("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "b">]>'
     '<workbook/>'.encode("utf-16")),
])
def test_dtds_and_entities_are_refused(tmp_path: Path, part: str, content: bytes) -> None:
    """Billion laughs, an external entity, a DTD after a long comment, a UTF-16 part."""
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {part: content})
    run = run_limited("validate", path)
    assert_refused(run, 2, part)
    assert "root:" not in run.err and "root:" not in run.out  # /etc/passwd never read


@pytest.mark.parametrize("content", [
    b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>x",  # truncated
    b"\x00\x01\x02 not xml at all",
    b'<worksheet xmlns="x"><sheetData><row r="x1"/></sheetData></worksheet>',
])
def test_xml_that_is_not_valid_is_a_named_error(tmp_path: Path, content: bytes) -> None:
    path = replace_parts(sample_xlsx(tmp_path / "a.xlsx"), tmp_path / "台账.xlsx",
                         {SHEET: content})
    assert_refused(run_limited("validate", path), 2, "台账.xlsx")


def test_a_password_protected_workbook_says_how_to_remove_the_password(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "台账.xlsx", "EncryptionInfo", "EncryptedPackage")
    assert_refused(run_limited("validate", path), 2, "打开密码", "WPS", "Excel", "清空")


def test_an_old_xls_named_xlsx_is_named(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "台账.xlsx", "Workbook")
    assert_refused(run_limited("validate", path), 2, "旧版", "另存为")


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "台账.yaml"
    os.mkfifo(fifo)
    assert_refused(run_limited("validate", fifo), 2, "命名管道")
    assert_refused(run_limited("build", fifo, "-o", tmp_path / "out"), 2, "命名管道")


def test_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "台账.csv"
    link.symlink_to("/dev/zero")
    assert_refused(run_limited("validate", link), 2, "设备文件")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "台账.xlsx").mkdir()
    assert_refused(run_limited("validate", tmp_path / "台账.xlsx"), 2, "是文件夹")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text("# " + "注" * 500_000 + "\nitems:\n  - task: 甲\n", encoding="utf-8")
    run = run_limited("validate", path, env={"REPORTGEN_MAX_FILE_MB": "1"})
    assert_refused(run, 2, "超过上限 1 MB", "REPORTGEN_MAX_FILE_MB")
    assert run_limited("validate", path, env={"REPORTGEN_MAX_FILE_MB": "10"}).code == 0


# Texts that made a pattern quadratic (found while fuzzing the readers; docs/security.md
# «模糊测试»): each run takes milliseconds now, minutes before; the child's 5 s of CPU is the
# check, as above.

@pytest.mark.parametrize("progress", ["<p " * 60_000, "<span " * 40_000, "[bookmark: " * 30_000,
                                      "</p> <div " * 30_000])
def test_a_progress_text_of_unclosed_tags(tmp_path: Path, progress: str) -> None:
    """«<p <p <p …»: each "<p" scanned "[^>]*" to the end of the text (3 s for 30,000 chars)
    while the markup was cleaned, before the text's length was checked."""
    path = tmp_path / "台账.yaml"
    path.write_text(LEDGER_HEAD + '"' + progress + '"\n', encoding="utf-8")
    assert_refused(run_limited("validate", path), 2, "items[0].progress", "超过Excel 单元格上限")


def test_a_word_title_of_repeated_years(tmp_path: Path) -> None:
    """A centred paragraph «2022年2022年…» (100,000 characters): the period pattern tried every
    later position from every year (17 s for 20,000 characters)."""
    import docx

    document = docx.Document()
    document.add_paragraph("2022年" * 20_000).alignment = 1  # centred: the title
    document.add_paragraph("1.加快推进重大项目建设")
    document.add_paragraph("落实情况：已完成。")
    document.save(str(tmp_path / "报告.docx"))
    run = run_limited("import", tmp_path / "报告.docx", "-o", tmp_path / "台账.yaml")
    assert run.code == 0 and "Traceback" not in run.err, run.err[-2000:]
    assert "加快推进重大项目建设" in (tmp_path / "台账.yaml").read_text(encoding="utf-8")

