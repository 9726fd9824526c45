"""A .docx read for checking: sections, paragraphs with their effective formatting, footers.

Formatting is resolved the way Word does it: document defaults, then the paragraph style chain
(basedOn), then the character style chain, then direct formatting on the paragraph or run;
theme fonts (``w:eastAsiaTheme``) are looked up in the theme part.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TWIPS_MM = 1440 / 25.4

Props = dict[str, str]


def _val(element: _Element | None, attr: str = "val") -> str | None:
    return None if element is None else element.get(W + attr)


def run_props(rpr: _Element | None) -> Props:
    """The run properties we check, as written in one w:rPr (nothing inherited)."""
    out: Props = {}
    if rpr is None:
        return out
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        for key, attr in (("ea", "eastAsia"), ("ea_theme", "eastAsiaTheme"), ("ascii", "ascii"),
                          ("ascii_theme", "asciiTheme")):
            value = fonts.get(W + attr)
            if value is not None:
                out[key] = value
        # an explicit name wins over a theme font written on the same element and vice versa
        if "ea" in out and "ea_theme" not in out:
            out["ea_theme"] = ""
        if "ea_theme" in out and out["ea_theme"] and "ea" not in out:
            out["ea"] = ""
    for key, tag in (("sz", "sz"), ("color", "color"), ("spacing", "spacing")):
        value = _val(rpr.find(W + tag))
        if value is not None:
            out[key] = value
    bold = rpr.find(W + "b")
    if bold is not None:
        out["b"] = "0" if _val(bold) in ("0", "false", "off") else "1"
    return out


def para_props(ppr: _Element | None) -> Props:
    """The paragraph properties we check, as written in one w:pPr."""
    out: Props = {}
    if ppr is None:
        return out
    jc = _val(ppr.find(W + "jc"))
    if jc is not None:
        out["jc"] = jc
    ind = ppr.find(W + "ind")
    if ind is not None:
        for attr in ("left", "start", "leftChars", "right", "end", "rightChars", "firstLine",
                     "firstLineChars", "hanging", "hangingChars"):
            value = ind.get(W + attr)
            if value is not None:
                out["ind_" + attr] = value
    spacing = ppr.find(W + "spacing")
    if spacing is not None:
        for attr in ("line", "lineRule"):
            value = spacing.get(W + attr)
            if value is not None:
                out[attr] = value
    snap = ppr.find(W + "snapToGrid")
    if snap is not None:
        out["snap"] = "0" if _val(snap) in ("0", "false", "off") else "1"
    borders = ppr.find(W + "pBdr")
    if borders is not None:
        for side in ("top", "bottom"):
            line = borders.find(W + side)
            if line is not None and _val(line) not in (None, "nil", "none"):
                out[f"bdr_{side}"] = f"{line.get(W + 'sz', '4')}:{line.get(W + 'color', 'auto')}"
    return out


@dataclass
class Style:
    """One w:style: its base, its own paragraph and run properties."""

    kind: str
    based_on: str | None
    ppr: Props
    rpr: Props
    name: str


@dataclass
class Run:
    """A run's text with its effective properties."""

    text: str
    props: Props


@dataclass
class Paragraph:
    """A paragraph of the body (or a footer) with effective properties and runs."""

    style: str | None
    props: Props
    runs: list[Run]
    in_table: bool = False
    fields: list[str] = field(default_factory=list)  # field instructions (PAGE, …)
    has_drawing_line: str | None = None  # colour of a drawn line/shape in the paragraph
    in_text_box: bool = False  # inside a text box (w:txbxContent), placed on the page by its frame

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Section:
    """A section's page: size, orientation flag, margins (mm), grid, footers."""

    width_mm: float
    height_mm: float
    orient: str | None
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    footer_mm: float
    grid_type: str | None
    grid_pitch_twips: int | None
    grid_char_space: int | None
    footers: dict[str, str]  # type (default/even/first) -> part name


@dataclass
class WordDoc:
    """Everything the structural rules look at."""

    sections: list[Section]
    paragraphs: list[Paragraph]
    footers: dict[str, list[Paragraph]]  # part name -> paragraphs
    even_odd: bool
    styles: dict[str, Style]
    external_targets: list[str]  # relationships pointing outside the package
    normal_size: float = 10.5  # the default paragraph style's size: the base of the char grid


class Resolver:
    """Resolves a paragraph's and a run's effective properties through the style chains."""

    def __init__(self, styles_root: _Element | None, theme_root: _Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.doc_rpr: Props = {}
        self.doc_ppr: Props = {}
        self.theme = _theme_fonts(theme_root)
        if styles_root is None:
            return
        defaults = styles_root.find(W + "docDefaults")
        if defaults is not None:
            self.doc_rpr = run_props(defaults.find(f"{W}rPrDefault/{W}rPr"))
            self.doc_ppr = para_props(defaults.find(f"{W}pPrDefault/{W}pPr"))
        for element in styles_root.iter(W + "style"):
            sid = element.get(W + "styleId")
            if not sid:
                continue
            kind = element.get(W + "type", "paragraph")
            self.styles[sid] = Style(kind, _val(element.find(W + "basedOn")),
                                     para_props(element.find(W + "pPr")),
                                     run_props(element.find(W + "rPr")),
                                     _val(element.find(W + "name")) or sid)
            if element.get(W + "default") in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "character":
                    self.default_char = sid

    def _chain(self, sid: str | None) -> list[Style]:
        chain: list[Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen and len(chain) < 50:
            seen.add(sid)
            chain.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return list(reversed(chain))

    def paragraph(self, style: str | None, direct: Props) -> tuple[Props, Props]:
        """Effective (paragraph props, run props inherited by its runs)."""
        ppr = dict(self.doc_ppr)
        rpr = dict(self.doc_rpr)
        for st in self._chain(style or self.default_para):
            ppr.update(st.ppr)
            rpr.update(st.rpr)
        ppr.update(direct)
        return ppr, rpr

    def run(self, inherited: Props, rstyle: str | None, direct: Props) -> Props:
        rpr = dict(inherited)
        for st in self._chain(rstyle or self.default_char):
            rpr.update(st.rpr)
        rpr.update(direct)
        if rpr.get("ea_theme"):
            rpr["ea"] = self.theme.get(rpr["ea_theme"], "") or rpr.get("ea", "")
            rpr["ea_source"] = "theme"
        return rpr


def _theme_fonts(theme: _Element | None) -> dict[str, str]:
    """minorEastAsia / majorEastAsia etc. -> typeface (the Hans script font if ea is empty)."""
    out: dict[str, str] = {}
    if theme is None:
        return out
    for kind in ("minor", "major"):
        scheme = theme.find(f".//{A}{kind}Font")
        if scheme is None:
            continue
        ea = scheme.find(A + "ea")
        name = ea.get("typeface", "") if ea is not None else ""
        if not name:
            for font in scheme.findall(A + "font"):
                if font.get("script") == "Hans":
                    name = font.get("typeface", "")
        out[f"{kind}EastAsia"] = name
        latin = scheme.find(A + "latin")
        out[f"{kind}HAnsi"] = latin.get("typeface", "") if latin is not None else ""
    return out
