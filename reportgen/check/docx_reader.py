"""Read a .docx (safely) into the small model the structural rules check: ``WordDoc``."""
from __future__ import annotations

import posixpath
from pathlib import Path

from lxml.etree import _Element

from reportgen.check.safety import SafeZip, parse_xml
from reportgen.check.wordml import (
    PKG_REL,
    TWIPS_MM,
    A,
    Paragraph,
    Resolver,
    Run,
    Section,
    W,
    WordDoc,
    para_props,
    run_props,
)
from reportgen.errors import DataError

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
V = "{urn:schemas-microsoft-com:vml}"
MAX_PARAGRAPHS = 200_000
# Relationship types that make an office program fetch their target when it opens the document.
FETCHING = ("image", "oleObject", "attachedTemplate", "frame", "subDocument", "package")


# Strict Open XML (Word's "Strict" save format) names the same elements in other namespaces.
STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main":
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships":
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/drawingml/main":
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
}


def _xml(package: SafeZip, name: str) -> _Element:
    data = package.read(name)
    if b"purl.oclc.org/ooxml" in data:
        for strict, transitional in STRICT.items():
            data = data.replace(strict, transitional)
    return parse_xml(data, f"{package.path} 的部件 {name}")


def _rels(package: SafeZip, part: str) -> dict[str, tuple[str, str, bool]]:
    """Relationships of a part: id -> (type, target part name or URL, external)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not package.has(rels_name):
        return {}
    out = {}
    for rel in _xml(package, rels_name).iter(PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        out[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
    return out


def _main_part(package: SafeZip) -> str:
    if package.has("_rels/.rels"):
        for _, (kind, target, _external) in _rels(package, "").items():
            if kind.rsplit("/", 1)[-1] == "officeDocument":
                return target
    return "word/document.xml"


def _mm(value: str | None, default: float = 0.0) -> float:
    try:
        return int(value or "") / TWIPS_MM
    except ValueError:
        return default


def _section(sect_pr: _Element, rels: dict[str, tuple[str, str, bool]]) -> Section:
    size = sect_pr.find(W + "pgSz")
    margin = sect_pr.find(W + "pgMar")
    grid = sect_pr.find(W + "docGrid")

    def attr(element: _Element | None, name: str) -> str | None:
        return None if element is None else element.get(W + name)

    def integer(value: str | None) -> int | None:
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None

    footers = {}
    for ref in sect_pr.findall(W + "footerReference"):
        rel = rels.get(ref.get(R_ID, ""))
        if rel and not rel[2]:
            footers[ref.get(W + "type", "default")] = rel[1]
    return Section(
        width_mm=_mm(attr(size, "w"), 215.9), height_mm=_mm(attr(size, "h"), 279.4),
        orient=attr(size, "orient"),
        top_mm=abs(_mm(attr(margin, "top"), 25.4)), bottom_mm=abs(_mm(attr(margin, "bottom"), 25.4)),
        left_mm=_mm(attr(margin, "left"), 31.75) + _mm(attr(margin, "gutter")),
        right_mm=_mm(attr(margin, "right"), 31.75), footer_mm=_mm(attr(margin, "footer"), 12.7),
        grid_type=attr(grid, "type"), grid_pitch_twips=integer(attr(grid, "linePitch")),
        grid_char_space=integer(attr(grid, "charSpace")), footers=footers)


def _drawn_line_colour(p: _Element) -> str | None:
    """The colour of a line or shape drawn inside a paragraph (VML or DrawingML), if any."""
    for element in p.iter(V + "line", V + "shape", V + "rect"):
        colour = element.get("strokecolor") or element.get("fillcolor")
        if colour:
            return str(colour)
    for ln in p.iter(A + "ln"):
        rgb = ln.find(f"{A}solidFill/{A}srgbClr")
        if rgb is not None:
            return str(rgb.get("val", ""))
    return None


def _paragraph(p: _Element, resolver: Resolver, in_table: bool) -> Paragraph:
    ppr_el = p.find(W + "pPr")
    style = None
    if ppr_el is not None:
        ps = ppr_el.find(W + "pStyle")
        style = ps.get(W + "val") if ps is not None else None
    ppr, inherited = resolver.paragraph(style, para_props(ppr_el))
    runs: list[Run] = []
    fields: list[str] = []
    for r in p.iter(W + "r"):
        if next(r.iterancestors(W + "p"), None) is not p:
            continue  # a run of a paragraph nested in a text box: read with that paragraph
        rpr_el = r.find(W + "rPr")
        rstyle = None
        if rpr_el is not None:
            rs = rpr_el.find(W + "rStyle")
            rstyle = rs.get(W + "val") if rs is not None else None
        props = resolver.run(inherited, rstyle, run_props(rpr_el))
        text = []
        for child in r:
            if child.tag == W + "t":
                text.append(child.text or "")
            elif child.tag == W + "tab":
                text.append("\t")
            elif child.tag == W + "instrText":
                fields.append((child.text or "").strip())
        if text:
            runs.append(Run("".join(text), props))
    for simple in p.iter(W + "fldSimple"):
        if next(simple.iterancestors(W + "p"), None) is p:
            fields.append((simple.get(W + "instr") or "").strip())
    in_box = next(p.iterancestors(W + "txbxContent"), None) is not None
    return Paragraph(style, ppr, runs, in_table, fields, _drawn_line_colour(p), in_box)


def _paragraphs(root: _Element, resolver: Resolver) -> list[Paragraph]:
    out: list[Paragraph] = []
    for p in root.iter(W + "p"):
        if len(out) >= MAX_PARAGRAPHS:
            break
        in_table = any(a.tag == W + "tc" for a in p.iterancestors())
        out.append(_paragraph(p, resolver, in_table))
    return out


def read_docx(path: Path) -> WordDoc:
    """The checkable model of a .docx; a broken or hostile file is a ``DataError``."""
    package = SafeZip(path)
    try:
        main = _main_part(package)
        if not package.has(main):
            raise DataError(f"{path} 不是 Word 文档（缺少正文部件 {main}）")
        rels = _rels(package, main)
        styles_part = next((t for k, t, e in rels.values() if k.endswith("/styles") and not e),
                           None)
        theme_part = next((t for k, t, e in rels.values() if k.endswith("/theme") and not e),
                          None)
        settings_part = next((t for k, t, e in rels.values() if k.endswith("/settings")
                              and not e), None)
        styles = _xml(package, styles_part) if styles_part and package.has(styles_part) else None
        theme = _xml(package, theme_part) if theme_part and package.has(theme_part) else None
        resolver = Resolver(styles, theme)
        document = _xml(package, main)
        body = document.find(W + "body")
        if body is None:
            raise DataError(f"{path} 的正文部件没有 w:body，不是 Word 文档")
        sections = [_section(s, rels) for s in body.iter(W + "sectPr")]
        if not sections:
            sections = [_section(body.makeelement(W + "sectPr"), rels)]
        footers = {}
        for target in {t for s in sections for t in s.footers.values()}:
            if package.has(target):
                footers[target] = _paragraphs(_xml(package, target), resolver)
        even_odd = False
        if settings_part and package.has(settings_part):
            flag = _xml(package, settings_part).find(W + "evenAndOddHeaders")
            even_odd = flag is not None and flag.get(W + "val") not in ("0", "false", "off")
        external = [t for k, t, e in rels.values() if e and k.rsplit("/", 1)[-1] in FETCHING]
        normal = resolver.paragraph(None, {})[1].get("sz", "")
        return WordDoc(sections, _paragraphs(body, resolver), footers, even_odd,
                       resolver.styles, external, int(normal) / 2 if normal.isdigit() else 10.5)
    finally:
        package.close()
