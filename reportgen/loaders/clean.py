"""Cleaning of cell texts: the noise real ledgers carry (HTML tags, bookmarks, odd spaces, breaks).

Every loader passes every text through ``clean_field``; cleaning is idempotent, so a ledger
written by reportgen and read back is unchanged.
"""
from __future__ import annotations

import re

from reportgen.errors import ProblemList
from reportgen.loaders.limits import MAX_CELL_CHARS, MAX_PROPERTY_CHARS

# Fields whose text keeps its paragraph breaks.
MULTILINE_FIELDS = frozenset({"progress", "target", "notes"})

# A tag's attributes stop at the next "<" (and a bookmark at the next "["): "[^>]*" made
# "<p <p <p …" quadratic, each "<p" scanning to the end (seconds for one long cell).
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p(?:\s[^<>]*)?>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>|</?p(?:\s[^<>]*)?>|</?div(?:\s[^<>]*)?>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:span|font|b|strong|i|em|u)(?:\s[^<>]*)?>", re.IGNORECASE)
_BOOKMARK = re.compile(r"\[bookmark:\s*[^\[\]]*\]", re.IGNORECASE)
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&"}
# Characters that hide or reorder text: none may reach a document. The kinds name them in
# warnings. Line-break controls (CR, VT, FF, NEL, U+2028/9) become line breaks instead.
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_HIDDEN_KINDS: tuple[tuple[str, str], ...] = (
    ("控制字符", "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"),
    ("双向文字控制符", "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"),
    ("零宽或不可见字符",
     "\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"),
    ("非字符", "\ufffe\uffff\ud800-\udfff"),
)
_HIDDEN = re.compile("[" + "".join(chars for _, chars in _HIDDEN_KINDS) + "]")
_KIND_OF = [(re.compile(f"[{chars}]"), kind) for kind, chars in _HIDDEN_KINDS]
_HSPACE = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u202f]+")
_SEPARATOR_CELL = re.compile(r":?-{2,}:?|\|")
# A name fragment that ends like this is a whole unit name; one that does not continues.
_UNIT_END = "局委办院会部厅处科所站队府区县乡镇村道心司行社馆校园组团室）)中场台网"


# Every character one of the substitutions of _strip_all acts on: most texts hold none, and one
# search then stands for five substitutions and five replace passes.
_MARKUP = re.compile("[<&\\[\r\x0b\x0c\x85\u2028\u2029"
                     + "".join(chars for _, chars in _HIDDEN_KINDS) + "]")
# What _HSPACE changes: two spaces in a row, or any space but U+0020.
_ODD_SPACE = re.compile("[\t\u00a0\u3000\u2002\u2003\u2009\u202f]|  ")


def _strip_markup(text: str) -> str:
    return _strip_all(text) if _MARKUP.search(text) else text


def _strip_all(text: str) -> str:
    text = _BREAKS.sub("\n", text)
    text = _BOOKMARK.sub("", text)
    text = _PARAGRAPH_BREAK.sub("\n", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _INLINE_TAG.sub("", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return _HIDDEN.sub("", text)


def remove_controls(text: str) -> tuple[str, list[str]]:
    """Drop the characters that hide or reorder text; the text and the code points that went.

    Control characters (but tab and line breaks), bidi controls (U+202A–U+202E, U+2066–U+2069,
    LRM/RLM/ALM), zero-width and other invisible characters (U+200B–U+200D, U+2060–U+2064,
    U+FEFF, soft hyphen, tag characters), lone surrogates and U+FFFE/U+FFFF. One regular
    expression search decides the common case of a text that has none.
    """
    if not _HIDDEN.search(text):
        return text, []
    text = _BREAKS.sub("\n", text)
    removed = [f"U+{ord(char):04X}" for char in _HIDDEN.findall(text)]
    return _HIDDEN.sub("", text), removed


def describe_removed(codes: list[str]) -> str:
    """"已删除双向文字控制符 U+202E、零宽或不可见字符 U+200B": the codes grouped by kind."""
    groups: dict[str, list[str]] = {}
    for code in dict.fromkeys(codes):
        char = chr(int(code[2:], 16))
        kind = next(kind for pattern, kind in _KIND_OF if pattern.match(char))
        groups.setdefault(kind, []).append(code)
    parts = [f"{kind} {'、'.join(found)}" for kind, found in groups.items()]
    return f"已删除{'，'.join(parts)}（共 {len(codes)} 个；它们会隐藏或颠倒文字）"


def _lines(text: str) -> list[str]:
    """Non-empty lines with spaces collapsed and stripped."""
    if _ODD_SPACE.search(text):
        return _lines_all(text)
    return [line for line in (part.strip() for part in text.split("\n")) if line]


def _lines_all(text: str) -> list[str]:
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _glue(left: str, right: str) -> str:
    """Join two fragments of one broken line: no space between CJK, one between Latin words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def join_broken(lines: list[str]) -> str:
    """One line from the fragments of a text broken over several lines."""
    text = ""
    for line in lines:
        text = _glue(text, line) if text else line
    return text


def clean_multiline(text: str) -> str:
    """A progress-like text: tags gone, paragraphs separated by single line breaks."""
    return "\n".join(_lines(_strip_markup(text)))


def clean_line(text: str) -> str:
    """A one-line text (task, seq, status…): tags gone, line breaks inside it closed up."""
    return join_broken(_lines(_strip_markup(text)))


def clean_units(text: str) -> str:
    """A unit cell: names separated by single spaces, names broken over lines rejoined.

    "市农业\\n农村局" is one name; "区财政局\\n区发改委" are two (the first ends like a unit).
    Separators 、，,；; and spaces between names become one space.
    """
    names: list[str] = []
    for line in _lines(_strip_markup(text)):
        parts = [p for p in re.split(r"[\s、，,；;/]+", line) if p]
        if not parts:
            continue
        if names and names[-1][-1] not in _UNIT_END:
            names[-1] = _glue(names[-1], parts[0])
            parts = parts[1:]
        names.extend(parts)
    return " ".join(names)


def looks_like_unit(name: str) -> bool:
    """A short name that ends like a unit (局、委、办、中心…): "区财政局" yes, "项目推进方面" no."""
    return 2 <= len(name) <= 16 and name[-1] in _UNIT_END and not any(
        c in name for c in "，。；：:,;！？") and name[0] not in "一二三四五六七八九十第（(0123456789"


def clean_persons(text: str) -> str:
    """A person cell: names separated by single spaces; a name broken over lines rejoined.

    A line break between two fragments of two to four characters separates two names
    ("樊星烁\\n赵永强"); otherwise it is a break inside one name or phrase.
    """
    names: list[str] = []
    for line in _lines(_strip_markup(text)):
        parts = [p for p in re.split(r"[\s、，,；;/]+", line) if p]
        if not parts:
            continue
        if names and not (2 <= len(names[-1]) <= 4 and 2 <= len(parts[0]) <= 4):
            names[-1] = _glue(names[-1], parts[0])
            parts = parts[1:]
        names.extend(parts)
    return " ".join(names)


def clean_text(field: str, text: str) -> str:
    """Clean a text according to its field (no control-character check)."""
    if field in MULTILINE_FIELDS:
        return clean_multiline(text)
    if field == "unit":
        return clean_units(text)
    if field == "person":
        return clean_persons(text)
    if field in ("seq", "status"):
        return _HSPACE.sub("", clean_line(text))
    return clean_line(text)


def clean_field(
    field: str,
    value: str | None,
    problems: ProblemList,
    row: int | str | None,
    label: str | None = None,
) -> str | None:
    """The cleaned text of one cell, None when empty; control characters removed with a warning."""
    if value is None:
        return None
    text, removed = remove_controls(value)
    if removed:
        problems.add(describe_removed(removed), row, label or field, warning=True)
    cleaned = clean_text(field, text)
    limit = MAX_PROPERTY_CHARS if field == "title" else MAX_CELL_CHARS
    if len(cleaned) > limit:
        what = "Word/Excel 文档属性" if field == "title" else "Excel 单元格"
        problems.add(f"有 {len(cleaned)} 个字，超过{what}上限 {limit} 个字；请删减（不会自动截断）",
                     row, label or field)
    return cleaned or None


def is_separator_row(cells: list[str | None]) -> bool:
    """A row like ``---\\t---\\t----`` left by a text extraction: dashes only, at least one."""
    texts = [c.strip() for c in cells if c is not None and c.strip()]
    return bool(texts) and all(_SEPARATOR_CELL.fullmatch(t) for t in texts)
