"""CSS paged media for the PDF and HTML outputs, generated from the style profile.

Every number here comes from the profile (page geometry, grid, roles) or the status scale, so
changing a font or a margin in the profile's YAML changes Word and PDF alike.
"""
from __future__ import annotations

from reportgen.model import StatusScale
from reportgen.profile import PageGeometry, RoleStyle, StyleProfile, fit_spacing
from reportgen.vocabulary import BLOCKS, FIT_CHARS, MAX_RIGHT_CHARS, RIGHT_INDENTED

RULE_PT = 1.5  # thickness of the red rule under the 版头
CELL_BORDER_PT = 0.5
MISSING_COLOUR = "#808080"
COLOPHON_THICK_MM = 0.35  # first and last rule of the 版记
COLOPHON_THIN_MM = 0.25  # the rules between its lines
MASTHEAD_RULE_GAP_MM = 4  # the red rule sits 4 mm under the issue line (GB/T 9704)

# Roles styled outside BLOCKS: table cells (selectors) and the page number (margin boxes).
TABLE_ROLES: dict[str, str] = {
    "table_header": "table.ledger th",
    "table_cell": "table.ledger td",
    "table_cell_center": "table.ledger td.center",
}


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _quote(family: str) -> str:
    return '"' + family.replace("\\", "\\\\").replace('"', '\\"') + '"'


def selector(tag: str, cls: str | None) -> str:
    """The CSS selector of one vocabulary block: ``section > p:not([class])``, ``h1.title``…"""
    if cls is None:
        return f"section > {tag}:not([class])"
    return f"{tag}.{cls}"


def family_list(role: RoleStyle, font_families: dict[str, list[str]]) -> str:
    """The CSS font-family of a role: its Latin font only when this very font is available.

    Otherwise Latin letters and digits come from the East Asian font itself, which keeps a
    line set in one face instead of mixing in a substitute serif.
    """
    families: list[str] = []
    latin = font_families.get(role.latin_font, [])
    if role.latin_font != role.font and role.latin_font in latin:
        families.append(role.latin_font)
    for family in font_families.get(role.font, [role.font]):
        if family not in families:
            families.append(family)
    sans = families and any(k in families[0] for k in ("Hei", "Sans", "黑"))
    generic = "sans-serif" if sans else "serif"
    return ", ".join([*(_quote(f) for f in families), generic])


def letter_spacing(role: RoleStyle, profile: StyleProfile) -> float:
    """Letter spacing in points: roles on the grid condense by the grid's PDF value.

    The profile's negative Word spacing (w:spacing) is tuned for Word; WeasyPrint needs its own
    figure (grid.pdf_letter_spacing_pt) to put 28 characters on a line. Positive spacing
    (the spaced-out 版头 name) is taken as it is.
    """
    if role.letter_spacing_pt > 0:
        return role.letter_spacing_pt
    if role.line_pitch_pt is None:
        return profile.grid.pdf_letter_spacing_pt
    return role.letter_spacing_pt


def role_declarations(role: RoleStyle, profile: StyleProfile,
                      font_families: dict[str, list[str]]) -> list[str]:
    """CSS declarations for one role of the profile."""
    pitch = profile.grid.line_pitch_pt
    # One character as it is set on the line: its size plus the letter spacing.
    char_width = role.size + letter_spacing(role, profile)
    decls = [
        f"font-family: {family_list(role, font_families)}",
        f"font-size: {_num(role.size)}pt",
        f"font-weight: {'bold' if role.bold else 'normal'}",
        f"line-height: {_num(role.line_pitch_pt or pitch)}pt",
        f"letter-spacing: {_num(letter_spacing(role, profile))}pt",
        f"text-align: {role.align}",
        f"text-indent: {_num(role.first_indent_chars * char_width)}pt",
        f"margin: {_num(role.space_before_lines * pitch)}pt {_num(role.right_indent_chars)}em "
        f"{_num(role.space_after_lines * pitch)}pt {_num(role.left_indent_chars)}em",
    ]
    if role.color:
        decls.append(f"color: {role.color}")
    return decls


def _rule(selector_: str, decls: list[str]) -> str:
    body = "".join(f"  {d};\n" for d in decls)
    return f"{selector_} {{\n{body}}}\n"


def _page_number(role: RoleStyle, geometry: PageGeometry, side: str,
                 font_families: dict[str, list[str]]) -> str:
    """A margin box holding "— N —", ``footer_mm`` above the paper's bottom edge, one character in."""
    below = geometry.bottom_mm - geometry.footer_mm  # distance under the type area
    decls = [
        'content: "— " counter(page) " —"',
        f"font-family: {family_list(role, font_families)}",
        f"font-size: {_num(role.size)}pt",
        "font-weight: normal",
        "line-height: 1",
        "letter-spacing: 0",
        f"text-align: {side}",
        "vertical-align: top",
        f"padding-top: {_num(below)}mm",
        f"padding-{side}: 1em",
    ]
    return _rule(f"  @bottom-{side}", decls).replace("\n", "\n  ").rstrip(" ")


def _page(name: str, geometry: PageGeometry, role: RoleStyle,
          font_families: dict[str, list[str]]) -> str:
    prefix = f"@page {name}" if name else "@page"
    size = f"{_num(geometry.width_mm)}mm {_num(geometry.height_mm)}mm"
    margin = (f"{_num(geometry.top_mm)}mm {_num(geometry.right_mm)}mm "
              f"{_num(geometry.bottom_mm)}mm {_num(geometry.left_mm)}mm")
    return (
        f"{prefix} {{\n  size: {size};\n  margin: {margin};\n}}\n"
        f"{prefix}:right {{\n{_page_number(role, geometry, 'right', font_families)}}}\n"
        f"{prefix}:left {{\n{_page_number(role, geometry, 'left', font_families)}}}\n"
    )


def _right_indents(profile: StyleProfile) -> str:
    """``p[data-right-chars="N"]`` for N = 0, 0.5 … 20: the signature and date indents."""
    rules = []
    for cls in sorted(RIGHT_INDENTED):
        role = profile.roles.get(BLOCKS[("p", cls)])
        if role is None:
            continue
        char = role.size + letter_spacing(role, profile)
        for half in range(0, 2 * MAX_RIGHT_CHARS + 1):
            chars = half / 2
            rules.append(f'p.{cls}[data-right-chars="{_num(chars)}"] '
                         f"{{ margin-right: {_num(chars * char)}pt; }}\n")
    return "".join(rules)


def _fitted(profile: StyleProfile) -> str:
    """``p[data-chars="N"]``: a body paragraph set at N characters a line (GB/T 9704 7.3.5)."""
    body = profile.roles.get("body")
    if body is None:
        return ""
    rules = []
    for chars in FIT_CHARS:
        spacing = fit_spacing(profile, chars)
        indent = body.first_indent_chars * (body.size + spacing)
        rules.append(f'section > p[data-chars="{chars}"]:not([class]) '
                     f"{{ letter-spacing: {_num(spacing)}pt; text-indent: {_num(indent)}pt; }}\n")
    return "".join(rules)


def _landscape_page(profile: StyleProfile, role: RoleStyle,
                    font_families: dict[str, list[str]]) -> str:
    """Landscape pages: the page number where it is on portrait pages, once the page is turned.

    A landscape table is bound with its head at the portrait page's left edge (GB/T 9704), so
    the portrait foot is the landscape page's left edge. The number runs down that edge, its
    glyphs facing the type area, ``footer`` distance off it like on portrait pages: on odd
    pages ending one character above the type area's foot (portrait: right, one character in),
    on even pages starting one character below its head (portrait: left).

    The number is set in the left margin box, aligned to the box's end (odd) or start (even),
    then turned a quarter clockwise about the box's centre and moved into place.
    """
    g = profile.landscape
    width, height = max(g.width_mm, g.height_mm), min(g.width_mm, g.height_mm)
    size = f"{_num(width)}mm {_num(height)}mm"
    margin = f"{_num(g.top_mm)}mm {_num(g.right_mm)}mm {_num(g.bottom_mm)}mm {_num(g.left_mm)}mm"
    char_mm = role.size * 25.4 / 72
    gap = profile.portrait.bottom_mm - profile.portrait.footer_mm  # under the type area
    box_x, box_y = g.left_mm / 2, g.top_mm + (height - g.top_mm - g.bottom_mm) / 2
    move_x = g.left_mm - gap - char_mm / 2 - box_x
    # the aligned end of the line lands half the box width from the box centre once turned
    move_y = (height - g.bottom_mm - char_mm) - (box_y + g.left_mm / 2)
    out = [f"@page landscape {{\n  size: {size};\n  margin: {margin};\n}}\n"]
    for side, align, dy in (("right", "right", move_y), ("left", "left", -move_y)):
        decls = [
            'content: "— " counter(page) " —"',
            f"font-family: {family_list(role, font_families)}",
            f"font-size: {_num(role.size)}pt", "font-weight: normal", "line-height: 1",
            "letter-spacing: 0", f"text-align: {align}", "vertical-align: middle",
            "white-space: nowrap", "transform-origin: 50% 50%",
            f"transform: translate({_num(move_x)}mm, {_num(dy)}mm) rotate(90deg)",
        ]
        body = _rule("  @left-bottom", decls).replace("\n", "\n  ").rstrip(" ")
        out.append(f"@page landscape:{side} {{\n{body}  @bottom-{side} {{ content: none }}\n}}\n")
    return "".join(out)


def _unnumbered_pages(geometry: PageGeometry) -> str:
    """The 版记 page and a blank page put before it carry no page number (GB/T 9704 7.5)."""
    size = f"{_num(geometry.width_mm)}mm {_num(geometry.height_mm)}mm"
    margin = (f"{_num(geometry.top_mm)}mm {_num(geometry.right_mm)}mm "
              f"{_num(geometry.bottom_mm)}mm {_num(geometry.left_mm)}mm")
    none = "  @bottom-right { content: none }\n  @bottom-left { content: none }\n"
    return (f"@page colophon {{\n  size: {size};\n  margin: {margin};\n{none}}}\n"
            f"@page :blank {{\n{none}}}\n")


def _status_rules(scale: StatusScale) -> str:
    rules = []
    for status in scale.statuses:
        value = _quote(status.name)
        rules.append(f"td.status[data-status={value}], span.status[data-status={value}] "
                     f"{{ color: {status.color}; }}\n")
    return "".join(rules)


def _base(profile: StyleProfile, font_families: dict[str, list[str]]) -> str:
    body = profile.role("body")
    masthead = profile.roles.get("masthead_name")
    rule_colour = masthead.color if masthead and masthead.color else "#FF0000"
    return (
        _rule("html", [f"font-family: {family_list(body, font_families)}",
                       f"font-size: {_num(body.size)}pt",
                       f"line-height: {_num(profile.grid.line_pitch_pt)}pt"])
        + _rule("body", ["margin: 0", "padding: 0"])
        + _rule("p, h1, h2, h3, h4, h5", ["padding: 0"])
        + _rule("section", ["break-before: page", "page: auto"])
        + _rule("section:first-of-type", ["break-before: auto"])
        + _rule("section.landscape", ["page: landscape"])
        + _rule("div.page-break", ["break-after: page", "height: 0", "margin: 0"])
        + _rule("h1, h2, h3, h4, h5, p.signature", ["break-after: avoid"])
        # Body text fills every page line by line, as in Word (no widow control there): a
        # short page only where a heading keeps with its next line or the 落款 moves, and
        # writers.fit evens those out (GB/T 9704 7.3.5)
        + _rule("section > p", ["orphans: 1", "widows: 1"])
        + _rule("header.masthead", [f"border-bottom: {_num(RULE_PT)}pt solid {rule_colour}",
                                    f"padding-bottom: {_num(MASTHEAD_RULE_GAP_MM)}mm",
                                    f"margin-bottom: {_num(profile.grid.line_pitch_pt)}pt"])
        + _rule("p.masthead-office, p.office-line, p.issued",
                ["display: flex", "justify-content: space-between", "text-indent: 0"])
        + _rule("p.masthead-office > span, p.office-line > span, p.issued > span",
                ["flex: none", "white-space: nowrap"])
        + _colophon(profile)
        + _rule("strong", ["font-weight: bold"])
    )


def _colophon(profile: StyleProfile) -> str:
    """版记: at the foot of the type area, on the body's last page or on an even page of its own.

    ``writers.colophon`` decides which: a footer.colophon moved to the end of the last body
    section is placed absolutely against the page area of the page it ends on (no positioned
    ancestor); in section.colophon, against that section, one type area high. A section.blank
    is the empty page before it. Rules: the first and the last 0.35 mm, the ones between
    0.25 mm (GB/T 9704 7.4.1).
    """
    g = profile.portrait
    height = (g.height_mm - g.top_mm - g.bottom_mm) * 72 / 25.4 - 1  # 1 pt under the area
    side = "left" if profile.double_sided else "page"
    return (
        _rule("section.colophon", ["page: colophon", f"break-before: {side}",
                                   "position: relative", f"height: {_num(height)}pt",
                                   "margin: 0"])
        + _rule("section.blank", ["page: colophon", "break-before: right", "height: 1pt",
                                  "margin: 0"])
        + _rule("footer.colophon", ["position: absolute", "bottom: 0", "left: 0", "right: 0",
                                    f"border-top: {_num(COLOPHON_THICK_MM)}mm solid #000",
                                    f"border-bottom: {_num(COLOPHON_THICK_MM)}mm solid #000"])
        + _rule("footer.colophon p + p", [f"border-top: {_num(COLOPHON_THIN_MM)}mm solid #000"])
        # a browser has no pages: the 版记 follows the body
        + "@media screen {\n" + _rule("section > footer.colophon",
                                       ["position: static", "margin-top: 1em"]) + "}\n"
    )


def _table(profile: StyleProfile) -> str:
    layout = profile.table_layout
    return (
        _rule("table.ledger", ["width: 100%", "table-layout: fixed", "border-collapse: collapse",
                               "margin: 0", "letter-spacing: 0"])
        + _rule("table.ledger thead", ["display: table-header-group"])
        # Tall rows break inside their text, two lines at least on either side; short rows
        # (class keep, decided in reportgen/templating/layout.py) stay whole.
        + _rule("table.ledger tr", ["break-inside: auto"])
        + _rule("table.ledger tr.keep, table.ledger thead tr", ["break-inside: avoid"])
        # a continuation row starts the page its item continues on, a page row the page it
        # started in the layout (writers/paginate.py)
        + _rule("table.ledger tr.cont, table.ledger tr.page", ["break-before: page"])
        # a row cut there keeps the height its fragments had: no padding at the break
        + _rule("table.ledger tr.cont td", ["padding-top: 0"])
        + _rule("table.ledger tr.cut td", ["padding-bottom: 0"])
        + _rule("table.ledger th, table.ledger td",
                [f"border: {_num(CELL_BORDER_PT)}pt solid #000",
                 f"padding: {_num(layout.cell_padding_v_mm)}mm {_num(layout.cell_padding_mm)}mm",
                 "vertical-align: middle", "overflow-wrap: anywhere", "orphans: 2", "widows: 2"])
        + _rule("table.ledger thead th", ["white-space: nowrap"])
        + _rule("table.ledger td p, table.ledger th p",
                ["margin: 0", "text-indent: 0", "font: inherit", "letter-spacing: inherit",
                 "orphans: 2", "widows: 2"])
        + _rule(".missing", [f"color: {MISSING_COLOUR}"])
    )


def stylesheet(profile: StyleProfile, scale: StatusScale,
               font_families: dict[str, list[str]]) -> str:
    """The whole stylesheet: pages, base rules, one rule per vocabulary role, table, statuses.

    ``font_families`` maps each Word font name to the CSS families to use, best first (see
    ``reportgen.writers.fonts.font_families``); ``@font-face`` rules are added by the caller.
    """
    number = profile.role("page_number")
    parts = [
        f"/* reportgen: generated from style profile {profile.name} */\n",
        _page("", profile.portrait, number, font_families),
        _landscape_page(profile, number, font_families),
        _unnumbered_pages(profile.portrait),
        _base(profile, font_families),
    ]
    selectors: dict[str, list[str]] = {}
    for (tag, cls), role_name in BLOCKS.items():
        selectors.setdefault(role_name, []).append(selector(tag, cls))
    for role_name, sel in TABLE_ROLES.items():
        selectors.setdefault(role_name, []).append(sel)
    for role_name, sels in selectors.items():
        if role_name in profile.roles:
            parts.append(_rule(", ".join(sels),
                               role_declarations(profile.roles[role_name], profile, font_families)))
    parts.append(_right_indents(profile))
    parts.append(_fitted(profile))
    parts.append(_table(profile))
    if profile.table_layout.status_colours:  # official documents are black by default
        parts.append(_status_rules(scale))
    return "".join(parts)


def document_stylesheet(profile: StyleProfile, scale: StatusScale) -> str:
    """``@font-face`` rules for the bundled fonts in use, then the generated stylesheet."""
    from reportgen.writers.fonts import font_face_css, font_families

    families = font_families(profile)
    return font_face_css(families) + stylesheet(profile, scale, families)
