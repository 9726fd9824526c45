"""Continuation rows: a table page that starts inside an item names its 序号 and 工作任务 (（续）)."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import pytest

from reportgen import pipeline
from reportgen.pipeline import build
from reportgen.writers import paginate
from reportgen.writers.continuation import CONTINUED, ELLIPSIS, task_label
from tests.writers.test_layout_golden import blank_share

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# example -> document stem (seed 002's bulletins hold their 台账; seed 000's 附件)
CASES = {"zhanhe-2022-08": "督查通报第8期", "zhanhe-2022-08/history": "督查通报第9期",
         "pingdingshan-2020-04": "附件"}


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    """Each example built with continuation rows, and its PDF built without them (the baseline)."""
    out = {}
    for name in CASES:
        folder = tmp_path_factory.mktemp(name.replace("/", "-"))
        result = build(EXAMPLES / name / "config.yaml", folder, ["docx", "pdf"])
        html = result.documents[0].html
        plain = tmp_path_factory.mktemp(f"{name.replace('/', '-')}-plain")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(paginate, "paginate", lambda document, laid=None: document)
            build(EXAMPLES / name / "config.yaml", plain, ["pdf"])
        out[name] = (folder, plain, html)
    return out


def _tasks(name: str) -> dict[str, str]:
    ledger = pipeline.analyse_target(EXAMPLES / name / "config.yaml").ledger
    return {str(item.seq): _squash(item.task or "") for item in ledger.items}


def names_task(task: str, label: str) -> bool:
    """Whether a continuation label (task（续）, task……（续）, or the rest of a task shortened
    above the break, ……rest（续）) belongs to ``task`` (spaces not compared)."""
    task, core = _squash(task), _squash(label).removesuffix(CONTINUED)
    if core.startswith(ELLIPSIS):
        return len(core) > len(ELLIPSIS) and task.endswith(core.removeprefix(ELLIPSIS))
    return bool(core) and task.startswith(core.removesuffix(ELLIPSIS))


def first_group(page: pdfplumber.page.Page) -> tuple[str, str]:
    """The 序号 and 工作任务 texts of the first merge group under the header row of a page:
    between the header's bottom rule and the next rule across the 序号 column."""
    words = page.extract_words()
    seq = next(w for w in words if w["text"] == "序号")
    task = next(w for w in words if w["text"] in ("工作任务", "事项名称"))
    rules = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})

    def column(word: dict[str, float]) -> tuple[float, float]:
        return (max(x for x in rules if x <= word["x0"] + 0.5),
                min(x for x in rules if x >= word["x1"] - 0.5))

    (s0, s1), (t0, t1) = column(seq), column(task)
    tops = sorted(e["top"] for e in page.edges if e["orientation"] == "h"
                  and e["x0"] <= s0 + 1 and e["x1"] >= s1 - 1 and e["top"] > seq["bottom"])
    tops = [t for i, t in enumerate(tops) if i == 0 or t - tops[i - 1] > 2]
    top, bottom = tops[0], tops[1] if len(tops) > 1 else page.height

    def text(left: float, right: float) -> str:
        chars = [c for c in page.chars if c["upright"] and left <= c["x0"]
                 and c["x1"] <= right + 0.5 and top < c["top"] < bottom]
        return "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))

    return text(s0, s1), text(t0, t1)


@pytest.mark.parametrize("name", list(CASES))
def test_every_table_page_names_its_item(built: dict[str, tuple[Path, Path, str]],
                                         name: str) -> None:
    folder, _, html = built[name]
    tasks = _tasks(name)
    continued = 0
    with pdfplumber.open(folder / f"{CASES[name]}.pdf") as pdf:
        for page in [p for p in pdf.pages if p.width > p.height]:
            seq, task = first_group(page)
            # every page names its item: 8期 page 32 (item 45) and 9期 page 26 (item 30) too,
            # whose task's rest needed more lines than the part there held (the part grew)
            assert seq in tasks, (page.page_number, seq, task)
            if task.endswith(CONTINUED):  # the item goes on from the page before
                continued += 1
                assert names_task(tasks[seq], task), (page.page_number, seq, task)
            else:  # the page starts with an item of its own
                assert tasks[seq].startswith(task.removesuffix(ELLIPSIS)[:8]), \
                    (page.page_number, seq, task)
    assert continued == len(re.findall(r'<tr class="[^"]*\bcont\b', html))
    assert continued >= (1 if name == "pingdingshan-2020-04" else 20)


@pytest.mark.parametrize("name", list(CASES))
def test_pages_neither_grow_nor_go_blank(built: dict[str, tuple[Path, Path, str]],
                                         name: str) -> None:
    folder, plain, _ = built[name]
    with pdfplumber.open(folder / f"{CASES[name]}.pdf") as pdf, \
            pdfplumber.open(plain / f"{CASES[name]}.pdf") as before:
        assert len(pdf.pages) <= len(before.pages) + max(1, len(before.pages) // 10)
        table = [p for p in pdf.pages if p.width > p.height]
        for page in table[:-1]:
            assert blank_share(page) <= 0.26, (page.page_number, blank_share(page))


@pytest.mark.parametrize("name", list(CASES))
def test_docx_parts_repeat_the_item_cells(built: dict[str, tuple[Path, Path, str]],
                                          name: str) -> None:
    folder, _, html = built[name]
    tasks = _tasks(name)
    # Word starts a table of its own on each page of the PDF's (its header row repeated)
    tables = docx.Document(str(folder / f"{CASES[name]}.docx")).tables
    body = [tr for table in tables if table.rows[0].cells[0].text == "序号"
            for tr in table._tbl.tr_lst[1:]]
    groups: list[tuple[str, str]] = []  # (序号, 工作任务) of each merge group's first row
    for tr in body:
        first, second = tr.tc_lst[0], tr.tc_lst[1]
        merge = first.find(f"{W}tcPr/{W}vMerge")
        if merge is not None and merge.get(f"{W}val") != "restart":
            continue  # a row inside a merge group
        texts = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in (first, second)]
        groups.append((texts[0], _squash(texts[1])))
    parts = [(i, g) for i, g in enumerate(groups) if g[1].endswith(CONTINUED)]
    assert len(parts) == len(re.findall(r'<tr class="[^"]*\bcont\b', html)) >= 1
    for index, (seq, task) in parts:
        assert seq == groups[index - 1][0] and seq in tasks
        assert names_task(tasks[seq], task), (seq, task)


def _pages_of(path: Path) -> list[tuple[str, str]]:
    with pdfplumber.open(path) as pdf:
        return [first_group(page) for page in pdf.pages]


def test_a_task_too_long_for_either_page_is_labelled_on_both(tmp_path: Path) -> None:
    """Item 45 of the example bulletin (page 32), made up: an item starting low on a page whose
    工作任务 fits neither its part there nor its part on the next page. Above the break the task
    is shortened with ……, and the next page names the item: its 序号 and the rest of the task,
    ……rest（续）, so nothing of it is lost: the Word file reads back to the whole task."""
    from reportgen.model import Item, Ledger, UnitRow
    from reportgen.writers import pdf
    from tests.writers.test_pdf_chunks import _document

    task = "加快推进重点项目建设" * 30
    ledger = Ledger(title="续表测试台账", items=[
        Item(seq="1", task="第一项任务", rows=[
            UnitRow(unit="区发改委", person="王惠平", progress="推进" * 150, status="积极")]),
        Item(seq="2", task=task, rows=[
            UnitRow(unit="区财政局", person="李会卿", progress="完成阶段目标" * 120, status="正常")]),
        Item(seq="3", task="第三项任务", rows=[
            UnitRow(unit="区住建局", person="赵永强", progress="已开工。", status="一般")]),
    ])
    document = _document(ledger)
    pdf.write(document, tmp_path / "plain.pdf")
    pdf.write(paginate.paginate(document), tmp_path / "cut.pdf")
    plain, cut = _pages_of(tmp_path / "plain.pdf"), _pages_of(tmp_path / "cut.pdf")
    # as laid out, page 2 starts inside item 2's task: no 序号, the rest of the task
    assert len(plain) == len(cut) == 3
    assert plain[1][0] == "" and task.endswith(plain[1][1])
    assert cut[0] == ("1", "第一项任务")
    seq, label = cut[1]
    assert seq == "2" and label.startswith(ELLIPSIS) and label.endswith(CONTINUED)
    assert names_task(task, label) and len(label) > 20
    assert cut[2] == ("3", "第三项任务")
    with pdfplumber.open(tmp_path / "cut.pdf") as doc:  # page 1: item 2 shortened with ……
        text = _squash(doc.pages[0].extract_text() or "")
    assert ELLIPSIS in text and "加快推进重点项目建设" in text
    # the same cut in Word: the table reads back with the whole task
    from reportgen.pipeline.importing import import_file
    from reportgen.writers import docx as docx_writer

    docx_writer.write(paginate.paginate(document), tmp_path / "cut.docx")
    back = import_file(tmp_path / "cut.docx").ledger
    assert [(i.seq, i.task) for i in back.items] == [(i.seq, i.task) for i in ledger.items]


def test_task_label_fits_its_lines() -> None:
    task = "对照政府专项债券、中央预算内投资、灾后重建等政策性资金支持的重点领域"
    assert task_label(task, 10, 180, 12) == task + CONTINUED
    short = task_label(task, 2, 180, 12)
    assert short.endswith(ELLIPSIS + CONTINUED) and task.startswith(short[:-5])
    assert task_label(task, 1, 30, 12) == CONTINUED


TABLE = """<!DOCTYPE html><html><body><section class="landscape"><table class="ledger">
<colgroup><col class="seq"><col class="task"><col class="unit"><col class="progress">
<col class="status"></colgroup><thead><tr><th>序号</th><th>工作任务</th><th>牵头单位</th>
<th>进展情况</th><th>完成情况</th></tr></thead><tbody>
<tr><td class="seq center" rowspan="3">7</td><td class="task" rowspan="3">建设 尼龙城</td>
<td class="unit center">区发改委</td><td class="progress">甲乙丙</td><td class="status">积极</td></tr>
<tr><td class="unit center">区住建局</td><td class="progress"><p>一二三。</p><p>四五 六</p></td>
<td class="status">滞后</td></tr>
<tr><td class="unit center">区财政局</td><td class="progress">子丑</td><td class="status">正常</td></tr>
</tbody></table></section></body></html>"""


def test_cuts_make_merge_groups_and_split_text() -> None:
    import lxml.html

    from reportgen.writers.continuation import Cut, apply_cuts, number_rows

    numbered, firsts = number_rows(TABLE)
    assert firsts == {0}
    # a page starts inside row 1's text (after 一二三。四), and another at row 2
    counts = {"unit": [4, 0], "progress": [5, 2], "status": [2, 0]}
    out = apply_cuts(numbered, [Cut(1, 1, counts, 4, 100, 10), Cut(2, 0, {}, 1, 100, 10)])
    rows = lxml.html.document_fromstring(out).xpath("//tbody/tr")
    cells = [[(td.get("class").split()[0], td.get("rowspan"), td.text_content()) for td in tr]
             for tr in rows]
    assert cells == [
        [("seq", "2", "7"), ("task", "2", "建设 尼龙城"), ("unit", None, "区发改委"),
         ("progress", None, "甲乙丙"), ("status", None, "积极")],
        [("unit", None, "区住建局"), ("progress", None, "一二三。四"), ("status", None, "滞后")],
        [("seq", None, "7"), ("task", None, "建设尼龙城（续）"), ("unit", None, ""),
         ("progress", None, "五 六"), ("status", None, "")],
        [("seq", None, "7"), ("task", None, "建设尼龙城（续）"), ("unit", None, "区财政局"),
         ("progress", None, "子丑"), ("status", None, "正常")],
    ]
    assert [tr.get("class") for tr in rows] == [None, "cut", "cont cut", "cont"]
    assert "data-rg-row" not in out


def test_long_tables_are_left_to_the_chunked_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table the PDF writer lays out in chunks is cut there, chunk by chunk (see
    test_pdf_parallel): Word gets it uncut."""
    from reportgen.writers import pdf_chunks

    document = pipeline.core.prepare(EXAMPLES / "zhanhe-2022-08" / "config.yaml").documents[0]
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 10)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 20)
    assert len(pdf_chunks.split_long_table(document.html)) > 1
    assert paginate.paginate(document) is document


def test_profile_switch_turns_continuation_rows_off() -> None:
    import dataclasses

    document = pipeline.core.prepare(EXAMPLES / "zhanhe-2022-08" / "config.yaml").documents[0]
    profile = document.profile.model_copy(update={"table_layout": document.profile.table_layout
                                                  .model_copy(update={"continuation_rows": False})})
    off = dataclasses.replace(document, profile=profile)
    assert paginate.paginate(off) is off
    assert paginate.settings(profile) is None  # nor does the PDF writer cut long tables


def test_a_page_starting_at_an_item_is_marked_not_cut() -> None:
    import lxml.html

    from reportgen.writers.continuation import PAGE, Cut, apply_cuts, number_rows

    two = TABLE.replace("</tbody>", '<tr><td class="seq center">8</td><td class="task">修路</td>'
                        '<td class="unit center">区交通局</td><td class="progress">开工</td>'
                        '<td class="status">正常</td></tr></tbody>')
    numbered, _ = number_rows(two)
    out = apply_cuts(numbered, [Cut(3)])  # a page starts with item 8's own first row
    rows = lxml.html.document_fromstring(out).xpath("//tbody/tr")
    assert [tr.get("class") for tr in rows] == [None, None, None, PAGE]
    assert [td.text_content() for td in rows[3]] == ["8", "修路", "区交通局", "开工", "正常"]
    assert rows[0][0].get("rowspan") == "3"  # item 7's cells are left as they were
