"""Continuation rows: a part grows to name its item when the rest of the task needs more lines
than the part held (bulletin item 45 of 8期, item 30 of 9期), and only then is the document
laid out again."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline.importing import import_file
from reportgen.writers import docx as docx_writer
from reportgen.writers import paginate, pdf
from reportgen.writers.continuation import CONTINUED, ELLIPSIS
from tests.writers.test_continuation import first_group, names_task
from tests.writers.test_pdf_chunks import _document

TASK = "加快推进重点项目建设" * 12


def _ledger(progress_first: int) -> Ledger:
    """Item 2 starts low on page 1: its progress fits there, its 工作任务 does not."""
    return Ledger(title="续表测试台账", items=[
        Item(seq="1", task="第一项任务", rows=[
            UnitRow(unit="区发改委", person="王惠平", progress="推进" * progress_first,
                    status="积极")]),
        Item(seq="2", task=TASK, rows=[
            UnitRow(unit="区财政局", person="李会卿", progress="完成阶段目标" * 15,
                    status="正常")]),
        Item(seq="3", task="第三项任务", rows=[
            UnitRow(unit="区住建局", person="赵永强", progress="已开工。", status="一般")]),
    ])


def _groups(path: Path) -> list[tuple[str, str, float]]:
    """Per page: the first merge group's 序号, 工作任务 and the top of item 3's 序号 (or 0)."""
    out = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            seq, task = first_group(page)
            three = [w["top"] for w in page.extract_words() if w["text"] == "3"]
            out.append((seq, task, three[0] if three else 0.0))
    return out


def _layouts(html: str, document: Any) -> tuple[int, list[Any]]:
    """How many layouts ``paginate.settle`` made of ``html``, and the cuts it returned."""
    calls: list[str] = []

    def render(text: str) -> list[Any]:
        calls.append(text)
        return paginate._render(text, document)

    rules = paginate.settings(document.profile)
    assert rules is not None
    _, _, _, cuts = paginate.settle(html, render, lambda pages: pages, rules)
    return len(calls), cuts


def test_a_rest_longer_than_its_part_grows_the_part(tmp_path: Path) -> None:
    document = _document(_ledger(150))
    pdf.write(document, tmp_path / "plain.pdf")
    cut = paginate.paginate(document)
    pdf.write(cut, tmp_path / "cut.pdf")
    plain, after = _groups(tmp_path / "plain.pdf"), _groups(tmp_path / "cut.pdf")
    # as laid out: page 2 starts inside item 2's task, no 序号; the rest of the task needs a
    # line more than that part (its progress stayed on page 1), so it was left so before
    assert len(plain) == len(after) == 2
    assert plain[1][0] == "" and TASK.endswith(plain[1][1])
    assert after[0][:2] == ("1", "第一项任务")
    seq, label, three = after[1]
    assert seq == "2" and label.startswith(ELLIPSIS) and label.endswith(CONTINUED)
    assert names_task(TASK, label)
    assert three > plain[1][2] > 0  # the part grew: item 3 moved down on page 2
    with pdfplumber.open(tmp_path / "cut.pdf") as doc:  # page 1: item 2 shortened with ……
        head = "".join((doc.pages[0].extract_text() or "").split())
    assert ELLIPSIS in head and head.count("加快推进") >= 3
    # the two parts join back to the whole task when the Word file is read back
    docx_writer.write(cut, tmp_path / "cut.docx")
    back = import_file(tmp_path / "cut.docx").ledger
    assert [(i.seq, i.task) for i in back.items] == \
        [(i.seq, i.task) for i in _ledger(150).items]


def test_the_document_is_laid_out_again_only_when_a_part_grows() -> None:
    grown = _document(_ledger(150))
    count, cuts = _layouts(grown.html, grown)
    assert count == 2 and not any(c.grows for c in cuts)
    usual = _document(_ledger(300))  # item 1's progress runs over the page: an ordinary cut
    count, cuts = _layouts(usual.html, usual)
    assert count == 1 and [c.part for c in cuts] == [1]


def test_cut_lays_a_grown_chunk_out_once_more() -> None:
    """The PDF writer's chunks of a long table (paginate.cut) grow their parts the same way."""
    document = _document(_ledger(150))
    rendered: list[int] = []

    def render(text: str) -> Any:
        from reportgen.writers.pdf import _render

        done = _render(text, document, document.title, document.office)[0]
        rendered.append(len(done.pages))
        return done

    rules = paginate.settings(document.profile)
    assert rules is not None
    html, done, _ = paginate.cut(document.html, render, rules)
    # measured, then laid out again with the grown part: nothing more to cut, no third layout
    assert rendered == [2, 2] and len(done.pages) == 2
    assert html.count('class="cont') == 1 and ELLIPSIS + "项目建设" in html
    assert html.replace(' class="page"', "") == \
        paginate.paginate(document).html.replace(' class="page"', "")
