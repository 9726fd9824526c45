"""Template filters for Chinese official documents: numerals, dates, document numbers."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from reportgen.numerals import cn_number


def heading1_number(n: int) -> str:
    """一级标题序号：一、"""
    return f"{cn_number(n)}、"


def heading2_number(n: int) -> str:
    """二级标题序号：（一）"""
    return f"（{cn_number(n)}）"


def heading3_number(n: int) -> str:
    """三级标题序号：1."""
    return f"{n}."


def heading4_number(n: int) -> str:
    """四级标题序号：（1）"""
    return f"（{n}）"


def cn_date(value: dt.date | str | None) -> str:
    """2022-11-12 -> 2022年11月12日 (Arabic numerals, no leading zeros, as GB/T 9704 asks)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def doc_year(year: int | str) -> str:
    """2022 -> 〔2022〕 (六角括号 of a 发文字号)."""
    return f"〔{year}〕"


def percent(value: int | float) -> str:
    """39 -> 39%"""
    return f"{value:g}%"


def join_cn(values: list[str] | tuple[str, ...], sep: str = "、") -> str:
    """["区财政局", "区发改委"] -> 区财政局、区发改委"""
    return sep.join(str(v) for v in values)


_NUMBER_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十百零]+[、.．]|[（(][一二三四五六七八九十百零\d]+[）)]"
    r"|\d+\s*[、.．](?!\d))\s*")


def strip_number(text: str | None) -> str:
    """一、加快构建现代产业体系 -> 加快构建现代产业体系 (so a template can renumber headings)."""
    return _NUMBER_PREFIX.sub("", text or "", count=1)


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a multi-line text, stripped: one paragraph each in a document."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def seq_label(seq: str | int, style: str = "1.") -> str:
    """A task's own 序号 in the document's style: 12 with "1、" -> 12、, with "（1）" -> （12）."""
    return style.replace("1", str(seq), 1)


def clause(text: str | None) -> str:
    """A text as a clause inside a sentence: its closing punctuation removed (no "。；")."""
    return (text or "").rstrip("。；;，,.！!？? \n")


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_number": cn_number,
    "h1no": heading1_number,
    "h2no": heading2_number,
    "h3no": heading3_number,
    "h4no": heading4_number,
    "cn_date": cn_date,
    "doc_year": doc_year,
    "percent": percent,
    "join_cn": join_cn,
    "strip_number": strip_number,
    "lines": lines,
    "seq_label": seq_label,
    "clause": clause,
}
