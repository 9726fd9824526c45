"""Stage one for plain text: a .txt report into the block stream, its encoding detected.

UTF-16 by its byte-order mark, else UTF-8, else GB18030 (which includes GBK and GB2312).
Each non-empty line is a paragraph; consecutive lines with tabs under a header naming a task
column form a table grid (a table copied out of Word or Excel). Bytes that decode into mostly control or unassigned characters
are refused as binary, not imported as text.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from reportgen.errors import DataError
from reportgen.loaders.blocks import Block, BlockStream, Grid, GridCell, Para
from reportgen.loaders.fields import field_for
from reportgen.loaders.safety import check_file
from reportgen.loaders.textfile import decode

MAX_TEXT_BYTES = 16 * 1024 * 1024
JUNK_SHARE = 0.02  # more control, private-use or unassigned characters than this: binary


def _looks_binary(text: str) -> bool:
    sample = text[:200_000]
    if not sample:
        return False
    odd = sum(1 for c in sample if c not in "\n\r\t" and
              unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))
    return odd > JUNK_SHARE * len(sample)


def _rare_share(text: str) -> float:
    """Share of characters outside the common ranges of Chinese office text."""
    sample = [c for c in text[:200_000] if not c.isspace()]
    if not sample:
        return 0.0
    rare = sum(1 for c in sample if not (c.isascii() or "\u4e00" <= c <= "\u9fff"
                                         or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                                         or c in "“”‘’—…·、《》〔〕①②③④⑤⑥⑦⑧⑨⑩"))
    return rare / len(sample)


def split_lines(text: str, source: str) -> list[Block]:
    """Paragraphs and tab-separated grids from the lines of a text, each with its line number."""
    blocks: list[Block] = []
    table: list[tuple[int, str]] = []

    def flush() -> None:
        header = any(field_for(cell) == "task" for _, line in table[:3] for cell in line.split("\t"))
        if len(table) >= 2 and header:
            grid = Grid([], f"第{table[0][0]}-{table[-1][0]}行的表格")
            for _, line in table:
                grid.rows.append([GridCell(c.strip()) for c in line.split("\t")])
            for cells in grid.rows:
                cells.extend(GridCell() for _ in range(grid.width - len(cells)))
            blocks.append(grid)
        else:
            blocks.extend(Para(line.strip(), f"第{number}行") for number, line in table)
        table.clear()

    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if "\t" in line.strip():
            table.append((number, line))
            continue
        flush()
        if line.strip():
            blocks.append(Para(line.strip(), f"第{number}行"))
    flush()
    return blocks


def read_text_blocks(path: Path) -> BlockStream:
    """The block stream of a text file; DataError for binary content or an unknown encoding."""
    check_file(path, "文本", MAX_TEXT_BYTES)
    data = path.read_bytes()
    text, encoding = decode(data, path, "文本")
    if _looks_binary(text) or (encoding == "gb18030" and _rare_share(text) > 0.3):
        raise DataError(f"文本文件 {path} 看起来是二进制数据，不是文字（编码无法识别）")
    if not text.strip():
        raise DataError(f"文本文件 {path} 是空的")
    return BlockStream(str(path), split_lines(text.lstrip("\ufeff"), str(path)),
                       encoding=encoding)
