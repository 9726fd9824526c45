"""Read a document's HTML into sections of blocks, refusing anything outside the vocabulary.

Every writer that takes HTML (docx, pdf, html) calls ``parse`` or ``check`` first: an element or
attribute outside docs/vocabulary.md (a link, an image, a script, a style, an href or src) is a
TemplateError, so a template cannot make a writer fetch or embed anything. It lives beside
reportgen.vocabulary, not in one writer, so that writers import it and never each other.
"""
from __future__ import annotations

import re
from collections import deque

import lxml.etree
from lxml.etree import _Element as HtmlElement  # plain elements: no per-node class lookup

from reportgen.errors import MarkupError, TemplateError
from reportgen.vocabulary import (
    BLOCKS,
    CELL_CLASSES,
    COLUMN_KEYS,
    CONTAINERS,
    FIT_CHARS,
    MAX_RIGHT_CHARS,
    PAGE_BREAK,
    RIGHT_INDENTED,
    ROW_CLASSES,
    SECTION_CLASSES,
    SPAN_CLASSES,
    TABLE_CLASS,
)
from reportgen.vocabulary_blocks import (
    Block,
    Cell,
    Group,
    PageBreak,
    Para,
    Run,
    Section,
    Table,
)

# lxml.html's parser wraps every node in a Python class chosen per element, which costs about a
# tenth of the writer's time on a 5,000-row table; the plain HTML parser gives etree elements.
_PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True)
_SPACE = re.compile(r"\s+")
# Control characters that XML (hence Word) cannot hold; real progress texts contain them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WIDTH = re.compile(r"^\s*width\s*:\s*([\d.]+)\s*%\s*;?\s*$")


def _fail(element: HtmlElement, what: str) -> TemplateError:
    cls = element.get("class")
    attr = f' class="{cls}"' if cls else ""
    desc = f"<{element.tag}{attr}>"
    line = f"（HTML 第{element.sourceline}行）" if element.sourceline else ""
    return MarkupError(f"文档中出现词汇表之外的内容 {desc}{line}：{what}。"
                       "可用的元素见 docs/vocabulary.md")


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


# The largest spans HTML knows (browsers clamp to them; WeasyPrint built a grid of any size).
MAX_ROWSPAN, MAX_COLSPAN = 65534, 1000

# Attributes allowed per element of the vocabulary; an element not listed here is refused.
_CLASS = frozenset({"class"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "html": frozenset({"lang"}), "head": frozenset(), "title": frozenset(), "body": frozenset(),
    "meta": frozenset({"charset", "name", "content"}),
    **{tag: _CLASS for tag in ("section", "header", "footer", "div", "p", "h1", "h2", "h3", "h4",
                               "h5", "table", "colgroup", "thead", "tbody", "tr", "strong")},
    "br": frozenset(), "span": frozenset({"class", "data-status"}),
    # data-right-chars on p.signature / p.date only (_right_chars), data-chars on body p (_chars)
    "p": frozenset({"class", "data-right-chars", "data-chars"}),
    "col": frozenset({"class", "style"}),
    "td": frozenset({"class", "rowspan", "colspan", "data-status"}),
    "th": frozenset({"class", "rowspan", "colspan", "data-status"}),
}
HEAD_ELEMENTS = frozenset({"title", "meta"})
_CHECKED: deque[str] = deque(maxlen=8)  # documents that passed ``check`` lately
META_NAMES = frozenset({"author", "date"})


def _check_markup(root: HtmlElement) -> None:
    """Refuse any element or attribute outside the vocabulary, in the head as in the body."""
    allowed_for = ATTRIBUTES.get
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        allowed = allowed_for(tag)
        if allowed is None:
            raise _fail(element, "不是词汇表中的元素（不允许链接、图片、脚本、样式等）")
        names = element.keys()  # a plain list: cheaper than the attrib proxy on 20,000 cells
        if names and not allowed.issuperset(names):
            raise _fail(element, f"不允许的属性 {'、'.join(sorted(set(names) - allowed))}")
        if tag == "meta" and "charset" not in names and element.get("name") not in META_NAMES:
            raise _fail(element, "<meta> 只能是 charset、author 或 date")
    head = root.find("head")
    for element in _children(head) if head is not None else []:
        if element.tag not in HEAD_ELEMENTS:
            raise _fail(element, "<head> 中只能有 <title> 与 <meta>")
    if root.tag != "html" or any(c.tag not in ("head", "body") for c in _children(root)):
        raise MarkupError("文档 HTML 的根元素须为 <html>，其中只有 <head> 与 <body>")


def check(html: str) -> None:
    """Raise TemplateError if ``html`` strays outside the vocabulary (for the pdf and html writers).

    The same string object checked a moment ago (by the pipeline, before staging) is not parsed
    again: strings are immutable, so identity means the same content.
    """
    if any(html is done for done in _CHECKED):
        return
    parse(html)
    _CHECKED.append(html)


def _children(element: HtmlElement) -> list[HtmlElement]:
    """Element children, comments and processing instructions left out."""
    return [c for c in element if isinstance(c.tag, str)]


def _check_no_text(element: HtmlElement) -> None:
    texts = [element.text] + [c.tail for c in element]
    if any(t and t.strip() for t in texts):
        raise _fail(element, "此处不允许直接出现文字")


def parse(html: str) -> list[Section]:
    """The sections of a document; a TemplateError names the first element outside the vocabulary."""
    try:
        root = lxml.etree.fromstring(_ILLEGAL.sub("", html), _PARSER)
        if root is None:
            raise ValueError("空文档")
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise MarkupError(f"无法解析文档 HTML：{exc}") from None
    _check_markup(root)
    body = root.find("body")
    if body is None:
        raise MarkupError("文档 HTML 缺少 <body>")
    _check_no_text(body)
    sections = []
    for element in _children(body):
        classes = _classes(element)
        if element.tag != "section" or len(classes) != 1 or classes[0] not in SECTION_CLASSES:
            raise _fail(element, "<body> 中只能有 <section class=\"portrait\"> 或 "
                                 "<section class=\"landscape\">")
        sections.append(Section(classes[0], [_block(child) for child in _children(element)]))
        if classes[0] == "blank" and sections[-1].blocks:
            raise _fail(element, "空白页 <section class=\"blank\"> 中不能有内容")
        _check_no_text(element)
    if not sections:
        raise MarkupError("文档没有任何 <section>，生成的将是空白文档")
    return sections


def _block(element: HtmlElement) -> Block:
    classes = _classes(element)
    cls = classes[0] if len(classes) == 1 else None
    if len(classes) > 1:
        raise _fail(element, "块元素只能有一个 class")
    if element.tag == "table":
        if cls != TABLE_CLASS:
            raise _fail(element, f"表格须为 <table class=\"{TABLE_CLASS}\">")
        return _table(element)
    if (element.tag, cls) == PAGE_BREAK:
        if len(element) or (element.text or "").strip():
            raise _fail(element, "分页符须为空元素")
        return PageBreak()
    if cls is not None and (element.tag, cls) in CONTAINERS:
        allowed = CONTAINERS[(element.tag, cls)]
        _check_no_text(element)
        paras = []
        for child in _children(element):
            child_classes = _classes(child)
            if child.tag != "p" or len(child_classes) != 1 or child_classes[0] not in allowed:
                raise _fail(child, f"<{element.tag} class=\"{cls}\"> 中只能有 "
                                   + "、".join(f"p.{a}" for a in sorted(allowed)))
            paras.append(_para(child, BLOCKS[("p", child_classes[0])], child_classes[0]))
        return Group(cls, paras)
    role = BLOCKS.get((element.tag, cls))
    if role is None:
        raise _fail(element, "不是词汇表中的块元素")
    return _para(element, role, cls)


def _para(element: HtmlElement, role: str, cls: str | None) -> Para:
    sides = [c for c in _children(element) if c.tag == "span" and
             set(_classes(c)) & {"left", "right"}]
    if sides:
        if (len(sides) != 2 or _classes(sides[0]) != ["left"] or _classes(sides[1]) != ["right"]
                or len(_children(element)) != 2):
            raise _fail(element, "两端对齐的行须恰好包含 span.left 与 span.right")
        _check_no_text(element)
        return Para(role, _inline(sides[0]), cls, _inline(sides[1]))
    return Para(role, _inline(element), cls, right_chars=_right_chars(element),
                chars=_chars(element))


def _chars(element: HtmlElement) -> int | None:
    """The data-chars of a fitted body paragraph (GB/T 9704 7.3.5 调整字距), if any."""
    value = element.get("data-chars")
    if value is None:
        return None
    if element.get("class") is not None:
        raise _fail(element, "data-chars 只能用于正文段落 <p>")
    if not value.isdigit() or int(value) not in FIT_CHARS:
        raise _fail(element, f"data-chars 须为 {FIT_CHARS.start} 到 {FIT_CHARS.stop - 1} 之间的整数")
    return int(value)


def _right_chars(element: HtmlElement) -> float | None:
    """The data-right-chars of a signature or date line (GB/T 9704 7.3.5), if any."""
    value = element.get("data-right-chars")
    if value is None:
        return None
    if element.get("class") not in RIGHT_INDENTED:
        raise _fail(element, "data-right-chars 只能用于 p.signature 与 p.date")
    try:
        chars = float(value)
    except ValueError:
        raise _fail(element, "data-right-chars 须为数字（字符数）") from None
    if not 0 <= chars <= MAX_RIGHT_CHARS:
        raise _fail(element, f"data-right-chars 须在 0 到 {MAX_RIGHT_CHARS} 之间")
    return chars


def _inline(element: HtmlElement, bold: bool = False, status: str | None = None) -> list[Run]:
    """Runs of an inline container, whitespace collapsed as HTML does and trimmed at the ends."""
    runs: list[Run] = []
    _collect(element, runs, bold, status)
    return _trim(runs)


def _collect(element: HtmlElement, runs: list[Run], bold: bool, status: str | None) -> None:
    if element.text:
        runs.append(Run(_SPACE.sub(" ", element.text), bold, status))
    for child in element:
        if isinstance(child.tag, str):
            tag = child.tag
            classes = _classes(child)
            if tag == "br":
                runs.append(Run(kind="br"))
            elif tag == "strong" and not classes:
                _collect(child, runs, True, status)
            elif tag == "span" and classes == ["status"]:
                _collect(child, runs, bold, child.get("data-status") or "".join(child.itertext()))
            elif tag == "span" and set(classes) <= SPAN_CLASSES and classes:
                raise _fail(child, "span.left / span.right 只能成对出现在两端对齐的行中")
            else:
                raise _fail(child, "不是词汇表中的行内元素（可用：br、strong、span.status）")
        if child.tail:
            runs.append(Run(_SPACE.sub(" ", child.tail), bold, status))


def _trim(runs: list[Run]) -> list[Run]:
    """Drop the collapsed white space at both ends and around line breaks; merge like runs."""
    out: list[Run] = []
    for run in runs:
        if run.kind == "text" and out and out[-1].kind == "text" and \
                (out[-1].bold, out[-1].status) == (run.bold, run.status):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.status)
        else:
            out.append(run)
    for i, run in enumerate(out):
        if run.kind != "text":
            continue
        if i == 0 or out[i - 1].kind == "br":
            run.text = run.text.lstrip(" ")
        if i == len(out) - 1 or out[i + 1].kind == "br":
            run.text = run.text.rstrip(" ")
    return [r for r in out if r.kind != "text" or r.text]


def _table(element: HtmlElement) -> Table:
    _check_no_text(element)
    keys: list[str] = []
    widths: list[float] = []
    head: list[list[Cell]] = []
    body: list[list[Cell]] = []
    row_classes: list[frozenset[str]] = []
    for part in _children(element):
        if part.tag == "colgroup":
            for col in _children(part):
                classes = _classes(col)
                match = _WIDTH.match(col.get("style") or "")
                if col.tag != "col" or len(classes) != 1 or classes[0] not in COLUMN_KEYS:
                    raise _fail(col, "colgroup 中只能有 <col class=\"列名\">")
                if not match:
                    raise _fail(col, "列宽须写成 style=\"width: N%\"")
                keys.append(classes[0])
                widths.append(float(match.group(1)))
        elif part.tag in ("thead", "tbody"):
            header = part.tag == "thead"
            rows = head if header else body
            _check_no_text(part)
            for tr in _children(part):
                names = _known(tr.get("class"), ROW_CLASSES, _ROW_CLASSES)
                if tr.tag != "tr" or names is None:
                    raise _fail(tr, f"<{part.tag}> 中只能有 <tr>")
                _check_no_text(tr)
                rows.append([_cell(td, header) for td in _children(tr)])
                if not header:
                    row_classes.append(names)
        else:
            raise _fail(part, "表格中只能有 colgroup、thead、tbody")
    return Table(keys, widths, head, body, row_classes)


# Class attribute → its classes, once checked (a table repeats a few). Bounded: a template
# could write the same classes with endless spacings, and a web server process lives long.
_CELL_CLASSES: dict[str | None, frozenset[str]] = {}
_ROW_CLASSES: dict[str | None, frozenset[str]] = {}


def _known(attribute: str | None, allowed: frozenset[str],
           cache: dict[str | None, frozenset[str]]) -> frozenset[str] | None:
    """The classes of a class attribute; None when one is outside ``allowed``."""
    names = cache.get(attribute)
    if names is None:
        names = frozenset((attribute or "").split())
        if not names <= allowed:
            return None
        if len(cache) < 256:
            cache[attribute] = names
    return names


def _cell(element: HtmlElement, header: bool) -> Cell:
    expected = "th" if header else "td"
    get = dict(element.items()).get  # one call into lxml instead of one per attribute
    classes = _known(get("class"), CELL_CLASSES, _CELL_CLASSES)
    if element.tag != expected or classes is None:
        raise _fail(element, f"此处只能有 <{expected}>，class 取列名、center 或 missing")
    rows, cols = get("rowspan"), get("colspan")
    try:
        rowspan = int(rows) if rows else 1
        colspan = int(cols) if cols else 1
    except ValueError:
        raise _fail(element, "rowspan / colspan 须为正整数") from None
    if rowspan < 1 or colspan < 1:
        raise _fail(element, "rowspan / colspan 须为正整数")
    if rowspan > MAX_ROWSPAN or colspan > MAX_COLSPAN:  # HTML's limits (the layout has none)
        raise _fail(element, f"rowspan 最大 {MAX_ROWSPAN}，colspan 最大 {MAX_COLSPAN}")
    if not len(element):  # plain text, most cells: no inline walk needed
        text = element.text
        if text:  # white space collapsed and trimmed (str.split and \s: the same white space)
            text = " ".join(text.split())
        return Cell([[Run(text)] if text else []], classes, rowspan, colspan,
                    get("data-status"), header)
    blocks = _children(element)
    if blocks and all(b.tag == "p" for b in blocks):
        _check_no_text(element)
        for b in blocks:
            if b.get("class"):
                raise _fail(b, "单元格中的段落不能带 class")
        paras = [_inline(b) for b in blocks]
    else:
        paras = [_inline(element)]
    return Cell(paras, classes, rowspan, colspan, element.get("data-status"), header)
