"""The same ledger as YAML (English and Chinese keys), CSV (UTF-8, BOM, GBK) and XLSX loads equal."""
from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from ledger_samples import HEADER, TABLE, YAML_EN, YAML_ZH, write_csv, write_xlsx

from reportgen.loaders import LOADERS, LoadResult, load_ledger
from reportgen.model import Item, Ledger, UnitRow
from reportgen.writers.xlsx import write_ledger


def test_yaml_english_keys(make_file: Callable[[str, str], Path], expected: Ledger) -> None:
    result = load_ledger(make_file("台账.yaml", YAML_EN))
    assert isinstance(result, LoadResult)
    assert result.ledger == expected
    assert result.warnings == []


def test_yaml_chinese_keys(make_file: Callable[[str, str], Path], expected: Ledger) -> None:
    assert load_ledger(make_file("台账.yml", YAML_ZH)).ledger == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, expected: Ledger, encoding: str) -> None:
    path = write_csv(tmp_path / "台账.csv", [HEADER, *TABLE], encoding=encoding)
    if encoding == "gbk":
        assert not path.read_bytes().startswith(codecs.BOM_UTF8)
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    assert load_ledger(path).ledger == expected


def test_tab_separated(tmp_path: Path, expected: Ledger) -> None:
    path = tmp_path / "台账.tsv"
    lines = [[line[0]] for line in ([expected.title], [expected.period])]
    lines += [HEADER, *[[c.replace("\n", "<br>") for c in row] for row in TABLE]]
    path.write_text("\n".join("\t".join(row) for row in lines), encoding="utf-8")
    assert load_ledger(path).ledger == expected


def test_xlsx_with_merged_item_cells(tmp_path: Path, expected: Ledger) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx")
    assert load_ledger(path).ledger == expected


def test_csv_repeated_seq_and_task_continue_the_item(tmp_path: Path, expected: Ledger) -> None:
    """Seed 000 repeats 序号 and task on each unit row of item 7 instead of merging them."""
    rows = [list(row) for row in TABLE]
    for row in rows[2:4]:
        row[:4] = rows[1][:4]
    assert load_ledger(write_csv(tmp_path / "台账.csv", [HEADER, *rows])).ledger == expected


def test_section_rows_instead_of_a_column(tmp_path: Path, expected: Ledger) -> None:
    header = [h for h in HEADER if h != "分类"]
    rows: list[list[str]] = []
    section = ""
    for row in TABLE:
        if row[1] and row[1] != section:
            section = row[1]
            rows.append([section] + [""] * (len(header) - 1))
        rows.append(row[:1] + row[2:])
    assert load_ledger(write_csv(tmp_path / "台账.csv", [header, *rows])).ledger == expected


def test_excel_writer_output_reads_back(tmp_path: Path, small_ledger: Ledger) -> None:
    """The workbook of writers.xlsx (merged title, item cells merged) reads back equal.

    The writer's columns carry no 分类, so sections do not travel.
    """
    path = tmp_path / "台账.xlsx"
    write_ledger(small_ledger, path)
    loaded = load_ledger(path).ledger
    without_sections = small_ledger.model_copy(update={"items": [
        item.model_copy(update={"section": None}) for item in small_ledger.items]})
    assert loaded == without_sections


def test_excel_writer_multi_unit_items_with_unit_less_rows(tmp_path: Path) -> None:
    ledger = Ledger(title="台账", items=[
        Item(seq="8", task="稳增长、保态势", rows=[
            UnitRow(unit="区工信局 区商务局", person="樊星烁 赵永强", progress="1、地区生产总值。",
                    status="滞后"),
            UnitRow(progress="2、规模以上工业增加值。", status="一般"),
            UnitRow(progress="3、社会消费品零售总额。", status="积极")]),
        Item(seq="9", task="无进展的任务", rows=[UnitRow(unit="区统计局")]),
    ])
    path = tmp_path / "台账.xlsx"
    write_ledger(ledger, path)
    assert load_ledger(path).ledger == ledger


def test_the_warning_column_of_a_built_ledger_reads_back_silently(tmp_path: Path,
                                                                 small_ledger: Ledger) -> None:
    """A build's 台账 gains a 预警 column (computed again at every build): read back, it is
    dropped without the 未知的列 warning a column nobody knows gets."""
    from reportgen.analysis.deadlines import RowLight

    lights = [RowLight(item, row, "绿", None, "") for item in small_ledger.items
              for row in item.rows]
    path = tmp_path / "台账.xlsx"
    write_ledger(small_ledger, path, columns=["seq", "task", "unit", "person", "progress",
                                              "status", "light"], lights=lights)
    result = load_ledger(path)
    assert [p for p in result.warnings if "预警" in str(p)] == []
    assert result.ledger.items[0].task == small_ledger.items[0].task


def test_registry_lists_the_formats() -> None:
    assert {".yaml", ".yml", ".csv", ".xlsx"} <= set(LOADERS)
