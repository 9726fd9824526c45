"""The Word writer: the document's vocabulary HTML mapped to a GB/T 9704 .docx."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.section import Section

from reportgen.document import Document
from reportgen.errors import OutputError
from reportgen.writers.atomic import atomic_path
from reportgen.writers.docx.body import Frame, blocks_xml
from reportgen.writers.docx.html_reader import parse
from reportgen.writers.docx.ooxml import NSDECL
from reportgen.writers.docx.page import new_sect_pr, page_numbers, setup_section, type_area
from reportgen.writers.docx.styles import apply_profile


def build(document: Document) -> WordDocument:
    """The Word document of ``document``, in memory."""
    sections = parse(document.html)
    profile = document.profile
    doc = docx.Document()
    apply_profile(doc, profile)
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final:
            body.remove(child)
    for index, section in enumerate(sections):
        geometry = profile.landscape if section.orientation == "landscape" else profile.portrait
        width, height = type_area(geometry)
        parts = blocks_xml(section.blocks, Frame(width, height), document.scale, profile)
        last = index == len(sections) - 1
        if not last and (not parts or not parts[-1].startswith("<w:p>")):
            parts.append("<w:p/>")  # a section break lives in a paragraph
        fragment = parse_xml(f"<w:body {NSDECL}>{''.join(parts)}</w:body>")
        elements = list(fragment)
        for element in elements:
            final.addprevious(element)
        if last:
            sect_pr = final
        else:
            sect_pr = new_sect_pr()
            paragraph = elements[-1]
            ppr = paragraph.find(qn("w:pPr"))
            if ppr is None:
                ppr = parse_xml(f"<w:pPr {NSDECL}/>")
                paragraph.insert(0, ppr)
            ppr.append(sect_pr)
        setup_section(Section(sect_pr, doc.part), section.orientation, profile)
    page_numbers(doc, doc.sections[0], profile)
    props = doc.core_properties
    props.title = document.title
    props.author = document.office
    props.comments = ""
    return doc


def write(document: Document, path: Path) -> None:
    """Write ``document`` as a .docx at ``path`` (atomically: no half-written file on failure)."""
    doc = build(document)
    try:
        with atomic_path(path) as temp:
            doc.save(str(temp))
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc}") from None
