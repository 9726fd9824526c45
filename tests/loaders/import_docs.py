"""Documents to import, written by a different hand: python-docx, xlwt and plain text files.

Each narrative document is a list of (text, how) lines; ``how`` is "centred", "heading" or "".
The texts are what the rebuilt document must say again, paragraph by paragraph.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

Lines = list[tuple[str, str]]

# Intro before the title, sections, tasks numbered on through the sections, a label on the
# progress line, a second progress paragraph, an inner list (1) (2) and an inner list 1. 2.
# numbered like the tasks, and a task without any progress.
INTRO_BEFORE_TITLE: Lines = [
    ("市政府办公室：", ""),
    ("关于2023年上半年重点工作完成情况的报告", "centred"),
    ("按照市委市政府部署，现将上半年重点工作完成情况报告如下：", ""),
    ("一、持续扩大有效投资", "heading"),
    ("1.加快推进重大项目建设", ""),
    ("落实情况：上半年全市新开工项目56个，完成投资120亿元。", ""),
    ("已有12个项目竣工投产。", ""),
    ("2.做好专项债券项目储备", ""),
    ("落实情况：共储备项目30个：", ""),
    ("（1）市政道路项目12个；", ""),
    ("（2）片区改造项目18个。", ""),
    ("二、着力保障改善民生", "heading"),
    ("3.新建改建城市公园5个", ""),
    ("落实情况：已完成3个，其余2个正在施工。", ""),
    ("4.推进老旧小区改造", ""),
    ("5.稳定和扩大就业", ""),
    ("落实情况：分三步推进：", ""),
    ("1.摸清底数；", ""),
    ("2.精准帮扶；", ""),
    ("3.跟踪回访。", ""),
    ("6.做好防汛准备", ""),
    ("落实情况：已完成隐患排查。", ""),
]

# No title, tasks numbered "1、", the result on the task's own line after its first sentence,
# a task without progress.
RESULT_ON_TASK_LINE: Lines = [
    ("现将今年以来重点工作推进情况汇总如下。", ""),
    ("1、完善城市路网。新建道路8公里，改造3公里。", ""),
    ("2、提升供水能力。第二水厂扩建工程已完工，日供水能力增加5万吨。", ""),
    ("3、推进垃圾分类。", ""),
    ("4、建设智慧城市平台。平台一期已上线运行。", ""),
]

# A label written inside the task line: "1.任务。落实情况：结果".
LABEL_ON_TASK_LINE: Lines = [
    ("重点民生实事推进情况", ""),
    ("1.改造农村危房200户。落实情况：已开工186户，竣工120户。", ""),
    ("2.新增城镇就业岗位1万个。落实情况：已新增6200个。", ""),
]

# An office line before the title, tasks numbered （1） across sections, a label alone and
# unit rows with a responsible person, a unit that reported nothing ("暂未报送进展").
UNITS_AFTER_LABEL: Lines = [
    ("某县人民政府督查室", ""),
    ("2023年第三季度重点工作进展情况通报", ""),
    ("一、项目建设", ""),
    ("（1）县产业园标准化厂房建设", ""),
    ("进展情况：", ""),
    ("县工信局：已完成主体施工。", ""),
    ("县住建局（王强）：已完成验收准备。", ""),
    ("（2）农村公路提升改造", ""),
    ("进展情况：", ""),
    ("县交通局：暂未报送进展", ""),
    ("二、社会事业", ""),
    ("（3）新建幼儿园2所", ""),
    ("进展情况：", ""),
    ("县教体局：1所已投用，1所正在装修。", ""),
]

# The label alone on its line over text that names no unit, a task number that skips (2 → 4),
# a progress line that starts like the next section heading but is a sentence.
LABEL_ALONE_AND_GAPS: Lines = [
    ("2023年重点工作推进情况", ""),
    ("一、经济发展", ""),
    ("1.加快工业转型", ""),
    ("落实情况：", ""),
    ("上半年技改投资增长12%。", ""),
    ("二、推进智能化改造项目15个。", ""),
    ("2.扩大消费", ""),
    ("落实情况：", ""),
    ("举办促消费活动8场。", ""),
    ("4.稳定外贸", ""),
    ("落实情况：", ""),
    ("出口增长5%。", ""),
    ("二、社会民生", ""),
    ("5.办好民生实事", ""),
    ("落实情况：", ""),
    ("10件民生实事均已启动。", ""),
]

# A closing signature and date under the last task.
SIGNED: Lines = [
    ("关于上半年工作的报告", ""),
    ("1.完成全年招商任务的一半", ""),
    ("完成情况：签约项目21个。", ""),
    ("2.办好全民健身运动会", ""),
    ("完成情况：已于5月举办。", ""),
    ("某某局", ""),
    ("2023年7月10日", ""),
]


def write_docx(path: Path, lines: Lines) -> Path:
    document = docx.Document()
    for text, how in lines:
        if how == "heading":
            document.add_heading(text, level=1)
            continue
        paragraph = document.add_paragraph(text)
        if how == "centred":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(path))
    return path


def write_text(path: Path, lines: Lines, encoding: str) -> Path:
    text = "\r\n".join(t for t, _ in lines) + "\r\n"
    data = text.encode("utf-16") if encoding == "utf-16" else text.encode(encoding)
    path.write_bytes(data)
    return path


# ----- tables -----

def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


HEADER = ["序号", "工作任务", "责任单位", "进展情况", "联系电话"]


def write_table_docx(path: Path) -> Path:
    """附件 label, a title with its period, a table continued in a second Word table with its
    header repeated, statuses only as cell colours, vertically merged item cells (vMerge),
    a section row spanning the table (gridSpan), an unknown column, a note under the table."""
    document = docx.Document()
    document.add_paragraph("附件2")
    document.add_paragraph("2023年5月份重点工作推进情况表").alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = document.add_table(rows=5, cols=5)
    for c, text in enumerate(HEADER):
        first.cell(0, c).text = text
    values = [["1", "推进重大项目建设", "市发改委", "新开工项目12个。", "0375-1111"],
              ["", "", "市财政局", "拨付资金3亿元。\n另争取专项债1亿元。", "0375-2222"]]
    for r, row in enumerate(values, start=1):
        for c, text in enumerate(row):
            if text:
                first.cell(r, c).text = text
    first.cell(1, 0).merge(first.cell(2, 0))
    first.cell(1, 1).merge(first.cell(2, 1))
    _shade(first.cell(1, 3), "FF0000")  # 滞后
    _shade(first.cell(2, 3), "00B050")  # 积极
    section = first.cell(3, 0).merge(first.cell(3, 4))
    section.text = "一、民生保障"
    for c, text in enumerate(["2", "建设保障性住房", "市住建局", "已开工800套。", ""]):
        first.cell(4, c).text = text
    _shade(first.cell(4, 3), "FFFF00")  # 一般
    document.add_paragraph("")
    second = document.add_table(rows=3, cols=5)
    for c, text in enumerate(HEADER):
        second.cell(0, c).text = text
    for r, row in enumerate([["3", "新建中小学校3所", "市教育局", "暂未报送进展", ""],
                             ["4", "提升医疗服务能力", "市卫健委", "新增床位200张。", ""]],
                            start=1):
        for c, text in enumerate(row):
            second.cell(r, c).text = text
    _shade(second.cell(2, 3), "0070C0")  # 正常
    document.add_paragraph("注：以上数据截至5月31日。")
    document.save(str(path))
    return path


def write_xls(path: Path) -> Path:
    """A legacy .xls ledger: a merged title row, a header, an item merged over two units, a
    status word column and one status given only as a fill colour."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    sheet.write_merge(0, 0, 0, 4, "2023年6月份重点工作推进情况台账")
    for c, text in enumerate(["序号", "工作任务", "牵头单位", "进展情况", "完成情况"]):
        sheet.write(1, c, text)
    sheet.write_merge(2, 3, 0, 0, 1)
    sheet.write_merge(2, 3, 1, 1, "推进乡村振兴示范村建设")
    sheet.write(2, 2, "市农业农村局")
    sheet.write(2, 3, "已确定示范村20个。")
    sheet.write(2, 4, "正常")
    sheet.write(3, 2, "市乡村振兴局")
    sheet.write(3, 3, "完成规划编制。")
    sheet.write(3, 4, "积极")
    sheet.write(4, 0, 2)
    sheet.write(4, 1, "整治城市黑臭水体")
    sheet.write(4, 2, "市生态环境局")
    sheet.write(4, 3, "完成整治2处。")
    red = xlwt.easyxf("pattern: pattern solid, fore_colour red;")
    sheet.write(4, 4, "", red)
    book.save(str(path))
    return path
