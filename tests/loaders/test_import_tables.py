"""Word tables and .xls ledgers: merges, continued tables, colours, unknown columns, .doc."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from import_docs import INTRO_BEFORE_TITLE, write_docx, write_table_docx, write_xls

from reportgen.loaders import load_ledger
from reportgen.pipeline import build
from reportgen.pipeline.importing import import_file, import_files, summary_lines


def test_word_table_with_merges_colours_and_a_continuation(tmp_path: Path) -> None:
    result = import_file(write_table_docx(tmp_path / "附件.docx"))
    ledger, recognition = result.ledger, result.recognition
    assert (ledger.title, ledger.period) == ("2023年5月份重点工作推进情况表", "2023年5月")
    assert recognition.tables == 2 and recognition.colour_statuses == 4
    rows = [(i.seq, i.section, i.task, [(r.unit, r.progress, r.status) for r in i.rows])
            for i in ledger.items]
    assert rows == [
        ("1", None, "推进重大项目建设", [("市发改委", "新开工项目12个。", "滞后"),
                                 ("市财政局", "拨付资金3亿元。\n另争取专项债1亿元。", "积极")]),
        ("2", "一、民生保障", "建设保障性住房", [("市住建局", "已开工800套。", "一般")]),
        ("3", "一、民生保障", "新建中小学校3所", [("市教育局", None, None)]),
        ("4", "一、民生保障", "提升医疗服务能力", [("市卫健委", "新增床位200张。", "正常")]),
    ]
    assert ledger.items[0].notes == "联系电话：0375-1111\n联系电话：0375-2222"
    assert ledger.notes == ["注：以上数据截至5月31日。"]
    summary = "\n".join(summary_lines(result))
    assert "由 2 张表格接续而成" in summary and "其中 4 个来自单元格颜色" in summary
    assert "表格1第2行（未知的列，记入事项备注）：“联系电话：0375-1111”" in summary
    assert "第4段（表格后的段落，记入台账末尾备注）" in summary


def test_every_cell_and_line_of_the_table_is_kept(tmp_path: Path) -> None:
    source = write_table_docx(tmp_path / "附件.docx")
    result = import_files([source], tmp_path / "台账.yaml")
    written = (tmp_path / "台账.yaml").read_text(encoding="utf-8")
    document = docx.Document(str(source))
    headers = {"序号", "工作任务", "责任单位", "进展情况", "联系电话", "暂未报送进展"}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for line in cell.text.splitlines():
                    if line and line not in headers:
                        assert line in written, line
    for paragraph in document.paragraphs:
        if paragraph.text and paragraph.text != "附件2":
            assert paragraph.text in written
    assert len(result.ledger.items) == 4


def test_rebuilt_attachment_has_the_same_table(tmp_path: Path) -> None:
    source = write_table_docx(tmp_path / "附件.docx")
    import_files([source], tmp_path / "台账.yaml", tmp_path / "config.yaml")
    built = build(tmp_path / "config.yaml", tmp_path / "out", ["docx"])
    document = docx.Document(str(built.outputs[0]))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["附件2", "2023年5月份重点工作推进情况表"]
    table = document.tables[0]
    got = [[c.text for c in row.cells] for row in table.rows]
    assert got[0] == ["序号", "工作任务", "责任单位", "进展情况", "完成情况"]  # the source's own
    assert [row[4] for row in got[1:]] == ["滞后", "积极", "一般", "", "正常"]
    assert got[1][1:3] == ["推进重大项目建设", "市发改委"]
    assert got[2][2] == "市财政局"
    assert [row[1] for row in got[3:]] == ["建设保障性住房", "新建中小学校3所", "提升医疗服务能力"]


def test_legacy_xls_with_merges_and_a_colour_status(tmp_path: Path) -> None:
    result = import_file(write_xls(tmp_path / "台账.xls"))
    ledger = result.ledger
    assert ledger.title == "2023年6月份重点工作推进情况台账" and ledger.period == "2023年6月"
    assert [(i.seq, i.task, [(r.unit, r.progress, r.status) for r in i.rows])
            for i in ledger.items] == [
        ("1", "推进乡村振兴示范村建设", [("市农业农村局", "已确定示范村20个。", "正常"),
                                   ("市乡村振兴局", "完成规划编制。", "积极")]),
        ("2", "整治城市黑臭水体", [("市生态环境局", "完成整治2处。", "滞后")]),
    ]
    assert result.recognition.colour_statuses == 1
    assert load_ledger(tmp_path / "台账.xls").ledger.items == ledger.items


def _convert(source: Path, target: str, folder: Path) -> Path:
    program = shutil.which("soffice")
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed: .doc conversion cannot be tested")
    subprocess.run([program, "--headless", f"-env:UserInstallation={(folder / 'p').as_uri()}",
                    "--convert-to", target, "--outdir", str(folder / "doc"), str(source)],
                   check=True, capture_output=True, timeout=240)
    return folder / "doc" / f"{source.stem}.{target}"


def test_legacy_doc_through_libreoffice(tmp_path: Path) -> None:
    source = write_docx(tmp_path / "报告.docx", INTRO_BEFORE_TITLE)
    legacy = _convert(source, "doc", tmp_path)
    from_doc = import_file(legacy)
    from_docx = import_file(source)
    assert from_doc.ledger.items == from_docx.ledger.items
    assert from_doc.recognition.title == from_docx.recognition.title


def test_wps_suffix_reads_like_doc(tmp_path: Path) -> None:
    source = write_table_docx(tmp_path / "附件.docx")
    legacy = _convert(source, "doc", tmp_path)
    wps = legacy.with_suffix(".wps")
    legacy.rename(wps)
    assert len(import_file(wps).ledger.items) == 4


def test_missing_libreoffice_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.errors import DataError
    from reportgen.loaders import office

    monkeypatch.setattr(office, "soffice", lambda: None)
    path = tmp_path / "旧.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(DataError, match="需要 LibreOffice"):
        import_file(path)


def test_et_suffix_goes_through_libreoffice(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .et conversion cannot be tested")
    source = write_xls(tmp_path / "台账.xls")
    et = tmp_path / "台账.et"
    shutil.copyfile(source, et)
    assert import_file(et).ledger.items == import_file(source).ledger.items


def test_tab_separated_text_is_a_table_and_tabbed_lists_stay_lines(tmp_path: Path) -> None:
    table = tmp_path / "粘贴.txt"
    table.write_text("6月台账\n序号\t工作任务\t责任单位\t进展情况\n1\t修路\t市交通局\t已完工。\n"
                     "\t\t市财政局\t拨付资金。\n", encoding="utf-8")
    ledger = import_file(table).ledger
    assert ledger.title == "6月台账"
    assert [(r.unit, r.progress) for r in ledger.items[0].rows] == [
        ("市交通局", "已完工。"), ("市财政局", "拨付资金。")]
    listed = tmp_path / "列表.txt"
    listed.write_text("1.\t修路\n落实情况：已完工。\n2.\t建桥\n落实情况：已开工。\n",
                      encoding="utf-8")
    assert [i.task for i in import_file(listed).ledger.items] == ["修路", "建桥"]


def test_other_tables_and_a_continued_table_after_a_line(tmp_path: Path) -> None:
    document = docx.Document()
    other = document.add_table(rows=1, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "填报单位", "市督查室"
    document.add_paragraph("重点工作台账")
    for part, (seq, task) in enumerate([("1", "修路"), ("2", "建桥")]):
        if part:
            document.add_paragraph("（续表）")
        table = document.add_table(rows=2, cols=3)
        for c, text in enumerate(["序号", "工作任务", "进展情况"]):
            table.cell(0, c).text = text
        for c, text in enumerate([seq, task, "已完成。"]):
            table.cell(1, c).text = text
    document.add_paragraph("")
    unrelated = document.add_table(rows=1, cols=4)
    for c, text in enumerate(["附", "表", "其", "他"]):
        unrelated.cell(0, c).text = text
    document.save(str(tmp_path / "台账.docx"))
    result = import_file(tmp_path / "台账.docx")
    assert [i.task for i in result.ledger.items] == ["修路", "建桥"]
    assert result.recognition.tables == 2 and result.ledger.title == "重点工作台账"
    assert result.ledger.notes == ["填报单位 | 市督查室", "附 | 表 | 其 | 他", "（续表）"]


def test_a_section_row_at_the_end_of_the_table_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "工作任务", "进展情况"], ["1", "修路", "已完成。"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(2, 2)).text = "二、其他工作"
    document.save(str(tmp_path / "台账.docx"))
    result = import_file(tmp_path / "台账.docx")
    assert result.ledger.notes == ["二、其他工作"]
    assert result.recognition.unplaced[0].reason == "没有事项的分类行"
