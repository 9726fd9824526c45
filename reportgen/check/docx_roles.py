"""Find the roles of a .docx's paragraphs (版头, title, headings, body, 附件, 版记) by their
content and look, so documents made by any tool can be checked, not only reportgen's."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reportgen.check.wordml import Paragraph, Run

HEADINGS = {
    "heading1": re.compile(r"^\s*[一二三四五六七八九十]+、"),
    "heading2": re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]"),
    "heading3": re.compile(r"^\s*[0-9０-９]+[.．]"),
    "heading4": re.compile(r"^\s*[（(][0-9０-９]+[）)]"),
}
ATTACHMENT_LABEL = re.compile(r"^\s*附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*$")
COLOPHON = re.compile(r"^\s*(抄\s*送|.{2,40}印\s*发\s*$|.{2,40}\d{4}\s*年.{1,6}日\s*印\s*发)")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
DEFAULT_SIZE = 10.5


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def size_of(run: Run) -> float:
    try:
        return int(run.props["sz"]) / 2
    except (KeyError, ValueError):
        return DEFAULT_SIZE


def font_of(run: Run) -> str:
    return run.props.get("ea", "") or ""


def is_red(colour: str | None) -> bool:
    if not colour:
        return False
    value = colour.lstrip("#").upper()
    names = {"RED": "FF0000"}
    value = names.get(value, value)
    if not re.fullmatch(r"[0-9A-F]{6}", value):
        return False
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and g < 0x70 and b < 0x70


def red_share(p: Paragraph) -> float:
    total = sum(len(r.text.strip()) for r in p.runs)
    red = sum(len(r.text.strip()) for r in p.runs if is_red(r.props.get("color")))
    return red / total if total else 0.0


def main_size(p: Paragraph) -> float:
    sizes: Counter[float] = Counter()
    for run in p.runs:
        sizes[size_of(run)] += max(len(run.text.strip()), 0)
    return sizes.most_common(1)[0][0] if sizes else DEFAULT_SIZE


def first_cjk_run(p: Paragraph) -> Run | None:
    return next((r for r in p.runs if cjk_count(r.text)), None)


def aligned(p: Paragraph) -> str:
    value = p.props.get("jc", "left")
    return {"both": "left", "start": "left", "end": "right", "distribute": "left"}.get(value, value)


@dataclass
class Roles:
    """Paragraphs of the body by role, in document order."""

    masthead: list[Paragraph] = field(default_factory=list)
    title: list[Paragraph] = field(default_factory=list)
    headings: dict[str, list[Paragraph]] = field(default_factory=dict)
    body: list[Paragraph] = field(default_factory=list)
    attachment_labels: list[Paragraph] = field(default_factory=list)
    colophon: list[Paragraph] = field(default_factory=list)
    colophon_in_table: list[Paragraph] = field(default_factory=list)  # 版记 laid out as a table
    after_masthead: list[Paragraph] = field(default_factory=list)  # the few paragraphs after it


def classify(paragraphs: list[Paragraph], body_size: float) -> Roles:
    """Sort the body's paragraphs (tables left out) into roles."""
    roles = Roles(headings={name: [] for name in HEADINGS})
    flow = [p for p in paragraphs if not p.in_table and p.text.strip()]
    roles.colophon_in_table = [p for p in paragraphs[-400:] if p.in_table
                               and COLOPHON.match(p.text.strip()) and len(p.text.strip()) < 80]
    index = 0
    # 版头: red paragraphs at the very top, and what belongs with them up to the red rule
    while index < len(flow) and index < 6 and red_share(flow[index]) > 0.5:
        roles.masthead.append(flow[index])
        index += 1
    if roles.masthead:
        roles.after_masthead = flow[index:index + 4]
    expect_title = True
    previous: Paragraph | None = None
    for p in flow[index:]:
        last, previous = previous, p
        text = p.text.strip()
        centred = aligned(p) == "center"
        large = main_size(p) >= body_size + 2
        if ATTACHMENT_LABEL.match(text):
            roles.attachment_labels.append(p)
            expect_title = True
            continue
        continues = bool(roles.title) and roles.title[-1] is last
        if centred and large and red_share(p) < 0.5 and (expect_title or continues):
            roles.title.append(p)
            expect_title = False
            continue
        if COLOPHON.match(text) and len(text) < 80:
            roles.colophon.append(p)
            continue
        if "\t" in p.text or aligned(p) in ("center", "right"):
            continue  # two-sided lines, signature, date, centred captions
        expect_title = False
        for name, pattern in HEADINGS.items():
            if pattern.match(text):
                roles.headings[name].append(p)
                break
        else:
            roles.body.append(p)
    return roles


def dominant(paragraphs: list[Paragraph], what: str, first_run_only: bool = False) -> tuple[
        str | float | None, Counter[str | float]]:
    """The font or size carrying most CJK characters of ``paragraphs``, with the full tally."""
    tally: Counter[str | float] = Counter()
    for p in paragraphs:
        runs = [r for r in [first_cjk_run(p)] if r] if first_run_only else p.runs
        for run in runs:
            count = cjk_count(run.text)
            if count:
                tally[font_of(run) if what == "font" else size_of(run)] += count
    return (tally.most_common(1)[0][0] if tally else None), tally
