"""Where to cut: the cuts that label every page starting inside an item, from its fragments."""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.templating.table import ITEM_KEYS
from reportgen.writers.continuation import (
    CONTINUED,
    ELLIPSIS,
    Cut,
    line_count,
    rest_label,
    rest_of,
    task_label,
)


@dataclass
class Fragment:
    """What one page holds of one body row."""

    row: int
    page: int
    top: float
    bottom: float
    texts: dict[str, str]  # cell key -> text without spaces (item cells: of its start row)
    starts_group: bool  # the row holds item cells (it starts a merge group)
    widths: dict[str, float]  # cell key -> content width, points
    pitch: float  # height of a line of cell text
    size: float  # the 工作任务 cell's font size, points


@dataclass(frozen=True)
class Settings:
    """What cutting needs of the style profile (small, for the PDF writer's worker processes)."""

    pitch: float  # a line of cell text, points, where the layout shows none
    pad: float  # a cell's vertical padding, its rules and rounding, points
    one_layout: bool = True  # draw the cut chunk from the layout that measured it (relabel)



def plan(pages: list[list[Fragment]], firsts: set[int], rules: Settings,
         tasks: dict[int, str] | None = None, least_body: float = 0.0) -> list[Cut]:
    """The cuts that label every page starting inside an item (``tasks``: the 工作任务 of each
    row holding one, continuation.task_texts; else as laid out, without its spaces;
    ``least_body``: the height for body rows of pages laid out before these, writers/relay.py)."""
    of_row: dict[int, list[Fragment]] = {}
    for page in pages:
        for fragment in page:
            of_row.setdefault(fragment.row, []).append(fragment)
    starts = sorted(r for r, fragments in of_row.items() if fragments[0].starts_group)
    # the height of a line of cell text, as laid out (the profile's where none is)
    pitch = max((f.pitch for page in pages for f in page), default=0.0) or rules.pitch
    pad = rules.pad
    # the height a page has for body rows (under the header row)
    body = max((max(f.bottom for f in page) - min(f.top for f in page) for page in pages
                if page), default=least_body)
    body = max(body, least_body)
    cuts: list[Cut] = []
    for number, page in enumerate(pages):
        if not page:
            continue
        first = page[0]
        row = first.row
        part = of_row[row].index(first)
        start = _group_start(row, starts, firsts)
        if part == 0 and (start is None or row == start):
            if row not in firsts:  # a row starting a page, not its table: marked, not cut
                cuts.append(Cut(row))
            continue
        if start is None:
            continue
        before = [f for r in range(start, row + 1) for f in of_row.get(r, [])
                  if f.page < number]
        here = [f for f in page if f.row >= row and _group_start(f.row, starts, firsts) == start]
        # the page before holds the item's cells only in part: its 工作任务 is shortened there
        above = [f for f in before if f.page == number - 1]
        broken = any(_item_texts(of_row[start], number).values()) and bool(above)
        first_lines = _lines(max(f.bottom for f in above) - min(f.top for f in above) - pad,
                             pitch) if broken else None
        counts = _counts(of_row[row]) if part else {}
        if part and not counts:
            continue  # the texts of the layout do not match the cells': left as it is
        if part and "status" not in counts and any(
                n[part:] and any(n[part:]) for k, n in counts.items() if k != "progress"):
            # a unit or person cell broken over the page in a table without 完成情况: its rest
            # could not be told from a unit row when the table is read back; left as it is
            continue
        room = max(f.bottom for f in here) - first.top - pad
        width, size = next(((f.widths["task"], f.size) for f in of_row[start]
                            if "task" in f.widths), (0.0, 0.0))
        lines = _lines(room, pitch)
        grows = False
        task = (tasks or {}).get(start) or _task_text(pages, start)
        if first_lines is not None and _lost(task, first_lines, lines, width, size):
            # its rest fits the part on this page neither: the part grows to the lines the
            # rest needs (everything below moves down: laid out again, see settle)
            needed = _rest_lines(task, first_lines, width, size)
            if needed * pitch + pad > body:
                continue  # a rest taller than a page: left as laid out
            lines, grows = needed, True
        cuts.append(Cut(row, part, counts, lines, width, size, first_lines, grows))
    return cuts


def _lines(room: float, pitch: float) -> int:
    return max(1, math.floor(room / pitch))


def _group_start(row: int, starts: list[int], firsts: set[int]) -> int | None:
    """The row whose item cells cover ``row``: the nearest group start above, same table."""
    current = row
    while current >= 0:
        if current in starts:
            return current
        if current in firsts:
            return None
        current -= 1
    return None


def _lost(task: str, first_lines: int, lines: int, width: float, size: float) -> bool:
    """Whether a task shortened above the break (to ``first_lines``) would be shortened on the
    next page too, with no room there for its rest (continuation.rest_label)."""
    head = task_label(task, first_lines, width, size, "", spaces=True)
    short = task_label(task, lines, width, size).endswith(ELLIPSIS + CONTINUED)
    return short and head.endswith(ELLIPSIS) and \
        rest_label(task, head, lines, width, size) is None


def _rest_lines(task: str, first_lines: int, width: float, size: float) -> int:
    """Lines the label ……rest（续） takes, the task shortened above the break to
    ``first_lines`` (continuation.rest_label)."""
    head = task_label(task, first_lines, width, size, "", spaces=True)
    return line_count(rest_of(task, head), width, size)


def _task_text(pages: list[list[Fragment]], row: int) -> str:
    """The 工作任务 of the item starting at ``row``, as its fragments laid it out."""
    return "".join(f.texts.get("task", "") for page in pages for f in page if f.row == row)


def _item_texts(fragments: list[Fragment], page: int) -> dict[str, str]:
    """The item cells' texts that page ``page`` holds (a 工作任务 broken over the page)."""
    out: dict[str, str] = {}
    for fragment in fragments:
        if fragment.page == page:
            out.update({k: v for k, v in fragment.texts.items() if k in ITEM_KEYS})
    return out


def _counts(fragments: list[Fragment]) -> dict[str, list[int]]:
    """Characters each fragment of a row holds, by cell key; {} when a fragment lost a cell."""
    keys = [k for k in fragments[0].texts if k not in ITEM_KEYS]
    counts: dict[str, list[int]] = {}
    for key in keys:
        if any(key not in f.texts for f in fragments):
            return {}
        counts[key] = [len(f.texts[key]) for f in fragments]
    return counts
