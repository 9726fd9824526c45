"""Hostile and malformed documents give named errors, never a crash or a hang."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest
from import_docs import write_docx, write_xls

from reportgen.errors import DataError
from reportgen.loaders import docx_blocks, limits, load_ledger, office, text_blocks
from reportgen.pipeline.importing import import_file, import_files

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with(path: Path, document_xml: bytes, level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return path


def test_docx_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    body = b"<w:p><w:r><w:t>" + b"A" * (40 * 1024 * 1024) + b"</w:t></w:r></w:p>"
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + body + b"</w:body></w:document>"
    path = _docx_with(tmp_path / "炸弹.docx", xml)
    assert path.stat().st_size < 200_000
    with pytest.raises(DataError, match="压缩炸弹"):
        import_file(path)


def test_total_size_is_limited(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL_BYTES", 1000)
    path = _docx_with(tmp_path / "大.docx", b"<x/>" * 400, level=1)
    with pytest.raises(DataError, match="超过读取上限"):
        import_file(path)


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
           "</w:body></w:document>").encode()
    with pytest.raises(DataError, match="DTD 或实体"):
        import_file(_docx_with(tmp_path / "实体.docx", xml))


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "假.docx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(DataError, match="不是有效的 .docx 文件"):
        import_file(path)


def test_table_without_a_recognisable_header(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["编号", "名称", "单位"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "甲", "乙"]):
        table.cell(1, c).text = text
    document.save(str(tmp_path / "表.docx"))
    with pytest.raises(DataError, match="找不到表头") as info:
        import_file(tmp_path / "表.docx")
    assert "编号、名称、单位" in info.value.message


def test_text_of_binary_junk(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(8192)
    path = tmp_path / "乱码.txt"
    path.write_bytes(junk)
    with pytest.raises(DataError, match="二进制"):
        import_file(path)


def test_high_bytes_without_nul_are_not_text_either(tmp_path: Path) -> None:
    rng = random.Random(11)
    path = tmp_path / "高位.txt"
    path.write_bytes(bytes(rng.randrange(0x81, 0xFF) for _ in range(8192)))
    with pytest.raises(DataError, match="二进制|编码"):
        import_file(path)


def test_text_without_tasks_is_named(tmp_path: Path) -> None:
    path = tmp_path / "便条.txt"
    path.write_text("今天下午三点开会。\n请准时参加。\n", encoding="utf-8")
    with pytest.raises(DataError, match="找不到任务"):
        load_ledger(path)


def test_oversized_text_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_blocks, "MAX_TEXT_BYTES", 100)
    path = tmp_path / "长.txt"
    path.write_text("1.任务\n" * 50, encoding="utf-8")
    with pytest.raises(DataError, match="过大"):
        import_file(path)


def test_nothing_is_written_when_one_file_fails(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "好.docx", [("1.任务一", ""), ("落实情况：完成。", "")])
    bad = tmp_path / "坏.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(DataError):
        import_files([good, bad], tmp_path / "台账.yaml")
    assert not (tmp_path / "台账.yaml").exists()


def test_unknown_suffix_lists_what_can_be_imported(tmp_path: Path) -> None:
    path = tmp_path / "表.numbers"
    path.write_bytes(b"x")
    with pytest.raises(DataError, match=r"\.docx.*\.xls"):
        import_file(path)


# Found by the fuzz campaign (tools/fuzz_campaign.py, docs/security.md «模糊测试»).

@pytest.mark.parametrize("cut", [5000, 5562, 5600])
def test_a_truncated_xls_is_refused_by_name(tmp_path: Path, cut: int,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """xlrd unpacked the short directory sector and raised struct.error; its warnings went to
    standard output."""
    data = write_xls(tmp_path / "原.xls").read_bytes()
    assert len(data) == 5632  # xlwt writes the same bytes every time
    path = tmp_path / "半截.xls"
    path.write_bytes(data[:cut])
    with pytest.raises(DataError, match="半截.xls.*不是有效的 .xls 文件，或文件已损坏"):
        import_file(path)
    assert capsys.readouterr().out == ""


def test_an_xls_claiming_one_byte_sectors_is_refused_by_name(tmp_path: Path) -> None:
    """The compound file's sector shift set to 0: xlrd divided by the entries per sector."""
    data = bytearray(write_xls(tmp_path / "原.xls").read_bytes())
    data[30] = 0  # SectorShift: sectors of 2**0 bytes
    path = tmp_path / "扇区.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="扇区.xls.*文件已损坏"):
        import_file(path)


def test_an_xls_whose_directory_entry_is_its_own_sibling(tmp_path: Path) -> None:
    """The Workbook stream's left sibling pointing at itself: xlrd recursed without end."""
    data = bytearray(write_xls(tmp_path / "原.xls").read_bytes())
    entry = 5120 + 128  # the directory sector, entry 1 (Workbook); its left sibling at +68
    assert data[entry:entry + 16].decode("utf-16-le") == "Workbook"
    data[entry + 68:entry + 72] = (1).to_bytes(4, "little")
    path = tmp_path / "环.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="环.xls.*文件已损坏"):
        import_file(path)


def test_an_xls_with_a_damaged_cell_record_is_refused_by_name(tmp_path: Path) -> None:
    """One byte of a cell record changed: xlrd's sheet parser (run on demand, after the book
    opened) failed an assertion."""
    data = bytearray(write_xls(tmp_path / "原.xls").read_bytes())
    data[2229] = ord("[")
    path = tmp_path / "坏.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="坏.xls.*第1个工作表.*文件已损坏"):
        import_file(path)


def _table_docx(path: Path, cell_props: str, rows: int = 2, row_props: str = "") -> Path:
    """A Word document of one table whose first cell carries ``cell_props`` (inside w:tcPr)."""
    cell = "<w:tc>{}<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    header = "".join(cell.format("", t) for t in ("序号", "工作任务", "牵头单位", "进展情况"))
    body = "".join(f"<w:tr>{row_props}{cell.format(f'<w:tcPr>{cell_props}</w:tcPr>', n)}"
                   f"{cell.format('', '任务')}{cell.format('', '区财政局')}"
                   f"{cell.format('', '已完成。')}</w:tr>" for n in range(1, rows + 1))
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl><w:tr>{header}</w:tr>{body}'
           "</w:tbl></w:body></w:document>").encode()
    return _docx_with(path, xml)


@pytest.mark.parametrize(("props", "phrase"), [
    ('<w:gridSpan w:val="2147483648"/>', "表格1第2行第1列合并的列数（gridSpan）为 2147483648"),
    ('<w:gridSpan w:val="XFD1"/>', "gridSpan）应为整数"),
    ('<w:gridSpan w:val="-1"/>', "超出 Word 允许的范围"),
])
def test_a_cell_spanning_absurdly_is_refused_by_name(tmp_path: Path, props: str,
                                                     phrase: str) -> None:
    """gridSpan went into int() unchecked: a word made it crash, two billion exhausted memory
    building the covered cells."""
    with pytest.raises(DataError, match="跨.docx") as info:
        import_file(_table_docx(tmp_path / "跨.docx", props))
    assert phrase in info.value.message


def test_cells_left_empty_before_a_row_are_bounded(tmp_path: Path) -> None:
    path = _table_docx(tmp_path / "前.docx", "", row_props='<w:trPr><w:gridBefore w:val="99999999"/>'
                       "</w:trPr>")
    with pytest.raises(DataError, match="表格1第2行行首空出的列数为 99999999"):
        import_file(path)


def test_the_cells_of_all_tables_are_bounded(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows each spanning the column limit: refused at MAX_CELLS, before the grid is padded."""
    monkeypatch.setattr(docx_blocks, "MAX_CELLS", 5000)
    path = _table_docx(tmp_path / "宽.docx", '<w:gridSpan w:val="990"/>', rows=6)
    with pytest.raises(DataError, match="单元格超过读取上限 5,000 个"):
        import_file(path)


@pytest.mark.parametrize(("attribute", "phrase"), [
    ('w:ilvl="XFD1048576"', "编号的级别应为整数，而不是“XFD1048576”"),
    ('w:ilvl="-2147483648"', "编号的级别为 -2147483648"),
])
def test_a_numbering_level_that_word_never_writes(tmp_path: Path, attribute: str,
                                                  phrase: str) -> None:
    numbering = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">'
                 f'<w:lvl {attribute}><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    path = _table_docx(tmp_path / "编号.docx", "")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/numbering.xml", numbering)
    with pytest.raises(DataError, match="编号.docx") as info:
        import_file(path)
    assert phrase in info.value.message



@pytest.mark.parametrize("head", ["<html><head>", "<?xml version='1.0'?><html><head>",
                                  "\ufeff<!DOCTYPE html><html><head>", "MIME-Version: 1.0\n<head>"])
def test_a_web_page_named_doc_never_reaches_libreoffice(tmp_path: Path, head: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An «HTML saved as .doc» (what web systems export as Word) made LibreOffice fetch the
    style sheets and images it links to while loading it, local files included (a network
    access and a read outside the input), and then fail: Writer/Web cannot write .docx."""
    def run(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice was started")

    monkeypatch.setattr(office, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(office.subprocess, "run", run)
    path = tmp_path / "导出.doc"
    path.write_text(f'{head}<link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
                    '<link rel="stylesheet" href="file:///etc/passwd"></head><body>'
                    "<p>1.加快推进重大项目建设</p></body></html>", encoding="utf-8")
    with pytest.raises(DataError, match="导出.doc 不是 Word/WPS 文档（.doc），而是网页（HTML）"):
        import_file(path)


def test_libreoffice_profile_fetches_nothing(tmp_path: Path) -> None:
    """The throwaway profile sends every protocol to a proxy on the loopback discard port."""
    profile = office._PROFILE
    assert profile.count("<value>127.0.0.1</value>") == 3 and "<value>9</value>" in profile
    assert "BlockUntrustedRefererLinks" in profile
