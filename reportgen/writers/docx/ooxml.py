"""WordprocessingML text for runs and paragraphs, written as strings for speed."""
from __future__ import annotations

import re

from reportgen.model import StatusScale
from reportgen.vocabulary_blocks import Run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
MISSING_COLOR = "808080"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as xml.sax.saxutils.escape (not imported: that module
    imports urllib.request, http.client and ssl, some 20 ms of start-up for three lines)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """An attribute value escaped and quoted, as xml.sax.saxutils.quoteattr."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def text_xml(text: str) -> str:
    """Escaped text, without the control characters that XML forbids."""
    if not text.isprintable():  # every forbidden character is unprintable: most texts skip this
        text = _ILLEGAL.sub("", text)
    return escape(text)


def status_color(scale: StatusScale | None, name: str | None) -> str | None:
    """The colour (RRGGBB) of a status word; None for an unknown status or no scale (black)."""
    status = scale.get(name) if name and scale is not None else None
    return status.color.lstrip("#") if status else None


def runs_xml(runs: list[Run], scale: StatusScale | None, color: str | None = None,
             spacing: int | None = None) -> str:
    """The w:r elements of runs; bold and status colours as direct formatting, fonts from styles.

    ``spacing`` (twips) is the character spacing of a fitted paragraph (data-chars).
    """
    out = []
    for run in runs:
        if run.kind == "br":
            out.append("<w:r><w:br/></w:r>")
            continue
        if run.kind == "tab":
            out.append("<w:r><w:tab/></w:r>")
            continue
        props = ""
        if run.bold:
            props += "<w:b/><w:bCs/>"
        shade = status_color(scale, run.status) or color
        if shade:
            props += f'<w:color w:val="{shade}"/>'
        if spacing is not None:
            props += f'<w:spacing w:val="{spacing}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text_xml(run.text)}</w:t></w:r>')
    return "".join(out)


def paragraph_xml(style: str, content: str, *, page_break: bool = False, borders: str = "",
                  tabs: str = "", spacing: str = "", ind: str = "", frame: str = "") -> str:
    """A w:p with a style and optional page break, frame (w:framePr), borders, tab stops and
    indents (schema order)."""
    ppr = f'<w:pStyle w:val="{style}"/>'
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    ppr += frame
    if borders:
        ppr += f"<w:pBdr>{borders}</w:pBdr>"
    if tabs:
        ppr += f"<w:tabs>{tabs}</w:tabs>"
    ppr += spacing + ind
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


def border(side: str, eighths: int, color: str = "000000", space: int = 1) -> str:
    """One paragraph border line; width in eighths of a point."""
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{color}"/>'
