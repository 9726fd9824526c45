"""Named cell styles of the Excel ledger: registered once per workbook, referred to by name.

openpyxl stores a named style once and each cell only points at it, which is several times
faster than giving every cell its own Font/Alignment/Border objects.
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

BODY_FONT = "宋体"
HEADER_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
BODY_SIZE = 11
TITLE_SIZE = 18
INPUT_FILL = "FFFFF2CC"  # pale yellow: cells a unit fills in

TITLE = "rg_title"
SUBTITLE = "rg_subtitle"
HEADER = "rg_header"
TEXT = "rg_text"
CENTER = "rg_center"
TEXT_INPUT = "rg_text_input"
CENTER_INPUT = "rg_center_input"
NUMBER = "rg_number"
PERCENT = "rg_percent"
LABEL = "rg_label"

_THIN = Side(style="thin", color="FF000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _style(name: str, *, font: Font, horizontal: str = "left", vertical: str = "top",
           border: bool = True, fill: str | None = None, locked: bool = True,
           number_format: str = "General") -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = font
    style.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
    if border:
        style.border = _BORDER
    if fill:
        style.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
    style.protection = Protection(locked=locked)
    style.number_format = number_format
    return style


def register(workbook: Workbook) -> None:
    """Add the ledger's named styles to ``workbook`` (once)."""
    body = Font(name=BODY_FONT, size=BODY_SIZE)
    styles = [
        _style(TITLE, font=Font(name=TITLE_FONT, size=TITLE_SIZE, bold=True),
               horizontal="center", vertical="center", border=False),
        _style(SUBTITLE, font=Font(name=BODY_FONT, size=BODY_SIZE), horizontal="right",
               vertical="center", border=False),
        _style(HEADER, font=Font(name=HEADER_FONT, size=BODY_SIZE, bold=True),
               horizontal="center", vertical="center", fill="FFD9D9D9"),
        _style(TEXT, font=body),
        _style(CENTER, font=body, horizontal="center"),
        _style(TEXT_INPUT, font=body, fill=INPUT_FILL, locked=False),
        _style(CENTER_INPUT, font=body, horizontal="center", fill=INPUT_FILL, locked=False),
        _style(NUMBER, font=body, horizontal="center", vertical="center"),
        _style(PERCENT, font=body, horizontal="center", vertical="center",
               number_format="0%"),
        _style(LABEL, font=body, vertical="center"),
    ]
    present = set(workbook.named_styles)
    for style in styles:
        if style.name not in present:
            workbook.add_named_style(style)
