"""Page numbers of a parallel PDF: a few pages laid out by WeasyPrint, their digits swapped per page.

A page number "— N —" sits in a margin box aligned to one end (odd pages right, even pages
left, by the profile), so with digits of one width its glyphs stand where they stand for any
other number of as many digits: only the glyph ids of the digits differ. WeasyPrint lays out one
template page per named page, side and digit count (an odd and an even sample such as 101 and
100), plus one page showing all ten digits to learn their glyph ids; each page's number layer is
its template's content stream with the sample's digits replaced. This draws exactly what
WeasyPrint draws for that page, at about a thousandth of the cost of laying out an empty page
(which builds all sixteen margin boxes). When the digits of the number font differ in width, or
a template's digits cannot be found once in its stream, ``plan`` says so and the caller lays the
document out one chunk after another instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_FONT = re.compile(rb"/(\S+) [\d.]+ Tf")
ALL_DIGITS = (1023456789, 1234567890)  # odd (right page) and even (left page) samples


def sample(digits: int, odd: bool) -> int:
    """The smallest number of ``digits`` digits that is odd (or even): 1, 2, 11, 10, 101, 100…"""
    if digits == 1:
        return 1 if odd else 2
    return int(10 ** (digits - 1)) + (1 if odd else 0)


def template_pages(pages: list[tuple[str, bool]]) -> list[tuple[str, int]]:
    """(named page, number) of each template page; odd numbers on odd positions (right pages)."""
    return templates_for({(name, len(str(n))) for n, (name, blank) in enumerate(pages, 1)
                          if not blank})


def templates_for(keys: set[tuple[str, int]]) -> list[tuple[str, int]]:
    """The template pages of each (named page, digit count), then the page of all digits."""
    out = []
    for name, digits in sorted(keys):
        out += [(name, sample(digits, True)), (name, sample(digits, False))]
    return out + [("", ALL_DIGITS[0]), ("", ALL_DIGITS[1])]


def template_css(templates: list[tuple[str, int]]) -> str:
    """Page counters of the template pages."""
    return "".join(f"@page :nth({i}) {{ counter-reset: page {number} }}\n"
                   for i, (_name, number) in enumerate(templates, 1))


@dataclass
class Template:
    """One template page: its content stream, its resources and its sample digits in hex."""

    data: bytes
    resources: Any
    digits: bytes | None  # None: the page shows no number (a 版记 page)


@dataclass
class Numbers:
    """Number layers for every page, from the laid-out templates."""

    templates: dict[tuple[str, int, bool], Template]
    glyphs: dict[str, bytes]  # digit -> glyph id in the stream's hex

    def layer(self, number: int, name: str) -> Template | None:
        """The number layer of page ``number`` on named page ``name``; None: no number."""
        template = self.templates.get((name, len(str(number)), number % 2 == 1))
        if template is None or template.digits is None:
            return None
        hex_number = b"".join(self.glyphs[d] for d in str(number))
        return Template(template.data.replace(template.digits, hex_number, 1),
                        template.resources, template.digits)


def _glyphs(fonts: dict[str, dict[str, Any]], data: bytes) -> tuple[dict[str, bytes], bool]:
    """Digit glyph ids of the stream's font as they appear in hex, and whether widths agree."""
    found = _FONT.search(data)
    if not found or found.group(1).decode() not in fonts:
        return {}, False
    state = fonts[found.group(1).decode()]
    ids = {text: gid for gid, text in state["to_unicode"].items() if text in "0123456789"}
    widths = {state["widths"].get(gid) for gid in ids.values()}
    hex_case = str.upper if re.search(rb"<[0-9A-F]*[A-F][0-9A-F]*>", data) else str.lower
    return ({d: hex_case(f"{gid:04x}").encode() for d, gid in ids.items()},
            len(ids) == 10 and len(widths) == 1)


def plan(reader: Any, templates: list[tuple[str, int]],
         fonts: dict[str, dict[str, Any]]) -> Numbers | None:
    """The number layers, or None when digits cannot be swapped safely (see the module note)."""
    contents = [page.get_contents() for page in reader.pages]
    datas = [b"" if c is None else c.get_data() for c in contents]
    if len(datas) != len(templates):
        return None
    glyphs, even = _glyphs(fonts, datas[-1])
    if not even:
        return None
    out: dict[tuple[str, int, bool], Template] = {}
    for page, data, (name, number) in zip(reader.pages, datas, templates, strict=True):
        if number in ALL_DIGITS:
            continue
        resources = page["/Resources"].get_object()
        if b" Tf" not in data:
            out[(name, len(str(number)), number % 2 == 1)] = Template(data, resources, None)
            continue
        own, even = _glyphs(fonts, data)
        digits = b"".join(glyphs[d] for d in str(number))
        if own != glyphs or not even or data.count(digits) != 1:
            return None
        out[(name, len(str(number)), number % 2 == 1)] = Template(data, resources, digits)
    return Numbers(out, glyphs)
