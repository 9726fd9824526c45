"""Read a PDF's pages into what the rendered-page rules measure: characters with position, size
and font, wide drawn rules, and which fonts are embedded."""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.check.safety import check_file
from reportgen.errors import DataError

MM = 72 / 25.4  # points per millimetre
MAX_PAGES = 2000
MAX_STREAM_BYTES = 256 * 1024 * 1024  # one stream, inflated
MAX_INFLATED_BYTES = 1024 * 1024 * 1024  # all streams, inflated
_STREAM = re.compile(rb"stream\r?\n")
PAGE_NUMBER = re.compile(r"^[—\-－–]+\s*(\d+)\s*[—\-－–]+$")


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    red: bool
    upright: bool = True


@dataclass
class Rule:
    """A drawn line or thin rectangle: position, thickness (pt), whether red."""

    x0: float
    x1: float
    top: float
    bottom: float
    red: bool

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Page:
    index: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule] = field(default_factory=list)

    @property
    def portrait(self) -> bool:
        return self.height > self.width


@dataclass
class PdfFacts:
    pages: list[Page]
    unembedded: list[str]  # font names used without an embedded font program


def _red(colour: Any) -> bool:
    if isinstance(colour, (list, tuple)) and len(colour) == 3:
        try:
            r, g, b = (float(c) for c in colour)
        except (TypeError, ValueError):
            return False
        return r > 0.75 and g < 0.45 and b < 0.45
    return False


def lines_of(chars: list[Char], tol: float = 2.0) -> list[list[Char]]:
    """Characters grouped into text lines by their baseline, each left to right."""
    rows: dict[int, list[Char]] = defaultdict(list)
    for c in chars:
        rows[round(c.bottom / tol)].append(c)
    return [sorted(rows[k], key=lambda c: c.x0) for k in sorted(rows)]


def text(line: list[Char]) -> str:
    return "".join(c.text for c in line)


def check_streams(path: Path) -> None:
    """Refuse a PDF whose Flate streams inflate beyond the limits (a decompression bomb),
    inflating each in bounded steps before any PDF library inflates it whole."""
    data = path.read_bytes()
    total = 0
    for match in _STREAM.finditer(data):
        if b"Fl" not in data[max(0, match.start() - 400):match.start()]:
            continue
        end = data.find(b"endstream", match.end())
        chunk = data[match.end():end if end > 0 else len(data)]
        inflater = zlib.decompressobj()
        size = 0
        try:
            while chunk and size <= MAX_STREAM_BYTES:
                size += len(inflater.decompress(chunk, 16 * 1024 * 1024))
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue  # not Flate after all, or damaged: the reader decides
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_INFLATED_BYTES:
            raise DataError(f"{path} 中的数据流解压后过大（疑似压缩炸弹），拒绝读取")


def read_pdf(path: Path) -> PdfFacts:
    """Every page's characters and rules; a broken, encrypted or hostile PDF is a DataError."""
    import pdfplumber  # imported here: only the check command needs it

    check_file(path, "PDF ")
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise DataError(f"{path} 不是 PDF 文件（文件头没有 %PDF-）")
    check_streams(path)
    pages: list[Page] = []
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise DataError(f"{path} 有 {len(pdf.pages)} 页，超过检查上限 {MAX_PAGES} 页")
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(_page(number, page))
                page.close()
    except DataError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise DataError(f"{path} 已加密（有打开密码），无法检查：请另存一份不加密的 PDF") from None
        raise DataError(f"{path} 无法读取：PDF 已损坏或格式不对（{name}）") from None
    return PdfFacts(pages, _unembedded(path))


def _page(number: int, page: Any) -> Page:
    chars = [Char(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]),
                  round(float(c["size"]), 2), str(c.get("fontname", "")),
                  _red(c.get("non_stroking_color")), bool(c.get("upright", True)))
             for c in page.chars if c.get("text", "").strip()]
    rules = []
    for obj in list(page.lines) + list(page.rects) + list(page.curves):
        top, bottom = float(obj["top"]), float(obj["bottom"])
        x0, x1 = float(obj["x0"]), float(obj["x1"])
        if x1 - x0 < 30 * MM:
            continue
        red = _red(obj.get("stroking_color")) or (obj.get("fill") and _red(
            obj.get("non_stroking_color")))
        if bottom - top <= 3:
            rules.append(Rule(x0, x1, top, bottom, bool(red)))
        else:  # a box: its top and bottom edges count as rules
            rules.append(Rule(x0, x1, top, top, bool(red)))
            rules.append(Rule(x0, x1, bottom, bottom, bool(red)))
    return Page(number, float(page.width), float(page.height), chars, rules)


def _unembedded(path: Path) -> list[str]:
    """Names of fonts in the page resources that carry no embedded font program."""
    from pypdf import PdfReader

    missing: set[str] = set()
    try:
        reader = PdfReader(str(path))
        for page in reader.pages[:MAX_PAGES]:
            resources = page.get("/Resources")
            fonts = resources.get_object().get("/Font") if resources else None
            if not fonts:
                continue
            for ref in fonts.get_object().values():
                font = ref.get_object()
                if font.get("/Subtype") == "/Type3":
                    continue
                target = font
                if font.get("/Subtype") == "/Type0" and font.get("/DescendantFonts"):
                    target = font["/DescendantFonts"].get_object()[0].get_object()
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))
    except Exception:  # pypdf raises many kinds on a damaged file; pdfplumber read it already
        return sorted(missing)
    return sorted(missing)
