"""Stage one for Word: a .docx file into the block stream, numbering and merges resolved.

Reads word/document.xml (with styles.xml and numbering.xml) straight from the zip after the
zip-bomb checks, with an XML parser that loads no DTD and resolves no entity. Paragraphs keep
the number Word prints for automatic numbering; tables become rectangular grids where
``gridSpan`` and ``vMerge`` are resolved; text boxes, deleted text and field codes are skipped.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportgen.errors import DataError
from reportgen.loaders.blocks import BlockStream, Grid, GridCell, Para
from reportgen.loaders.limits import MAX_CELLS
from reportgen.loaders.safety import open_zip, parse_xml, read_part
from reportgen.numerals import cn_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_LEVEL = 8  # Word's list levels are 0-8 (w:ilvl)
MAX_START = 32767  # the largest start value Word accepts for a list level
MAX_COLUMNS = 1000  # grid columns of a table row (Word itself stops at 63)
# Containers whose text is not the paragraph's own (text boxes, alternative renderings).
_SKIP = {W + "txbxContent", W + "pPr", W + "rPr", W + "delText", W + "instrText", W + "moveFrom",
         _MC_FALLBACK, W + "footnoteReference", W + "commentReference"}


class Malformed(Exception):
    """A number in the document's XML that Word would not write; read_docx_blocks names the file."""


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(W + "val") if found is not None else None


def _int(value: str | None, default: int, high: int, what: str, low: int = 0) -> int:
    """An integer attribute of Word's XML within [low, high]; Malformed names it otherwise."""
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise Malformed(f"{what}应为整数，而不是“{value[:20]}”") from None
    if not low <= number <= high:
        raise Malformed(f"{what}为 {number}，超出 Word 允许的范围 {low}–{high}")
    return number


def _format(value: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero"):
        return str(value) if fmt == "decimal" else f"{value:02d}"
    if fmt.startswith(("chineseCounting", "ideographDigital", "japaneseCounting",
                       "taiwaneseCounting")):
        return cn_number(value)
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= 26:
        letter = chr(ord("A") + value - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalEnclosedCircle" and 0 < value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    return str(value)


class Numbering:
    """Counters of Word's automatic numbering, giving the text a numbered paragraph shows."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract → lvl → spec
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iter(W + "lvl"):
                start = _int(_val(lvl, W + "start"), 1, MAX_START, "numbering.xml 中编号的起始值")
                levels[_int(lvl.get(W + "ilvl"), 0, MAX_LEVEL, "numbering.xml 中编号的级别")] = (
                    start, _val(lvl, W + "numFmt") or "decimal", _val(lvl, W + "lvlText") or "")
            self.levels[abstract.get(W + "abstractNumId", "")] = levels
        for num in root.iter(W + "num"):
            overrides = {_int(o.get(W + "ilvl"), 0, MAX_LEVEL, "numbering.xml 中编号的级别"):
                         _int(_val(o, W + "startOverride"), 1, MAX_START,
                              "numbering.xml 中编号的起始值")
                         for o in num.iter(W + "lvlOverride")
                         if o.find(W + "startOverride") is not None}
            self.nums[num.get(W + "numId", "")] = (_val(num, W + "abstractNumId") or "",
                                                    overrides)

    def label(self, num_id: str, level: int) -> str:
        """The next number of list ``num_id`` at ``level`` ("1.", "（一）"), "" for bullets."""
        abstract, overrides = self.nums.get(num_id, ("", {}))
        levels = self.levels.get(abstract)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        start = overrides.get(level, levels[level][0])
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = levels[level][2]
        if levels[level][1] in ("bullet", "none"):
            return ""
        for lvl, (lvl_start, fmt, _) in levels.items():
            if f"%{lvl + 1}" in text:
                text = text.replace(f"%{lvl + 1}", _format(counters.get(lvl, lvl_start), fmt))
        return text


class Styles:
    """What the paragraph styles say: heading or title, centred, numbering."""

    def __init__(self, root: Any | None) -> None:
        self.styles: dict[str, Any] = {}
        self._headings: dict[str | None, bool] = {}
        self._props: dict[tuple[str | None, str], Any | None] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            self.styles[style.get(W + "styleId", "")] = style

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style, W + "basedOn")

    def is_heading(self, style_id: str | None) -> bool:
        if style_id not in self._headings:
            self._headings[style_id] = self._is_heading(style_id)
        return self._headings[style_id]

    def _is_heading(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            name = (_val(style, W + "name") or "").lower()
            if name.startswith(("heading", "title", "标题")) or \
                    style.find(f"{W}pPr/{W}outlineLvl") is not None:
                return True
        return False

    def prop(self, style_id: str | None, path: str) -> Any | None:
        """The first ``w:pPr/path`` element along the style's basedOn chain (cached)."""
        key = (style_id, path)
        if key not in self._props:
            self._props[key] = next((found for style in self._chain(style_id)
                                     if (found := style.find(f"{W}pPr/{path}")) is not None),
                                    None)
        return self._props[key]


def _text(element: Any) -> str:
    """The visible text under an element: runs, tabs and line breaks, in document order."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "p":
                parts.append("\n")
                walk(child)
            else:
                walk(child)
    walk(element)
    return "".join(parts)


class _Reader:
    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.paragraph_count = 0
        self.table_count = 0
        self.blocks: list[Para | Grid] = []
        self.cells = 0  # grid cells so far, against MAX_CELLS

    def body(self, element: Any) -> None:
        for child in element:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                self.body(child)

    def number(self, ppr: Any, style_id: str | None) -> str:
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is None:
            num_pr = self.styles.prop(style_id, W + "numPr")
        if num_pr is None:
            return ""
        num_id = _val(num_pr, W + "numId")
        if not num_id or num_id == "0":
            return ""
        where = f"第{self.paragraph_count}段的编号级别"
        return self.numbering.label(num_id, _int(_val(num_pr, W + "ilvl"), 0, MAX_LEVEL, where))

    def paragraph_text(self, element: Any) -> tuple[str, bool, bool]:
        ppr = element.find(W + "pPr")
        style_id = _val(ppr, W + "pStyle")
        jc = _val(ppr, W + "jc")
        if jc is None:
            found = self.styles.prop(style_id, W + "jc")
            jc = found.get(W + "val") if found is not None else None
        heading = self.styles.is_heading(style_id) or (
            ppr is not None and ppr.find(W + "outlineLvl") is not None)
        text = _text(element)
        label = self.number(ppr, style_id) if text.strip() else ""
        return label + text, jc in ("center", "centre"), heading

    def paragraph(self, element: Any) -> None:
        self.paragraph_count += 1
        text, centred, heading = self.paragraph_text(element)
        where = f"第{self.paragraph_count}段"
        lines = [line for line in text.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            suffix = f"第{index + 1}行" if len(lines) > 1 else ""
            self.blocks.append(Para(line, where + suffix, centred, heading))

    def cell_text(self, cell: Any) -> str:
        lines: list[str] = []
        for child in cell:
            if child.tag == W + "p":
                lines.append(self.paragraph_text(child)[0])
            elif child.tag == W + "tbl":  # a nested table: its text, row by row
                lines.extend(_text(row).replace("\n", " ") for row in child.iter(W + "tr"))
            elif child.tag in (W + "sdt", W + "customXml"):
                lines.append(_text(child))
        return "\n".join(lines)

    def table(self, element: Any) -> None:
        self.table_count += 1
        grid = Grid([], f"表格{self.table_count}")
        open_merges: dict[int, tuple[int, int]] = {}  # column → origin of its vertical merge
        for row in element.iter(W + "tr"):
            if row.getparent() is not element and row.getparent().tag != W + "sdtContent":
                continue  # a nested table's row
            cells: list[GridCell] = []
            where = f"{grid.where}第{len(grid.rows) + 1}行"
            trpr = row.find(W + "trPr")
            before = _int(_val(trpr, W + "gridBefore"), 0, MAX_COLUMNS, f"{where}行首空出的列数")
            cells.extend(GridCell() for _ in range(before))
            for cell in row.iter(W + "tc"):
                if cell.getparent() is not row and cell.getparent().tag != W + "sdtContent":
                    continue
                cells.extend(self.cell(cell, len(grid.rows), len(cells), open_merges))
                if len(cells) > MAX_COLUMNS:
                    raise Malformed(f"{where}超过 {MAX_COLUMNS} 列，超过读取上限")
            grid.rows.append(cells)
            self.cells += len(cells)
        width = grid.width
        self.cells += sum(width - len(cells) for cells in grid.rows)
        if self.cells > MAX_CELLS:
            raise Malformed(f"{grid.where}：文档中表格的单元格超过读取上限 {MAX_CELLS:,} 个")
        for cells in grid.rows:
            cells.extend(GridCell() for _ in range(width - len(cells)))
        self.blocks.append(grid)

    def cell(self, cell: Any, row: int, column: int,
             open_merges: dict[int, tuple[int, int]]) -> list[GridCell]:
        tcpr = cell.find(W + "tcPr")
        span = max(1, _int(_val(tcpr, W + "gridSpan"), 1, MAX_COLUMNS,
                           f"表格{self.table_count}第{row + 1}行第{column + 1}列合并的列数（gridSpan）"))
        merge = tcpr.find(W + "vMerge") if tcpr is not None else None
        if merge is not None and merge.get(W + "val") in (None, "continue") \
                and column in open_merges:
            origin = open_merges[column]
            return [GridCell(covered=origin) for _ in range(span)]
        if merge is not None:
            open_merges[column] = (row, column)
        else:
            open_merges.pop(column, None)
        shading = tcpr.find(W + "shd") if tcpr is not None else None
        fill = shading.get(W + "fill") if shading is not None else None
        color = next((c.get(W + "val") for c in cell.iter(W + "color")
                      if c.get(W + "val") not in (None, "auto")), None)
        first = GridCell(self.cell_text(cell), _hex(fill), _hex(color))
        return [first] + [GridCell(covered=(row, column)) for _ in range(span - 1)]


def _hex(value: str | None) -> str | None:
    if not value or value.lower() == "auto" or len(value) != 6:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return value.upper()


def read_docx_blocks(path: Path) -> BlockStream:
    """The block stream of a .docx file; DataError if it is not one or breaks a limit."""
    kind = "Word"
    with open_zip(path, kind, ("word/document.xml",)) as archive:
        document = read_part(archive, "word/document.xml", path, kind)
        if document is None:
            raise DataError(f"{path} 不是 Word 文档（.docx）：缺少 word/document.xml")
        styles_xml = read_part(archive, "word/styles.xml", path, kind)
        numbering_xml = read_part(archive, "word/numbering.xml", path, kind)
    root = parse_xml(document, f"{path} 的 word/document.xml")
    styles = Styles(parse_xml(styles_xml, f"{path} 的 styles.xml") if styles_xml else None)
    body = root.find(W + "body")
    if body is None:
        raise DataError(f"{path} 不是有效的 Word 文档：没有正文")
    try:
        reader = _Reader(styles, Numbering(parse_xml(numbering_xml, f"{path} 的 numbering.xml")
                                           if numbering_xml else None))
        reader.body(body)
    except Malformed as exc:
        raise DataError(f"无法读取 Word 文档 {path}：{exc}") from None
    return BlockStream(str(path), reader.blocks)
