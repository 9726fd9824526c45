"""The Word writer: the document's vocabulary HTML mapped to a GB/T 9704 .docx."""
from __future__ import annotations

from pathlib import Path
from typing import cast

import docx
import lxml.etree
from docx.document import Document as WordDocument
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart

from reportgen.document import Document
from reportgen.errors import OutputError
from reportgen.gcpause import gc_paused
from reportgen.vocabulary_reader import parse
from reportgen.writers.atomic import atomic_path
from reportgen.writers.docx.body import Frame, blocks_xml
from reportgen.writers.docx.page import (
    colophon_page,
    landscape_page_numbers,
    page_numbers,
    setup_section,
    type_area,
)
from reportgen.writers.docx.styles import apply_profile

SECTION_BREAK = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'
_PLACE = "<?reportgen-blocks {}?>"  # a processing instruction: kept as it is by lxml


def build(document: Document) -> WordDocument:
    """The Word document of ``document``, in memory."""
    doc, pieces = _skeleton(document)
    part = doc.part
    part._element = parse_xml(_spliced(doc, pieces))
    whole: WordDocument = part.document
    return whole


def _skeleton(document: Document) -> tuple[WordDocument, list[str]]:
    """The Word document with a placeholder for each section's blocks, and those blocks' XML.

    Only the paragraphs that end a section (their w:sectPr) are parsed; the blocks, a large
    table above all, stay text until the file is written (``_spliced``): parsing them into
    python-docx's tree and serialising them again cost about a third of writing a long table.
    """
    sections = parse(document.html)
    profile = document.profile
    template = docx.Document()
    apply_profile(template, profile)
    skeleton: list[str] = []
    pieces: list[str] = []
    # Official documents are black; the profile may colour status words (Excel always does).
    colours = document.scale if profile.table_layout.status_colours else None
    for index, section in enumerate(sections):
        geometry = profile.landscape if section.orientation == "landscape" else profile.portrait
        width, height = type_area(geometry)
        frame = Frame(width, height, foot=section.orientation == "colophon")
        parts = blocks_xml(section.blocks, frame, colours, profile)
        end = ""
        if index < len(sections) - 1:
            # Every section but the last ends with a paragraph holding its w:sectPr.
            if not parts or not parts[-1].startswith("<w:p><w:pPr>") or "<w:framePr" in parts[-1]:
                parts.append("<w:p><w:pPr></w:pPr></w:p>")
            end = parts.pop().replace("</w:pPr>", SECTION_BREAK + "</w:pPr>", 1)
        skeleton.append(_PLACE.format(len(pieces)) + end)
        pieces.append("".join(parts))
    doc = _with_body(template, "".join(skeleton))
    for word_section, section in zip(doc.sections, sections, strict=True):
        setup_section(word_section, section.orientation, profile)
    page_numbers(doc, doc.sections[0], profile)
    after_landscape = False
    for index, (word_section, section) in enumerate(zip(doc.sections, sections, strict=True)):
        if section.orientation in ("colophon", "blank"):
            colophon_page(word_section, section.orientation, profile.double_sided)
        elif section.orientation == "landscape":
            landscape_page_numbers(word_section, profile, 100 + 2 * index)
        elif after_landscape:  # portrait again: its own portrait footers
            page_numbers(doc, word_section, profile)
        after_landscape = section.orientation == "landscape"
    props = doc.core_properties
    props.title = document.title
    props.author = document.office
    return doc, pieces


def _spliced(doc: WordDocument, pieces: list[str]) -> bytes:
    """The document part's XML with each placeholder replaced by its section's blocks."""
    xml = serialize_part_xml(doc.part.element)
    for index, piece in enumerate(pieces):
        xml = xml.replace(_PLACE.format(index).encode("utf-8"), piece.encode("utf-8"), 1)
    return xml


class _SplicedPart(DocumentPart):
    """The document part whose XML is written with its sections' blocks spliced in."""

    pieces: list[str]

    @property
    def blob(self) -> bytes:
        return _spliced(self.document, self.pieces)


def _with_body(doc: WordDocument, content: str) -> WordDocument:
    """``doc`` with ``content`` as its body before the final w:sectPr, parsed in one go.

    Moving a large parsed fragment into another lxml tree costs seconds per thousand rows
    (namespace reconciliation); parsing the whole document text once costs milliseconds.
    """
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    text = lxml.etree.tostring(doc.element, encoding="unicode")
    cut = text.rindex("<w:sectPr")
    root = parse_xml(text[:cut] + content + text[cut:])
    part = doc.part
    part._element = root
    rebuilt: WordDocument = part.document
    return rebuilt


def write(document: Document, path: Path) -> None:
    """Write ``document`` as a .docx at ``path`` (atomically: no half-written file on failure)."""
    with gc_paused():
        doc, pieces = _skeleton(document)
        part = doc.part
        part.__class__ = _SplicedPart
        cast(_SplicedPart, part).pieces = pieces
        try:
            with atomic_path(path) as temp:
                doc.save(str(temp))
        except OSError as exc:
            raise OutputError(f"无法写入 {path}：{exc}") from None
