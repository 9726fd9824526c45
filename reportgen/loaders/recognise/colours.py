"""A status from a cell colour, for tables that mark status only by shading a cell.

First an exact match with a status's fill or text colour in the scale (the Excel ledger's
own colours); then, for clearly saturated colours only, the colour family offices use: red is
the lagging status, yellow or orange the first weak one, green the best, blue the second.
Pale or grey shading (headers, zebra stripes) is never a status.
"""
from __future__ import annotations

import colorsys

from reportgen.model import StatusScale

MIN_SATURATION = 0.35


def status_for_colour(colour: str | None, scale: StatusScale) -> str | None:
    """The status a colour "RRGGBB" stands for, or None."""
    if not colour:
        return None
    colour = colour.upper().lstrip("#")
    for status in scale.statuses:
        if colour in (status.fill.lstrip("#"), status.color.lstrip("#")) and colour != "FFFFFF" \
                and colour != "000000":
            return status.name
    try:
        red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < MIN_SATURATION or value < 0.25:
        return None
    degrees = hue * 360
    names = scale.statuses
    if degrees < 15 or degrees >= 330:
        found = [s for s in names if s.lagging]
    elif degrees < 70:
        found = [s for s in names if s.weak and not s.lagging]
    elif degrees < 170:
        found = list(names[:1])
    elif degrees < 260:
        found = list(names[1:2])
    else:
        found = []
    return found[0].name if found else None
