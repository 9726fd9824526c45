"""Word paragraph styles from the style profile: one named style per role, fonts set explicitly."""
from __future__ import annotations

import functools

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from reportgen.profile import RoleStyle, StyleProfile
from reportgen.writers.docx.ooxml import quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'

# Chinese style names as users see them in Word's style gallery.
ROLE_NAMES: dict[str, str] = {
    "masthead_name": "版头名称",
    "masthead_issue": "版头期号",
    "masthead_office": "版头机关日期",
    "office_line": "机关日期行",
    "title": "公文标题",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "addressee": "主送机关",
    "body": "公文正文",
    "attachment_note": "附件说明",
    "signature": "署名",
    "date": "成文日期",
    "attachment_label": "附件标识",
    "attachment_title": "附件标题",
    "table_header": "表头",
    "table_cell": "表格正文",
    "table_cell_center": "表格居中",
    "colophon": "版记",
    "page_number": "页码",
}
OUTLINE_LEVELS = {"heading1": 0, "heading2": 1, "heading3": 2, "heading4": 3}
KEEP_WITH_NEXT = {"title", "heading1", "heading2", "heading3", "heading4", "attachment_label",
                  "attachment_title", "masthead_name", "masthead_issue", "signature"}
JUSTIFY = {"left": "left", "center": "center", "right": "right", "justify": "both"}
TABLE_ROLES = frozenset({"table_header", "table_cell", "table_cell_center"})
# Word starts a new page at each page of the table as the PDF laid it out (writers/docx/
# tables.py), so a Word page must hold what the PDF's held. LibreOffice (and WPS) set cell text
# a little looser than WeasyPrint: a fifth of a character around every run of digits or Latin
# letters, which their DOCX import cannot turn off (w:autoSpaceDE is ignored), costs a line
# now and then. So Word's cells condense their characters a little and set their lines a
# little closer than the PDF's: a page of the table ends about a line above the foot instead
# of running over it (measured in docs/layout-check.md).
WORD_CELL_CONDENSE_PT = 0.4  # less character spacing than the PDF's, per character
WORD_CELL_PITCH_SLACK_PT = 1.0  # less line height than the PDF's, per line


@functools.cache  # once per role: a 5,000-row table asks for a cell's style 15,000 times
def style_id(role: str) -> str:
    """The w:styleId of a role: ASCII, e.g. heading1 -> RgHeading1."""
    return "Rg" + "".join(part.capitalize() for part in role.split("_"))


def twips(points: float) -> int:
    return round(points * 20)


def line_pitch(role: RoleStyle, profile: StyleProfile, name: str = "") -> float:
    """The exact line height of a role in points (the grid pitch unless the role sets its own).

    The page number sits outside the grid: its line is 1.2 times its size unless set.
    """
    if name == "page_number" and not role.line_pitch_pt:
        return round(role.size * 1.2, 2)
    return role.line_pitch_pt or profile.grid.line_pitch_pt


def fonts_xml(role: RoleStyle) -> str:
    """w:rFonts naming the East Asian font and the Latin font on every script slot."""
    return (f"<w:rFonts w:ascii={quoteattr(role.latin_font)} w:hAnsi={quoteattr(role.latin_font)} "
            f"w:eastAsia={quoteattr(role.font)} w:cs={quoteattr(role.latin_font)}/>")


def run_props_xml(role: RoleStyle) -> str:
    """The w:rPr of a role, children in schema order."""
    parts = [fonts_xml(role)]
    if role.bold:
        parts.append("<w:b/><w:bCs/>")
    if role.color:
        parts.append(f'<w:color w:val="{role.color.lstrip("#").upper()}"/>')
    parts.append(f'<w:spacing w:val="{twips(role.letter_spacing_pt)}"/>')
    half = round(role.size * 2)
    parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def para_props_xml(name: str, role: RoleStyle, profile: StyleProfile) -> str:
    """The w:pPr of a role: keep-with-next, spacing in grid lines, indents in characters."""
    pitch = line_pitch(role, profile, name)
    grid = profile.grid.line_pitch_pt
    parts = []
    if name in KEEP_WITH_NEXT:
        parts.append("<w:keepNext/>")
    # Lines fill each page one by one, as the PDF's orphans/widows 1 (writers.css); stated,
    # because LibreOffice applies two-line widow control when the element is absent.
    parts.append('<w:widowControl w:val="0"/>')
    if name in TABLE_ROLES:
        # lines broken as WeasyPrint breaks them: no hanging punctuation, no extra space
        # between Chinese and Latin text (Word honours both; LibreOffice the first)
        parts.append('<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/>'
                     '<w:autoSpaceDN w:val="0"/>')
    # Exact line heights, not snapped to the page grid (LibreOffice snaps unless told not to).
    parts.append('<w:snapToGrid w:val="0"/>')
    parts.append(
        f'<w:spacing w:before="{twips(role.space_before_lines * grid)}" '
        f'w:beforeLines="{round(role.space_before_lines * 100)}" '
        f'w:after="{twips(role.space_after_lines * grid)}" '
        f'w:afterLines="{round(role.space_after_lines * 100)}" '
        f'w:line="{twips(pitch)}" w:lineRule="exact"/>')
    char = role.size + role.letter_spacing_pt
    ind = []
    for side, chars in (("left", role.left_indent_chars), ("right", role.right_indent_chars),
                        ("firstLine", role.first_indent_chars)):
        ind.append(f'w:{side}Chars="{round(chars * 100)}" w:{side}="{twips(chars * char)}"')
    parts.append("<w:ind " + " ".join(ind) + "/>")
    parts.append(f'<w:jc w:val="{JUSTIFY[role.align]}"/>')
    if name in OUTLINE_LEVELS:
        parts.append(f'<w:outlineLvl w:val="{OUTLINE_LEVELS[name]}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def on_grid(role: RoleStyle, profile: StyleProfile) -> RoleStyle:
    """A role set in the body size on the grid condenses like the body (28 characters a line).

    The PDF's CSS does the same (writers.css.letter_spacing), so a heading that wraps breaks
    at the same character in Word and PDF.
    """
    body = profile.roles.get("body")
    if (body is None or role.letter_spacing_pt or role.line_pitch_pt is not None
            or abs(role.size - body.size) > 0.01):
        return role
    return role.model_copy(update={"letter_spacing_pt": body.letter_spacing_pt})


def in_word_cell(name: str, role: RoleStyle, profile: StyleProfile) -> RoleStyle:
    """A table cell role as Word sets it: condensed and closer than the PDF (see above)."""
    if name not in TABLE_ROLES - {"table_header"}:
        return role
    return role.model_copy(update={
        "letter_spacing_pt": role.letter_spacing_pt - WORD_CELL_CONDENSE_PT,
        "line_pitch_pt": line_pitch(role, profile) - WORD_CELL_PITCH_SLACK_PT})


def style_xml(name: str, role: RoleStyle, profile: StyleProfile) -> str:
    """One w:style element for a role."""
    role = in_word_cell(name, on_grid(role, profile), profile)
    title = ROLE_NAMES.get(name, name)
    return (f'<w:style {NSDECL} w:type="paragraph" w:customStyle="1" '
            f'w:styleId="{style_id(name)}"><w:name w:val={quoteattr(title)}/>'
            '<w:basedOn w:val="Normal"/><w:qFormat/>'
            + para_props_xml(name, role, profile) + run_props_xml(role) + "</w:style>")


def _strip_theme_fonts(element: object) -> None:
    """Remove every *Theme font attribute, so the explicit font names take effect."""
    for fonts in element.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for attr in list(fonts.attrib):
            if attr.lower().endswith("theme"):
                del fonts.attrib[attr]


def apply_profile(doc: WordDocument, profile: StyleProfile) -> None:
    """Give the Word document the profile's defaults and one paragraph style per role."""
    styles = doc.styles.element
    _strip_theme_fonts(styles)
    body = profile.role("body")
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    plain = body.model_copy(update={"letter_spacing_pt": 0})
    defaults = parse_xml(
        f"<w:docDefaults {NSDECL}><w:rPrDefault>{run_props_xml(plain)}</w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:pPrDefault>"
        "</w:docDefaults>")
    styles.insert(0, defaults)
    normal = doc.styles["Normal"].element
    for child in list(normal):
        if child.tag in (qn("w:pPr"), qn("w:rPr")):
            normal.remove(child)
    normal.append(parse_xml(
        f'<w:pPr {NSDECL}><w:snapToGrid w:val="0"/><w:spacing w:after="0" '
        f'w:line="{twips(profile.grid.line_pitch_pt)}" w:lineRule="exact"/>'
        '<w:jc w:val="both"/></w:pPr>'))
    normal.append(parse_xml(run_props_xml(plain).replace("<w:rPr>", f"<w:rPr {NSDECL}>", 1)))
    for name, role in profile.roles.items():
        existing = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id(name)}']")
        if existing is not None:
            styles.remove(existing)
        styles.append(parse_xml(style_xml(name, role, profile)))
