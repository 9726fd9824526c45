"""Stage two for narrative reports (重点工作完成情况): paragraphs into sections, tasks, progress.

Shape read: an optional introduction, an optional title, basis paragraphs, sections "一、…",
numbered tasks "1." / "1、" / "（1）" (the style of the first task; other numberings are
content), each followed by its progress — after a label such as "落实情况：" or simply the next
paragraphs, or on the task's own line after its first sentence. After a label line alone,
paragraphs starting "区财政局：" (a name ending like a unit) open one unit row each. A task
number must continue the sequence (or restart at 1 in a new section); a list numbered again
from 1 inside a progress text stays progress. A trailing date line is the ledger's date.
The document-level choices (label, 序号 style, result on the task line, marker) become the
progress_report parameters that rebuild the document as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.blocks import BlockStream, Grid, Para
from reportgen.loaders.clean import clean_field, clean_line
from reportgen.loaders.raw import Cell, RawItem, RawLedger
from reportgen.loaders.recognise.common import DATE_LINE, add_note, period_from_title
from reportgen.loaders.recognise.progress_rows import LABEL, label_of, unit_rows
from reportgen.loaders.recognise.report import Recognition, Unplaced
from reportgen.numerals import cn_value

SECTION = re.compile(r"^(?P<n>[一二三四五六七八九十百]+)[、.．]\s*\S")
# A report whose top headings are "（一）" (no "一、" anywhere) has those as its sections.
SUBSECTION = re.compile(r"^[（(](?P<n>[一二三四五六七八九十百]+)[）)]\s*\S")
SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十百]+[、.．]\s*")
SUBSECTION_NUMBER = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]\s*")
TASK_STYLES = {
    "1.": re.compile(r"^(?P<n>\d{1,4})\s*[.．](?!\d)\s*(?P<rest>\S.*)$"),
    "1、": re.compile(r"^(?P<n>\d{1,4})\s*、\s*(?P<rest>\S.*)$"),
    "（1）": re.compile(r"^[（(](?P<n>\d{1,4})[）)]\s*(?P<rest>\S.*)$"),
}
LABEL_INSIDE = re.compile(r"(?P<label>(?:落实|进展|完成|推进)情况)(?P<colon>[：:])")
OFFICE_LINE = re.compile(r"^(?P<office>\S.*?)\s+(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
TITLE_WORDS = ("报告", "情况", "通报", "台账", "总结", "汇报", "清单", "进展")
SENTENCE_END = "。；;：:！!？?，,"


@dataclass
class _Task:
    seq: str
    line: str
    where: str
    section: str | None
    content: list[Para] = field(default_factory=list)
    notes: list[Unplaced] = field(default_factory=list)


def _task_style(paras: list[Para]) -> str | None:
    """The numbering of tasks: the style of the first line numbered 1 (or numbered at all)."""
    first_any = None
    for para in paras:
        for style, pattern in TASK_STYLES.items():
            match = pattern.match(para.text)
            if match:
                if match.group("n") == "1":
                    return style
                first_any = first_any or style
    return first_any


def _is_title(para: Para) -> bool:
    text = para.text
    return para.centred or para.heading or (
        len(text) <= 60 and text[-1] not in SENTENCE_END and any(w in text for w in TITLE_WORDS))


class _Walker:
    """One pass over the body paragraphs: sections, tasks and their content lines."""

    def __init__(self, style: str | None, sections: re.Pattern[str] = SECTION) -> None:
        self.pattern = TASK_STYLES[style] if style else None
        self.heading = sections
        self.tasks: list[_Task] = []
        self.section: str | None = None
        self.section_no = 0
        self.in_section = 0
        self.inner = 0
        self.pending: list[Unplaced] = []  # lines waiting for the next task
        self.sections: list[tuple[str, str, list[Para]]] = []  # heading, where, paragraphs
        self.gaps: list[str] = []  # task numbers that skip

    def task_number(self, para: Para, following: Para | None) -> int | None:
        if self.pattern is None:
            return None
        match = self.pattern.match(para.text)
        if not match:
            return None
        n = int(match.group("n"))
        last = int(self.tasks[-1].seq) if self.tasks else 0
        inside = bool(self.tasks) and self.in_section > 0
        gap = bool(self.tasks) and last + 1 < n <= last + 10 and not self.inner
        continues = n == last + 1 or (n == 1 and self.in_section == 0) or not self.tasks or gap
        inner = inside and ((n == 1 and self.in_section > 0 and n != last + 1)
                            or (self.inner and n == self.inner + 1))
        if continues and inner:  # both readings fit: a task if a label line follows
            labelled = following is not None and LABEL.match(following.text) is not None
            return n if labelled or para.heading else None
        return n if continues else None

    def finish(self) -> None:
        """A section heading with no task under it is kept for the next task's notes."""
        if self.sections and self.in_section == 0:
            heading, where, content = self.sections[-1]
            self.pending.insert(len(self.pending) - len(content),
                                Unplaced(heading, where, "没有任务的部分标题", "item"))

    def add(self, para: Para, following: Para | None) -> None:
        section = self.heading.match(para.text)
        if section and cn_value(section.group("n")) == self.section_no + 1 and \
                (para.heading or para.text[-1] not in "。；;"):
            self.finish()
            self.section, self.section_no, self.in_section, self.inner = para.text, \
                self.section_no + 1, 0, 0
            self.sections.append((para.text, para.where, []))
            return
        n = self.task_number(para, following)
        if n is not None:
            assert self.pattern is not None
            rest = self.pattern.match(para.text)
            last = int(self.tasks[-1].seq) if self.tasks else 0
            if self.tasks and n != last + 1 and not (n == 1 and self.in_section == 0):
                self.gaps.append(f"{para.where}的序号从 {last} 跳到 {n}")
            task = _Task(str(n), rest.group("rest") if rest else para.text, para.where,
                         self.section)
            task.notes, self.pending = self.pending, []
            self.tasks.append(task)
            self.in_section += 1
            self.inner = 0
            return
        if self.tasks and self.in_section > 0:
            self.tasks[-1].content.append(para)
            match = self.pattern.match(para.text) if self.pattern else None
            if match:
                self.inner = int(match.group("n"))
            return
        if self.sections:  # under a heading before its first task: a section's own text
            self.sections[-1][2].append(para)
        # kept for the next task's notes when the report has tasks (unused if it has none)
        self.pending.append(Unplaced(para.text, para.where, "部分标题下、任务之前的段落", "item"))


def recognise_narrative(stream: BlockStream, problems: ProblemList) -> Recognition:
    """Sections, numbered tasks and their progress from the paragraphs of a report."""
    path = Path(stream.source)
    paras = [Para(clean_line(p.text), p.where, p.centred, p.heading) for p in stream.paragraphs]
    paras = [p for p in paras if p.text]
    recognition = Recognition(str(path), "叙述", RawLedger(), kind="progress_report",
                              encoding=stream.encoding)
    raw = recognition.raw
    for grid in stream.blocks:
        if isinstance(grid, Grid):
            for r, row in enumerate(grid.rows):
                text = " | ".join(clean_line(c.text) for c in row if c.text.strip())
                if text:
                    raw.notes.append(text)
                    recognition.unplaced.append(Unplaced(text, f"{grid.where}第{r + 1}行",
                                                         "无法识别的表格"))
    tail = _tail(paras, raw, recognition)
    style = _task_style(paras)
    sections = _section_style(paras)
    start = _body_start(paras, style, sections)
    if start is None:
        raise DataError(f"{path} 中找不到任务：叙述式报告应有“一、”部分标题或“1.”“1、”“（1）”"
                        "编号的任务；表格式台账应有“工作任务”等表头")
    _preamble(paras[:start], recognition)
    walker = _Walker(style, sections)
    body = paras[start:len(paras) - tail]
    for index, para in enumerate(body):
        walker.add(para, body[index + 1] if index + 1 < len(body) else None)
    walker.finish()
    if walker.tasks:
        _build(walker, recognition, problems, style or "1.")
    else:
        _sections_as_items(walker, recognition, problems)
        walker.pending = []  # each section's text is its item's progress
    for unplaced in walker.pending:
        target = raw.items[-1] if raw.items else None
        if target is not None:
            add_note(target, unplaced.text)
        else:
            raw.notes.append(unplaced.text)
        recognition.unplaced.append(Unplaced(unplaced.text, unplaced.where, unplaced.reason,
                                             "item" if target else "ledger"))
    raw.title = recognition.title
    raw.period = period_from_title(recognition.title)
    return recognition


def _tail(paras: list[Para], raw: RawLedger, recognition: Recognition) -> int:
    """A closing date line (and the signature above it): the ledger's date and notes."""
    if not paras or not DATE_LINE.match(paras[-1].text):
        return 0
    raw.date = paras[-1].text
    count = 1
    if len(paras) >= 2 and len(paras[-2].text) <= 30 and paras[-2].text[-1] not in SENTENCE_END \
            and not SECTION.match(paras[-2].text) \
            and not any(p.match(paras[-2].text) for p in TASK_STYLES.values()):
        raw.notes.append(paras[-2].text)
        recognition.unplaced.append(Unplaced(paras[-2].text, paras[-2].where, "落款"))
        recognition.params["closing"] = paras[-2].text
        count = 2
    recognition.params["show_date"] = True
    return count


def _section_style(paras: list[Para]) -> re.Pattern[str]:
    """"一、" headings, or "（一）" when the report has no "一、" heading at all."""
    for pattern in (SECTION, SUBSECTION):
        if any((m := pattern.match(p.text)) and m.group("n") == "一" for p in paras):
            return pattern
    return SECTION


def _body_start(paras: list[Para], style: str | None,
                sections: re.Pattern[str] = SECTION) -> int | None:
    for index, para in enumerate(paras):
        section = sections.match(para.text)
        if section and cn_value(section.group("n")) == 1:
            return index
        if style and TASK_STYLES[style].match(para.text):
            return index
    return None


def _preamble(paras: list[Para], recognition: Recognition) -> None:
    """Introduction, title and basis: the title is the first centred or title-like line."""
    title_at = next((i for i, p in enumerate(paras) if p.centred or p.heading), None)
    if title_at is None:
        title_at = next((i for i, p in enumerate(paras) if _is_title(p)), None)
    if title_at is None:
        recognition.basis = [p.text for p in paras]
        recognition.params["show_title"] = False
        return
    recognition.title = paras[title_at].text
    recognition.intro = [p.text for p in paras[:title_at]]
    recognition.basis = [p.text for p in paras[title_at + 1:]]
    recognition.params["title"] = recognition.title


def _split_inline(task: _Task) -> tuple[str, str | None, str | None]:
    """A task line → (task, label, result) when a label or a second sentence follows."""
    found = LABEL_INSIDE.search(task.line)
    if found and found.start() > 0:
        return (task.line[:found.start()], found.group("label") + found.group("colon"),
                task.line[found.end():].strip() or None)
    end = task.line.find("。")
    if 0 < end < len(task.line) - 1:
        return task.line[:end + 1], None, task.line[end + 1:].strip()
    return task.line, None, None


def _build(walker: _Walker, recognition: Recognition, problems: ProblemList,
           style: str) -> None:
    raw = recognition.raw
    splits = [_split_inline(t) for t in walker.tasks]
    inline_votes = sum(1 for t, s in zip(walker.tasks, splits, strict=True)
                       if s[1] is not None or (s[2] and not t.content))
    separate_votes = sum(1 for t, s in zip(walker.tasks, splits, strict=True)
                         if t.content and s[1] is None)
    inline = inline_votes > separate_votes
    labels: list[str | None] = []
    lines_of: list[tuple[str, str | None, list[tuple[str, str]]]] = []
    for task, (head, label, result) in zip(walker.tasks, splits, strict=True):
        lines = [(p.text, p.where) for p in task.content]
        if label is not None or (inline and result):
            first = (label or "") + (result or "")
            lines.insert(0, (first, task.where))
            task_text = head
        else:
            task_text = task.line
        lines_of.append((task_text, label_of(lines[0][0]) if lines else None, lines))
        if lines:
            labels.append(lines_of[-1][1])
    common = labels[0] if labels and all(x == labels[0] for x in labels) else None
    marker_seen: str | None = None
    unmarked = 0
    alone_flags: list[bool] = []
    for task, (task_text, _, lines) in zip(walker.tasks, lines_of, strict=True):
        item = RawItem(task.where, {
            "seq": Cell(task.seq, task.where, "序号"),
            "task": Cell(clean_field("task", task_text, problems, task.where, "工作任务"),
                         task.where, "工作任务"),
        })
        if task.section:
            item.cells["section"] = Cell(task.section, task.where, "分类")
        for note in task.notes:
            add_note(item, note.text)
            recognition.unplaced.append(note)
        item.rows, alone = unit_rows(lines, common, problems)
        if common and lines:
            alone_flags.append(alone)
        for row in item.rows:
            marker = row.cells.pop("marker", None)
            if marker is not None:
                marker_seen = marker_seen or marker.value
            elif not row.get("progress"):
                unmarked += 1
        raw.items.append(item)
    params = recognition.params
    params["seq_style"] = style
    params["progress_label"] = common or ""
    params["progress_inline"] = inline
    params["progress_label_alone"] = bool(alone_flags) and all(alone_flags)
    if any(alone_flags) and not all(alone_flags):
        recognition.remarks.append("进展标签有的单独成段、有的与进展同段，重建时一律与进展同段")
    recognition.remarks.extend(walker.gaps)
    if marker_seen:
        params["no_progress_marker"] = marker_seen
        if unmarked:
            recognition.remarks.append(f"{unmarked} 项任务没有进展、也没有“{marker_seen}”字样")
    elif unmarked:
        params["no_progress_marker"] = ""
    if any(labels) and common is None:
        recognition.remarks.append("各任务的进展标签不一致，标签保留在进展文字中")


def _sections_as_items(walker: _Walker, recognition: Recognition, problems: ProblemList) -> None:
    """A report without numbered tasks: each section is one item, its paragraphs the progress.

    With one progress label throughout it rebuilds as a progress_report (headings, then the
    label and the text); without, as a summary (headings and prose), its text kept verbatim.
    """
    contents = [[(p.text, p.where) for p in paras] for _, _, paras in walker.sections]
    labels = [label_of(lines[0][0]) for lines in contents if lines]
    common = labels[0] if labels and all(x == labels[0] for x in labels) else None
    markers: list[str] = []
    alone_flags: list[bool] = []
    for (heading, where, _), lines in zip(walker.sections, contents, strict=True):
        task = SECTION_NUMBER.sub("", SUBSECTION_NUMBER.sub("", heading, count=1), count=1)
        item = RawItem(where, {"section": Cell(heading, where, "分类"),
                               "task": Cell(task, where, "工作任务")})
        item.rows, alone = unit_rows(lines, common, problems)
        if common and lines:
            alone_flags.append(alone)
        for row in item.rows:
            marker = row.cells.pop("marker", None)
            if marker is not None and marker.value:
                markers.append(marker.value)
                if not common:  # a summary prints no marker of its own: keep the words
                    row.cells["progress"] = Cell(marker.value, marker.where, "进展情况")
        recognition.raw.items.append(item)
    if common:
        recognition.params.update(progress_label=common, progress_label_alone=bool(
            alone_flags) and all(alone_flags))
        if markers:
            recognition.params["no_progress_marker"] = markers[0]
        elif any(not item.rows[0].get("progress") for item in recognition.raw.items):
            recognition.params["no_progress_marker"] = ""
        return
    recognition.kind = "summary"
    recognition.params.pop("show_title", None)
    recognition.params["basis"] = "\n".join(recognition.basis)
    office_line = OFFICE_LINE.match(recognition.intro[0]) if len(recognition.intro) == 1 else None
    if office_line:  # the summary's "office    date" line above the title
        recognition.params["office"] = office_line.group("office")
        recognition.raw.date = recognition.raw.date or office_line.group("date")
