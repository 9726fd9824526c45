"""The semantic HTML vocabulary that templates emit and writers accept (see docs/vocabulary.md)."""
from __future__ import annotations

# Block elements allowed directly in a <section>, keyed by (tag, class) -> style-profile role.
# A class of None means the element without a class.
BLOCKS: dict[tuple[str, str | None], str] = {
    ("p", None): "body",
    ("p", "addressee"): "addressee",
    ("p", "masthead-name"): "masthead_name",
    ("p", "masthead-issue"): "masthead_issue",
    ("p", "masthead-office"): "masthead_office",
    ("p", "office-line"): "office_line",
    ("h1", "title"): "title",
    ("h2", None): "heading1",
    ("h3", None): "heading2",
    ("h4", None): "heading3",
    ("h5", None): "heading4",
    ("p", "attachment-note"): "attachment_note",
    ("p", "signature"): "signature",
    ("p", "date"): "date",
    ("p", "attachment-label"): "attachment_label",
    ("h1", "attachment-title"): "attachment_title",
    ("p", "cc"): "colophon",
    ("p", "issued"): "colophon",
}

# Containers: a <header class="masthead"> holds masthead paragraphs; a <footer class="colophon">
# holds cc/issued paragraphs; a <div class="page-break"> is empty.
CONTAINERS: dict[tuple[str, str], frozenset[str]] = {
    ("header", "masthead"): frozenset({"masthead-name", "masthead-issue", "masthead-office"}),
    ("footer", "colophon"): frozenset({"cc", "issued"}),
}
PAGE_BREAK = ("div", "page-break")
# colophon: the last section, a portrait page holding only the 版记 at its foot, on an even page
# (a blank page before it when needed); neither page carries a page number. blank: an empty,
# unnumbered page before it (written by reportgen/writers/colophon.py, which may also move the
# footer.colophon to the end of the last body section: the foot of the body's last page).
SECTION_CLASSES = frozenset({"portrait", "landscape", "colophon", "blank"})

INLINE_TAGS = frozenset({"br", "strong", "span"})
SPAN_CLASSES = frozenset({"left", "right", "status"})

TABLE_CLASS = "ledger"
TABLE_PARTS = frozenset({"colgroup", "col", "thead", "tbody", "tr", "th", "td"})
COLUMN_KEYS = frozenset({"seq", "task", "unit", "person", "progress", "status", "target",
                         "deadline", "section", "notes", "light"})
# Default column titles (table headers) by column key; a report kind or config may rename them.
COLUMN_TITLES: dict[str, str] = {
    "seq": "序号", "section": "分类", "task": "工作任务", "target": "目标", "deadline": "时限",
    "unit": "牵头单位", "person": "责任人", "progress": "进展情况", "status": "完成情况",
    "notes": "备注", "light": "预警",
}
CELL_CLASSES = COLUMN_KEYS | {"center", "missing"}
# no-progress: the row has no progress yet; keep: a short row that never breaks across pages
# (taller rows may break inside their text, two lines at least on either side); cont: the first
# row of an item's part on a later page, starting that page, its 序号 and 工作任务 cells
# repeated with （续）; cut: the row above such a break; page: a row that starts a page at an
# item's (or a row's) own start, no label needed (all three written by
# reportgen/writers/paginate.py; cont and cut have no cell padding at the break). Word starts a
# new table, header repeated, on a new page at each cont and page row (writers/docx/tables.py).
ROW_CLASSES = frozenset({"no-progress", "keep", "cont", "cut", "page"})

# p.signature and p.date may carry data-right-chars="N": their right indent in characters (a
# multiple of 0.5 up to MAX_RIGHT_CHARS), set by the template from GB/T 9704 7.3.5.
RIGHT_INDENTED = frozenset({"signature", "date"})
MAX_RIGHT_CHARS = 20

# A body paragraph (p without a class, directly in a section) may carry data-chars="N": set at N
# characters a line instead of the grid's 28, by adjusting its character spacing (调整字距, GB/T
# 9704 7.3.5). reportgen.writers.fit sets it so inner pages stay full and the 落款 keeps body
# text on its page; templates do not.
FIT_CHARS = range(24, 33)
