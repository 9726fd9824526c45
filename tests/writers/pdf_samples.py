"""Sample documents for the PDF and HTML writer tests: a bulletin fixture and a ledger table."""
from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path
from typing import Any

from reportgen.analysis import compute
from reportgen.document import Document
from reportgen.model import Item, Ledger
from reportgen.profile import StyleProfile, load_profile

FIXTURES = Path(__file__).parent / "fixtures"
OFFICE = "中共湛河区委区政府督查局"
DATE = dt.date(2022, 11, 12)
COLUMNS = [("seq", "序号", 5), ("task", "工作任务", 22), ("unit", "牵头单位", 11),
           ("person", "责任人", 8), ("progress", "进展情况", 46), ("status", "完成情况", 8)]
RARE_NAME = "王堃"  # 堃 is missing from Fandol: the Noto fallback must supply it


def bulletin_html() -> str:
    return (FIXTURES / "bulletin.html").read_text(encoding="utf-8")


def paragraphs(html: str) -> list[str]:
    """The text of every p/h element of a fixture, tags removed."""
    blocks = re.findall(r"<(p|h[1-5])[^>]*>(.*?)</\1>", html, re.S)
    return [re.sub(r"<[^>]+>", "", text) for _, text in blocks]


def big_ledger(base: Ledger, copies: int) -> Ledger:
    """``copies`` renumbered copies of ``base``'s items, with longer progress texts."""
    items = []
    for copy in range(copies):
        for item in base.items:
            rows = []
            for row in item.rows:
                progress = row.progress
                if progress:
                    progress = (progress + f"第{copy + 1}轮督查时，该单位已完成阶段性目标，"
                                "正在推进后续工作，并建立了工作台账。")
                person = RARE_NAME if (copy, row.person) == (1, "王惠平") else row.person
                rows.append(row.model_copy(update={"progress": progress, "person": person}))
            items.append(Item(seq=str(len(items) + 1), task=item.task + f"（第{copy + 1}批）",
                              rows=rows))
    return base.model_copy(update={"items": items})


def _cell(key: str, text: str | None, extra: str = "", span: int = 1) -> str:
    classes = [key] + (["center"] if key in ("seq", "unit", "person", "status") else [])
    attrs = f' rowspan="{span}"' if span > 1 else ""
    if key == "status" and text:
        attrs += f' data-status="{escape(text)}"'
    if not text:
        classes.append("missing")
        text = "暂未报送进展" if key == "progress" else "—"
    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines()) if key == "progress" \
        else escape(text)
    return f'<td class="{" ".join(classes)}"{attrs}{extra}>{body}</td>'


def table_html(ledger: Ledger, title: str) -> str:
    """A landscape attachment section in the vocabulary: item cells merged over its rows."""
    cols = "".join(f'<col class="{key}" style="width: {width}%">' for key, _, width in COLUMNS)
    head = "".join(f"<th>{name}</th>" for _, name, _ in COLUMNS)
    rows = []
    for item in ledger.items:
        for i, row in enumerate(item.rows):
            cells = []
            if i == 0:
                cells.append(_cell("seq", item.seq, span=len(item.rows)))
                cells.append(_cell("task", item.task, span=len(item.rows)))
            cells += [_cell("unit", row.unit), _cell("person", row.person),
                      _cell("progress", row.progress), _cell("status", row.status)]
            cls = "" if row.has_progress else ' class="no-progress"'
            rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return (f'<section class="landscape">\n<p class="attachment-label">附件</p>\n'
            f'<h1 class="attachment-title">{escape(title)}</h1>\n<table class="ledger">'
            f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>\n</section>")


def html_document(title: str, sections: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n</head>\n<body>\n{sections}\n</body>\n</html>\n")


def make_document(html: str, ledger: Ledger, title: str, kind: str,
                  profile: StyleProfile | None = None) -> Document:
    return Document(name=title, kind=kind, title=title, html=html, ledger=ledger,
                    stats=compute(ledger, ledger.scale), scale=ledger.scale,
                    profile=profile or load_profile(), office=OFFICE, date=DATE)


def bulletin_document(ledger: Ledger) -> Document:
    return make_document(bulletin_html(), ledger, "督查通报第8期", "bulletin")


def attachment_document(ledger: Ledger) -> Document:
    title = "湛河区2022年重点工作任务8-10月份推进情况台账"
    return make_document(html_document(title, table_html(ledger, title)), ledger, title,
                         "attachment")


def page_number(page: Any) -> tuple[int, bool] | None:
    """A pdfplumber page's number and whether it sits where an odd page's does.

    Portrait pages: "— N —" at the foot, odd pages at the right. Landscape pages: the number
    runs down the left edge (the portrait foot once the page is turned), odd pages in its
    lower half, even pages in its upper half.
    """
    if page.width > page.height:
        chars = [c for c in page.chars if not c["upright"] and c["x1"] < 40 * 72 / 25.4]
        digits = "".join(c["text"] for c in sorted(chars, key=lambda c: c["top"])
                         if c["text"].isdigit())
        if not digits:
            return None
        return int(digits), chars[0]["top"] > page.height / 2
    words = [w for w in page.extract_words()
             if w["top"] > page.height - 100 and re.fullmatch(r"\d+", w["text"])]
    if not words:
        return None
    return int(words[0]["text"]), words[0]["x0"] > page.width / 2
