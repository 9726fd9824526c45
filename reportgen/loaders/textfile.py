"""Reading a text ledger file (YAML, CSV): existence, binary content and encoding detection."""
from __future__ import annotations

import codecs
from pathlib import Path

from reportgen.errors import DataError, ReportgenError
from reportgen.loaders.limits import check_path

# Tried in this order; GB18030 is a superset of GBK and GB2312, the usual encodings of
# CSV files saved by Excel or WPS on a Chinese Windows.
ENCODINGS = ("utf-8-sig", "gb18030")


def read_bytes(path: Path, kind: str, error: type[ReportgenError] = DataError) -> bytes:
    """The file's bytes; an error in Chinese if it is missing, not a regular file, too large,
    unreadable or empty (checked before reading: see limits.check_path)."""
    check_path(path, kind, error)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"无法读取{kind}文件 {path}：{exc.strerror or exc}") from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise error(f"{kind}文件 {path} 是空的")
    return data


def decode(data: bytes, path: Path, kind: str,
           error: type[ReportgenError] = DataError) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-16 by its BOM, else UTF-8, else GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data:
        hint = "（看起来是 Excel 文件，请把后缀改为 .xlsx）" if data.startswith(b"PK") else ""
        raise error(f"{kind}文件 {path} 是二进制文件，不是文本{hint}")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise error(
        f"无法识别{kind}文件 {path} 的编码：既不是 UTF-8，也不是 GBK/GB18030。"
        "请在 Excel 或 WPS 中“另存为”UTF-8 编码的 CSV 后重试"
    )


def read_text(path: Path, kind: str) -> str:
    """The decoded text of a ledger file, or a DataError naming the file."""
    text, _ = decode(read_bytes(path, kind), path, kind)
    if not text.strip():
        raise DataError(f"{kind}文件 {path} 是空的")
    return text
