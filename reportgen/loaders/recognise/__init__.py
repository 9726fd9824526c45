"""Stage two of importing: one recogniser from a block stream to a raw ledger and a report.

A stream with a grid whose header names a task column is read as a progress table; any other
is read as a narrative report. Every item gets a stable ``id`` (see ``assign_ids``).
"""
from __future__ import annotations

import hashlib
import re

from reportgen.errors import ProblemList
from reportgen.loaders.blocks import BlockStream, Grid
from reportgen.loaders.raw import Cell, RawLedger
from reportgen.loaders.recognise.narrative import recognise_narrative
from reportgen.loaders.recognise.report import Recognition, Unplaced
from reportgen.loaders.recognise.table import header_index, recognise_table
from reportgen.numerals import cn_value

__all__ = ["Recognition", "Unplaced", "assign_ids", "recognise"]

_SECTION_NO = re.compile(r"^([一二三四五六七八九十百]+)[、.．]")
_SPACE = re.compile(r"\s+")


def recognise(stream: BlockStream, problems: ProblemList, ids: bool = True) -> Recognition:
    """The ledger in a document: its progress table if it has one, else its narrative.

    With ``ids`` every item gets a stable id (``assign_ids``).
    """
    has_table = any(isinstance(b, Grid) and header_index(b) is not None for b in stream.blocks)
    if has_table or (stream.grids and not stream.paragraphs):
        recognition = recognise_table(stream, problems)
    else:
        recognition = recognise_narrative(stream, problems)
        if recognition.intro:
            recognition.params["intro"] = "\n".join(recognition.intro)
        if recognition.basis:
            recognition.params["basis"] = "\n".join(recognition.basis)
    recognition.encoding = stream.encoding
    if ids:
        assign_ids(recognition.raw)
    return recognition


def item_key(seq: str | None, section: str | None, task: str | None) -> str:
    """The id of one item before duplicates are told apart (see ``assign_ids``)."""
    if seq:
        match = _SECTION_NO.match(section or "")
        number = cn_value(match.group(1)) if match else None
        return f"{number}.{seq}" if number else seq
    digest = hashlib.sha1(_SPACE.sub("", task or "").encode("utf-8")).hexdigest()
    return f"T{digest[:8]}"


def assign_ids(raw: RawLedger) -> None:
    """Give each item without an id a stable one, derived from its 序号 alone.

    The id is the 序号 ("12"); when 序号 restart in every section it is "部分号.序号" ("2.3",
    the section's own Chinese number); an item without 序号 gets "T" and the first 8 hex digits
    of the SHA-1 of its task text without spaces. A repeated id gets "-2", "-3"… in ledger
    order. The same document imported twice, or next month's edition of it, gives the same ids.
    """
    seqs = [item.get("seq") for item in raw.items if item.get("seq")]
    restarts = len(seqs) != len(set(seqs))
    seen: dict[str, int] = {}
    for item in raw.items:
        if item.get("id"):
            seen[item.get("id") or ""] = 1
            continue
        section = item.get("section") if restarts else None
        key = item_key(item.get("seq"), section, item.get("task"))
        count = seen.get(key, 0) + 1
        seen[key] = count
        value = key if count == 1 else f"{key}-{count}"
        item.cells["id"] = Cell(value, item.where, "任务ID")
