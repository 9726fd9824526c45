"""Table layout decided once for Word and PDF: column widths and which rows stay on one page.

Both writers take the widths from the ``<col style="width: N%">`` of the HTML and the
keep-together flag from ``<tr class="keep">``, so neither guesses on its own. Widths start from
the profile's ``column_widths``; a column whose header title (or, for the status column, the
longest status word) would not fit on one line is widened at the expense of the widest column.
Tables are laid out on the landscape type area, where every built-in template puts them.
"""
from __future__ import annotations

import math
import re
from typing import Any

from reportgen.profile import StyleProfile

MM = 72 / 25.4  # points per millimetre
SLACK_PT = 3.0  # room for rounding and glyph side bearings, so a title never wraps
_NARROW = re.compile("[\x00-\u1fff]+")  # set half width


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in points at ``size``: Latin letters and digits half width; CJK and
    the punctuation a CJK font sets full width (“”、—…, U+2000 on) a full character."""
    wide = len(_NARROW.sub("", text))  # counted at C speed: 5,000-row tables call this a lot
    return size * 0.5 * (len(text) + wide)


def table_width_pt(profile: StyleProfile) -> float:
    """The width of the landscape type area, which a ledger table fills."""
    g = profile.landscape
    return (max(g.width_mm, g.height_mm) - g.left_mm - g.right_mm) * MM


def table_height_pt(profile: StyleProfile) -> float:
    """The height of the landscape type area."""
    g = profile.landscape
    return (min(g.width_mm, g.height_mm) - g.top_mm - g.bottom_mm) * MM


def fit_widths(keys: list[str], titles: dict[str, str], status_words: list[str],
               profile: StyleProfile) -> list[float]:
    """Column widths in percent (adding up to 100) with every header title on one line."""
    weights = [profile.column_widths.get(k, 10.0) for k in keys]
    total_pt = table_width_pt(profile)
    scale = total_pt / (sum(weights) or 1.0)
    widths = [w * scale for w in weights]
    pad = 2 * profile.table_layout.cell_padding_mm * MM + SLACK_PT
    head = profile.role("table_header").size
    cell = profile.role("table_cell").size
    for index, key in enumerate(keys):
        need = text_width(titles.get(key, ""), head) + pad
        if key == "status" and status_words:
            need = max(need, max(text_width(w, cell) for w in status_words) + pad)
        deficit = need - widths[index]
        widest = max(range(len(widths)), key=widths.__getitem__)
        if deficit > 0 and widest != index and widths[widest] - deficit > need:
            widths[index] += deficit
            widths[widest] -= deficit
    percents = [round(w * 100 / total_pt, 2) for w in widths]
    if percents:  # rounding: the widest column absorbs the remainder
        widest = max(range(len(percents)), key=percents.__getitem__)
        percents[widest] = round(percents[widest] + 100 - sum(percents), 2)
    return percents


def _lines(paras: list[str], width_pt: float, size: float, measure: bool = True) -> int:
    """Lines the paragraphs take; with ``measure`` False an upper bound that measures nothing
    (every character counted full width: text_width is never more than size × len)."""
    per_line = max(size, width_pt)
    if not measure:
        return sum(max(1, math.ceil(size * len(p) / per_line)) for p in paras) or 1
    # A paragraph that fits even at full width takes one line, measured or not.
    return sum(1 if size * len(p) <= per_line
               else max(1, math.ceil(text_width(p, size) / per_line)) for p in paras) or 1


def mark_keep(rows: list[dict[str, Any]], keys: list[str], widths: list[float],
              profile: StyleProfile) -> None:
    """Set ``keep`` on each row of ``table_rows``: True when it is short enough to stay whole.

    The estimate counts the lines each cell of the row needs at its column's width (cells
    merged over several rows are left out) times the cell line pitch.
    """
    role = profile.role("table_cell")
    pitch = role.line_pitch_pt or profile.grid.line_pitch_pt
    pad = 2 * profile.table_layout.cell_padding_mm * MM
    total = table_width_pt(profile)
    inner = {k: max(role.size, w * total / 100 - pad) for k, w in zip(keys, widths, strict=True)}
    limit = table_height_pt(profile) * profile.table_layout.keep_row_page_fraction
    for row in rows:
        cells = [(cell["paras"], inner[cell["key"]]) for cell in row["cells"]
                 if cell["span"] == 1 and cell.get("key") in inner]
        # Most rows are short enough that even the unmeasured upper bound keeps them whole.
        for measure in (False, True):
            lines = max([_lines(paras, width, role.size, measure) for paras, width in cells],
                        default=1)
            if lines * pitch <= limit:
                break
        row["keep"] = lines * pitch <= limit


def signature_indents(signature: str, date: str, sealed: bool = False) -> dict[str, str]:
    """``_indents`` as the template writes them: halves of a character, "2", "4.5"."""
    return {k: f"{round(v * 2) / 2:g}" for k, v in _indents(signature, date, sealed).items()}


def _indents(signature: str, date: str, sealed: bool) -> dict[str, float]:
    """Right indents (in characters) of the 署名 and the 成文日期, GB/T 9704 7.3.5.

    Without a seal (7.3.5.3): the signature two characters in from the right; the date under it
    starting two characters right of the signature's first character; a date too long for that
    ends two characters in and pushes the signature left. With a seal (7.3.5.1): the date four
    characters in, the signature centred over it. Digits count half a character.
    """
    s, d = text_width(signature, 1), text_width(date, 1)
    if sealed:
        return {"signature": max(0.0, 4 + (d - s) / 2), "date": 4.0}
    if s - d >= 2:
        return {"signature": 2.0, "date": s - d}
    return {"signature": 4 + d - s, "date": 2.0}
