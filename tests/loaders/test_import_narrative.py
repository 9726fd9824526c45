"""Narrative reports written by another hand import with nothing lost and rebuild word for word."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from import_docs import (
    INTRO_BEFORE_TITLE,
    LABEL_ALONE_AND_GAPS,
    LABEL_ON_TASK_LINE,
    RESULT_ON_TASK_LINE,
    SIGNED,
    UNITS_AFTER_LABEL,
    Lines,
    write_docx,
    write_text,
)

from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.pipeline import build
from reportgen.pipeline.importing import ImportResult, import_files, summary_lines

Writer = Callable[[Path, Lines], Path]
DOCUMENTS: dict[str, tuple[Lines, Writer]] = {
    "intro-before-title.docx": (INTRO_BEFORE_TITLE, write_docx),
    "result-on-task-line.docx": (RESULT_ON_TASK_LINE, write_docx),
    "label-alone-and-gaps.txt": (LABEL_ALONE_AND_GAPS,
                                 lambda p, x: write_text(p, x, "utf-8")),
    "label-on-task-line.txt": (LABEL_ON_TASK_LINE, lambda p, x: write_text(p, x, "utf-8")),
    "units-after-label-gbk.txt": (UNITS_AFTER_LABEL, lambda p, x: write_text(p, x, "gbk")),
    "signed-utf16.txt": (SIGNED, lambda p, x: write_text(p, x, "utf-16")),
    "intro-before-title-gb18030.txt": (INTRO_BEFORE_TITLE,
                                       lambda p, x: write_text(p, x, "gb18030")),
}
_SPACE = re.compile(r"\s+")


def squeeze(texts: list[str]) -> list[str]:
    return [_SPACE.sub("", t) for t in texts if t.strip()]


def imported(tmp_path: Path, name: str) -> tuple[ImportResult, Path, Lines]:
    lines, write = DOCUMENTS[name]
    source = write(tmp_path / name, lines)
    result = import_files([source], tmp_path / "台账.yaml", tmp_path / "config.yaml")
    return result, source, lines


def ledger_texts(ledger: Ledger) -> list[str]:
    """Every text the ledger holds, line by line."""
    texts = [ledger.title, *ledger.notes]
    for item in ledger.items:
        texts += [item.section or "", item.seq or "", item.task, item.notes or ""]
        for row in item.rows:
            texts += [row.unit or "", row.person or "", *(row.progress or "").splitlines()]
    return [t for t in texts if t]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_rebuild_gives_back_every_paragraph(name: str, tmp_path: Path) -> None:
    result, _, lines = imported(tmp_path, name)
    assert not result.files[0].recognition.unplaced or name.startswith("signed")
    built = build(tmp_path / "config.yaml", tmp_path / "out", ["docx"])
    paragraphs = [p.text for p in docx.Document(str(built.outputs[0])).paragraphs]
    assert squeeze(paragraphs) == squeeze([text for text, _ in lines])


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_line_is_lost_or_invented(name: str, tmp_path: Path) -> None:
    result, _, lines = imported(tmp_path, name)
    recognition = result.files[0].recognition
    framing = [recognition.title or "", *recognition.intro, *recognition.basis,
               *(str(recognition.params.get(k) or "")
                 for k in ("progress_label", "no_progress_marker"))]
    held = squeeze(ledger_texts(result.ledger) + framing)
    for text, _ in lines:  # every source line is held somewhere, whole or as its parts
        line = _SPACE.sub("", text)
        assert line in held or any(part and part in line for part in held), line
    source = "".join(squeeze([text for text, _ in lines]))
    for text in held:  # and nothing is held that the source does not say
        assert text in source, text


def test_sections_tasks_and_own_numbers(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "intro-before-title.docx")
    ledger = result.ledger
    assert [i.seq for i in ledger.items] == ["1", "2", "3", "4", "5", "6"]
    assert [i.id for i in ledger.items] == ["1", "2", "3", "4", "5", "6"]
    assert ledger.items[2].section == "二、着力保障改善民生"
    assert ledger.items[1].rows[0].progress == "共储备项目30个：\n（1）市政道路项目12个；\n（2）片区改造项目18个。"
    assert ledger.items[4].rows[0].progress == "分三步推进：\n1.摸清底数；\n2.精准帮扶；\n3.跟踪回访。"
    assert not ledger.items[3].has_progress  # kept, counted
    recognition = result.files[0].recognition
    assert recognition.intro == ["市政府办公室："]
    assert recognition.title == "关于2023年上半年重点工作完成情况的报告"
    assert ledger.period == "2023年上半年"
    summary = "\n".join(summary_lines(result.files[0]))
    assert "任务 6 项" in summary and "无进展的任务 1 项：4" in summary
    assert "前言（标题前）：市政府办公室：" in summary and "未能归类 0 处" in summary


def test_result_on_the_task_line_and_no_title(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "result-on-task-line.docx")
    items = result.ledger.items
    assert (items[0].task, items[0].rows[0].progress) == ("完善城市路网。", "新建道路8公里，改造3公里。")
    assert items[2].task == "推进垃圾分类。" and not items[2].has_progress
    config = yaml.safe_load((tmp_path / "config.yaml").read_text(encoding="utf-8"))
    params = config["documents"][0]["params"]
    assert params["show_title"] is False and params["progress_inline"] is True
    assert params["seq_style"] == "1、" and params["no_progress_marker"] == ""


def test_units_persons_and_marker_from_a_gbk_text(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "units-after-label-gbk.txt")
    items = result.ledger.items
    assert result.files[0].recognition.encoding == "gb18030"
    assert [(r.unit, r.person, r.progress) for r in items[0].rows] == [
        ("县工信局", None, "已完成主体施工。"), ("县住建局", "王强", "已完成验收准备。")]
    assert items[1].rows[0].unit == "县交通局" and not items[1].has_progress
    assert [i.seq for i in items] == ["1", "2", "3"]


def test_signature_and_date_are_kept(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "signed-utf16.txt")
    assert result.ledger.notes == ["某某局"]
    assert str(result.ledger.date) == "2023-07-10"
    unplaced = result.files[0].recognition.unplaced
    assert [(u.where, u.text) for u in unplaced] == [("第6行", "某某局")]


def test_the_written_yaml_reads_back_the_same(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "units-after-label-gbk.txt")
    again = load_ledger(tmp_path / "台账.yaml").ledger
    assert again.items == result.ledger.items
    assert again.notes == result.ledger.notes


def test_the_document_is_a_ledger_for_build_validate_and_stats(tmp_path: Path) -> None:
    lines, write = DOCUMENTS["intro-before-title.docx"]
    source = write(tmp_path / "报告.docx", lines)
    loaded = load_ledger(source)
    assert len(loaded.ledger.items) == 6
    assert loaded.ledger.items[0].id == "1"


def test_word_automatic_numbering_gives_the_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("重点工作落实情况报告").alignment = 1
    document.add_paragraph("推进项目建设", style="List Number")
    document.add_paragraph("落实情况：已开工。")
    document.add_paragraph("优化营商环境", style="List Number")
    document.add_paragraph("落实情况：已出台措施。")
    document.save(str(tmp_path / "自动编号.docx"))
    ledger = load_ledger(tmp_path / "自动编号.docx").ledger
    assert [(i.seq, i.task, i.rows[0].progress) for i in ledger.items] == [
        ("1", "推进项目建设", "已开工。"), ("2", "优化营商环境", "已出台措施。")]


def test_numbering_formats_and_levels() -> None:
    from lxml import etree

    from reportgen.loaders.docx_blocks import Numbering

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f"""<w:numbering xmlns:w="{w}">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
          <w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
          <w:lvlText w:val="（%2）"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
    </w:numbering>"""
    numbering = Numbering(etree.fromstring(xml.encode()))
    got = [numbering.label("5", level) for level in (0, 1, 1, 0, 1)]
    assert got == ["一、", "（1）", "（2）", "二、", "（1）"]
    assert numbering.label("9", 0) == ""


def test_label_alone_gaps_and_a_sentence_that_looks_like_a_heading(tmp_path: Path) -> None:
    result, _, _ = imported(tmp_path, "label-alone-and-gaps.txt")
    items = result.ledger.items
    assert [(i.seq, i.section) for i in items] == [
        ("1", "一、经济发展"), ("2", "一、经济发展"), ("4", "一、经济发展"), ("5", "二、社会民生")]
    assert items[0].rows[0].progress == "上半年技改投资增长12%。\n二、推进智能化改造项目15个。"
    recognition = result.files[0].recognition
    assert recognition.params["progress_label_alone"] is True
    assert "第10行的序号从 2 跳到 4" in recognition.remarks


def test_text_under_a_heading_before_its_first_task_goes_to_that_task_notes(
        tmp_path: Path) -> None:
    lines = [("工作报告", "centred"), ("一、发展经济", ""), ("今年经济平稳。", ""),
             ("1.扩大投资", ""), ("落实情况：投资增长5%。", ""), ("二、改善民生", ""),
             ("民生支出占八成。", ""), ("2.稳定就业", ""), ("落实情况：新增就业1万人。", "")]
    source = write_docx(tmp_path / "报告.docx", lines)
    result = import_files([source], tmp_path / "台账.yaml")
    items = result.ledger.items
    assert (items[0].notes, items[1].notes) == ("今年经济平稳。", "民生支出占八成。")
    where = [(u.where, u.target) for u in result.files[0].recognition.unplaced]
    assert where == [("第3段", "item"), ("第7段", "item")]


def test_four_digit_numbers_are_tasks(tmp_path: Path) -> None:
    path = write_text(tmp_path / "长.txt", [("999.甲任务", ""), ("落实情况：甲。", ""),
                                           ("1000.乙任务", ""), ("落实情况：乙。", "")], "utf-8")
    assert [i.seq for i in load_ledger(path).ledger.items] == ["999", "1000"]


def test_sections_written_with_parenthesised_numbers(tmp_path: Path) -> None:
    lines = [("重点工作进展情况", "centred"), ("（一）稳增长", ""), ("1.扩大投资", ""),
             ("落实情况：增长5%。", ""), ("（二）惠民生", ""), ("2.稳定就业", ""),
             ("落实情况：新增1万人。", "")]
    result = import_files([write_docx(tmp_path / "报告.docx", lines)], tmp_path / "台账.yaml",
                          tmp_path / "config.yaml")
    assert [i.section for i in result.ledger.items] == ["（一）稳增长", "（二）惠民生"]
    built = build(tmp_path / "config.yaml", tmp_path / "out", ["docx"])
    paragraphs = [p.text for p in docx.Document(str(built.outputs[0])).paragraphs]
    assert squeeze(paragraphs) == squeeze([text for text, _ in lines])
