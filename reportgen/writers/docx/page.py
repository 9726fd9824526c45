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
    # Landscape table pages have no line grid: LibreOffice fits a whole number of grid lines
    # in the type area and centres them, which took 8 pt off a landscape page.
    kind = ' w:type="lines"' if orientation == "portrait" else ""
    grid = parse_xml(f'<w:docGrid {NSDECL}{kind} '
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
        for run in NUMBER_RUNS:
            p.append(parse_xml(f"<w:r {NSDECL}>{run}</w:r>"))


NUMBER_RUNS = ('<w:t xml:space="preserve">— </w:t>', '<w:fldChar w:fldCharType="begin"/>',
               '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
               '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>",
               '<w:fldChar w:fldCharType="end"/>', '<w:t xml:space="preserve"> —</w:t>')
EMU_MM = 36000
_DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def landscape_page_numbers(section: Section, profile: StyleProfile, first_id: int) -> None:
    """Landscape footers: the number where it is on portrait pages once the page is turned.

    The portrait foot is the landscape page's left edge (the table head faces the binding side,
    GB/T 9704), so the number is a text box there, its text turned a quarter clockwise (facing
    the type area), ending one character above the type area's foot on odd pages and starting
    one character below its head on even pages. The same position as in the PDF (css.py).
    """
    g = profile.landscape
    role = profile.role("page_number")
    height = min(g.width_mm, g.height_mm)
    char = role.size * 25.4 / 72
    gap = profile.portrait.bottom_mm - profile.portrait.footer_mm
    box_w = char + 1
    x = g.left_mm - gap - box_w
    y, box_h = g.top_mm + char, height - g.top_mm - g.bottom_mm - 2 * char
    for index, (footer, side) in enumerate(((section.footer, "right"),
                                            (section.even_page_footer, "left"))):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        for child in list(p):
            p.remove(child)
        runs = "".join(f"<w:r>{run}</w:r>" for run in NUMBER_RUNS)
        inner = (f'<w:p><w:pPr><w:pStyle w:val="{style_id("page_number")}"/>'
                 f'<w:ind w:left="0" w:right="0"/><w:jc w:val="{side}"/></w:pPr>{runs}</w:p>')
        ext = f'cx="{round(box_w * EMU_MM)}" cy="{round(box_h * EMU_MM)}"'
        p.append(parse_xml(
            f'<w:r {NSDECL} {_DRAWING_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" '
            'distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="1" '
            'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x * EMU_MM)}'
            '</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(y * EMU_MM)}'
            f'</wp:posOffset></wp:positionV><wp:extent {ext}/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{first_id + index}" name="页码 {first_id + index}"/>'
            '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext {ext}/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
            f'</wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
            '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
            'anchor="ctr"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
            '</wp:anchor></w:drawing></w:r>'))


def colophon_page(section: Section, kind: str = "colophon", double_sided: bool = True) -> None:
    """The 版记 section (``colophon``) or the blank page before it (``blank``), neither numbered.

    Printed on both sides the 版记 starts on an even page, a blank page on an odd one: when the
    blank page is written out (writers/colophon.py) neither Word nor LibreOffice needs to insert
    one; when it is not, or Word's pages run otherwise than the PDF's, Word inserts it itself.
    """
    if kind == "blank":
        section.start_type = WD_SECTION.ODD_PAGE
    else:
        section.start_type = WD_SECTION.EVEN_PAGE if double_sided else WD_SECTION.NEW_PAGE
    for footer in (section.footer, section.even_page_footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        for paragraph in footer.paragraphs:
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)
