"""Page sections (paper, orientation, margins, grid) and the odd/even page-number footers."""
from __future__ import annotations

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from reportgen.profile import PageGeometry, StyleProfile
from reportgen.writers.docx.ooxml import NSDECL
from reportgen.writers.docx.styles import line_pitch, style_id, twips

MM_TWIPS = 1440 / 25.4


def type_area(geometry: PageGeometry) -> tuple[int, float]:
    """Width in twips and height in points of the type area (版心) of a page geometry."""
    width = round((geometry.width_mm - geometry.left_mm - geometry.right_mm) * MM_TWIPS)
    height = (geometry.height_mm - geometry.top_mm - geometry.bottom_mm) * 72 / 25.4
    return width, height


def setup_section(section: Section, orientation: str, profile: StyleProfile) -> None:
    """Paper, orientation, margins and the 22-line grid of one section."""
    geometry = profile.landscape if orientation == "landscape" else profile.portrait
    orientation = "landscape" if orientation == "landscape" else "portrait"  # 版记: portrait
    width, height = geometry.width_mm, geometry.height_mm
    if orientation == "landscape" and width < height or orientation == "portrait" and width > height:
        width, height = height, width  # the orientation flag alone does not turn the paper
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width = Mm(width)
    section.page_height = Mm(height)
    section.top_margin = Mm(geometry.top_mm)
    section.bottom_margin = Mm(geometry.bottom_mm)
    section.left_margin = Mm(geometry.left_mm)
    section.right_margin = Mm(geometry.right_mm)
    # footer_mm is where the top of the page number sits (GB/T 9704: 7 mm under the type area);
    # Word measures the footer distance to the bottom of the footer's line.
    number = line_pitch(profile.role("page_number"), profile, "page_number") * 25.4 / 72
    section.footer_distance = Mm(max(geometry.footer_mm - number, 5))
    section.header_distance = Mm(15)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = parse_xml(f'<w:docGrid {NSDECL} w:type="lines" '
                     f'w:linePitch="{twips(profile.grid.line_pitch_pt)}"/>')
    # docGrid is the last child the schema allows here, except printer settings.
    printer = sect_pr.find(qn("w:printerSettings"))
    if printer is not None:
        printer.addprevious(grid)
    else:
        sect_pr.append(grid)


def page_numbers(doc: WordDocument, section: Section, profile: StyleProfile) -> None:
    """"— N —" footers: odd pages right, even pages left, one character in; Word updates N."""
    doc.settings.odd_and_even_pages_header_footer = True
    role = profile.role("page_number")
    indent = twips(role.size)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph: Paragraph = footer.paragraphs[0]
        p = paragraph._p
        for child in list(p):
            p.remove(child)
        p.append(parse_xml(
            f'<w:pPr {NSDECL}><w:pStyle w:val="{style_id("page_number")}"/>'
            f'<w:ind w:{side}Chars="100" w:{side}="{indent}"/><w:jc w:val="{side}"/></w:pPr>'))
        for run in ('<w:t xml:space="preserve">— </w:t>', '<w:fldChar w:fldCharType="begin"/>',
                    '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                    '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>",
                    '<w:fldChar w:fldCharType="end"/>', '<w:t xml:space="preserve"> —</w:t>'):
            p.append(parse_xml(f"<w:r {NSDECL}>{run}</w:r>"))


def colophon_page(section: Section) -> None:
    """The 版记 section: starts on an even page (Word adds a blank page if needed), no number."""
    section.start_type = WD_SECTION.EVEN_PAGE
    for footer in (section.footer, section.even_page_footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        for paragraph in footer.paragraphs:
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)
