"""Limits every reader of someone else's file enforces before parsing it, and their checks.

A ledger, a config or a returned form may come from anyone. Before a reader parses a file it
calls ``check_path`` (a regular file, not too large: never a FIFO, a device or a folder) and,
for a zip-based format (.xlsx, .docx), ``check_zip`` (member count, uncompressed sizes and
compression ratios read from the zip directory, encrypted Office files, DTDs in XML parts).
Readers then enforce the row, column, text and YAML limits below while they read.

Every limit is a module constant; ``REPORTGEN_MAX_FILE_MB`` in the environment overrides the
file size limit (see docs/security.md, 读取台账的限制).
"""
from __future__ import annotations

import codecs
import os
import stat
import zipfile
import zlib
from pathlib import Path

from reportgen.errors import DataError, ReportgenError


def _env_mb(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


MB = 1024 * 1024
# Any input file: larger files are refused before a byte is read.
MAX_FILE_BYTES = _env_mb("REPORTGEN_MAX_FILE_MB", 100) * MB
# Zip archives (.xlsx, .docx): as the zip directory declares them, checked before reading.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_MEMBER_BYTES = 200 * MB  # one uncompressed part that the reader streams
MAX_XML_PART_BYTES = 4 * MB  # one XML part that a library parses whole (styles, workbook…)
MAX_ZIP_TOTAL_BYTES = 400 * MB  # all parts together, uncompressed
MAX_ZIP_RATIO = 100  # uncompressed ÷ compressed, for parts over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 * MB
# Tables (XLSX, CSV): what one sheet may hold.
MAX_ROWS = 200_000
MAX_COLUMNS = 256  # Excel 2003's IV; a ledger has about a dozen
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_CELLS = 2_000_000  # table cells of one imported document (.docx tables, .xls sheets)
MAX_TEXT_CHARS = 50_000_000  # all cell texts of a sheet together
# YAML (ledgers and configs): checked on the composed node graph, aliases counted as expanded.
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 2_000_000  # composed nodes (about 100 MB of ledger)
MAX_YAML_EXPANSION = 100_000  # nodes that aliases (*) and merge keys (<<) add when expanded
MAX_YAML_ALIASES = 10_000
# Office formats' own limits, checked before rendering (writers would refuse them later).
MAX_PROPERTY_CHARS = 255  # Word/Excel document properties (title, author)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def check_path(path: Path, kind: str = "台账", error: type[ReportgenError] = DataError) -> int:
    """Refuse a path that is not a regular file of at most MAX_FILE_BYTES; return its size.

    Uses ``stat`` only, so a FIFO or a device (/dev/zero) is refused without being opened.
    ``kind`` names the file in the message (台账, 配置, 填报表…); ``error`` is the class raised.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"找不到{kind}文件 {path}") from None
    except OSError as exc:
        raise error(f"无法读取{kind}文件 {path}：{exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path} 是文件夹，不是{kind}文件")
    if not stat.S_ISREG(info.st_mode):
        what = ("命名管道（FIFO）" if stat.S_ISFIFO(info.st_mode)
                else "设备文件" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "套接字" if stat.S_ISSOCK(info.st_mode) else "特殊文件")
        raise error(f"{path} 是{what}，不是普通文件，拒绝读取")
    if info.st_size > MAX_FILE_BYTES:
        raise error(f"{kind}文件 {path} 有 {_mb(info.st_size)}，超过上限 {_mb(MAX_FILE_BYTES)}"
                    "（可用环境变量 REPORTGEN_MAX_FILE_MB 调整）")
    return info.st_size


def ole_kind(path: Path) -> str | None:
    """For an OLE2 container: "encrypted" (an Office file with a password), else "legacy"
    (an old .xls/.doc); None for any other file."""
    with path.open("rb") as stream:
        if stream.read(len(_OLE_MAGIC)) != _OLE_MAGIC:
            return None
        tail = b""
        while chunk := stream.read(MB):
            if _ENCRYPTED_STREAM in tail + chunk:
                return "encrypted"
            tail = chunk[-len(_ENCRYPTED_STREAM):]
    return "legacy"


def check_zip(path: Path, kind: str = "Excel", error: type[ReportgenError] = DataError,
              streamed: tuple[str, ...] = ()) -> None:
    """Refuse a zip-based Office file before any part is decompressed for parsing.

    Checks, from the zip directory alone: the number of parts, each part's and the total
    uncompressed size, and the compression ratio of large parts (zip bombs). XML parts whose
    names start with one of ``streamed`` (parts the reader streams, like worksheets) may reach
    MAX_ZIP_MEMBER_BYTES; other XML parts, which libraries parse whole into memory, only
    MAX_XML_PART_BYTES. Python's zipfile
    never returns more bytes than the directory declares, so these sizes bound what a reader
    gets. Then reads only the head of each XML part and refuses a DTD (<!DOCTYPE, <!ENTITY):
    Office never writes one, and entities are how XML bombs and external fetches work.
    An OLE2 file (a password-protected .xlsx/.docx, or an old .xls/.doc) is refused by name.
    """
    ole = ole_kind(path)
    if ole == "encrypted":
        raise error(f"{kind}文件 {path} 设置了打开密码（已加密），无法读取。请用密码打开后去掉"
                    "密码再保存：WPS 中“文件 › 文档加密 › 密码加密”，清空“打开文件密码”后点“应用”；"
                    "Excel 中“文件 › 信息 › 保护工作簿 › 用密码进行加密”，清空密码后确定；然后重试")
    if ole == "legacy":
        raise error(f"{kind}文件 {path} 实为旧版 Office 格式（.xls/.doc），请在 WPS 或 Excel 中"
                    "“另存为”新格式（.xlsx/.docx）后重试")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise error(f"{kind}文件 {path} 含 {len(members)} 个部件，超过上限 {MAX_ZIP_MEMBERS}")
            total = 0
            for info in members:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                whole = (info.filename.lower().endswith(_XML_SUFFIXES)
                         and not (streamed and info.filename.startswith(streamed)))
                if whole and info.file_size > MAX_XML_PART_BYTES:
                    raise error(f"{kind}文件 {path} 的部件 {info.filename} 解压后有 "
                                f"{_mb(info.file_size)}，超过上限 {_mb(MAX_XML_PART_BYTES)}"
                                "（常见原因：样式或名称过多；可在 WPS/Excel 中把内容复制到新工作簿"
                                "后另存），拒绝读取")
                if (info.file_size > MAX_ZIP_MEMBER_BYTES or total > MAX_ZIP_TOTAL_BYTES
                        or (info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_ZIP_RATIO)):
                    raise error(f"{kind}文件 {path} 的部件 {info.filename} 解压后有 "
                                f"{_mb(info.file_size)}（压缩比 {ratio:.0f}:1），超过读取上限"
                                f"（单个部件 {_mb(MAX_ZIP_MEMBER_BYTES)}，合计 "
                                f"{_mb(MAX_ZIP_TOTAL_BYTES)}，压缩比 {MAX_ZIP_RATIO}:1），"
                                "疑为压缩炸弹，拒绝读取")
            for info in members:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    _check_xml_head(archive, info, path, kind, error)
    except zipfile.BadZipFile as exc:
        raise error(f"无法读取{kind}文件 {path}：不是有效的 {path.suffix.lower()} 文件"
                    f"（不是 zip 压缩包：{exc}）") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error) as exc:
        raise error(f"{kind}文件 {path} 已损坏或无法解压（{exc}）") from None


def _check_xml_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, kind: str,
                    error: type[ReportgenError]) -> None:
    """Refuse one XML part whose prolog (all before the root element) holds a DTD, or cannot
    be read as declarations and comments: a strict reading, so no encoding trick hides one."""
    with archive.open(info) as stream:
        head = stream.read(64 * 1024)
    problem = _prolog_problem(head)
    if problem:
        raise error(f"{kind}文件 {path} 的部件 {info.filename} {problem}，拒绝读取")


def _prolog_problem(head: bytes) -> str | None:
    """What is wrong with the prolog at the start of an XML part, or None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "replace")
    elif head[:1] == b"\x00" or head[1:2] == b"\x00":
        text = head.decode("utf-16-be" if head[:1] == b"\x00" else "utf-16-le", "replace")
    else:
        text = head.decode("utf-8", "replace")
    text = text.lstrip("\ufeff")
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position >= len(text):
            return None if len(head) < 64 * 1024 else "开头过长（64 KB 内没有根元素）"
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opening, position):
                end = text.find(closing, position + len(opening))
                if end == -1:
                    return "开头的声明或注释没有结束（64 KB 内）"
                position = end + len(closing)
                break
        else:
            if text.startswith("<!", position):
                return "含 DTD 或实体声明（Office 从不写入，可能是 XML 实体攻击）"
            following = text[position + 1:position + 2]
            if text[position] == "<" and following and (following.isalpha() or following in "_:"):
                return None
            return "开头不是 XML（无法识别的编码或内容）"


__all__ = [
    "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_PROPERTY_CHARS", "MAX_ROWS",
    "MAX_TEXT_CHARS", "MAX_XML_PART_BYTES", "MAX_YAML_ALIASES", "MAX_YAML_DEPTH", "MAX_YAML_EXPANSION",
    "MAX_YAML_NODES", "MAX_ZIP_MEMBERS", "MAX_ZIP_MEMBER_BYTES", "MAX_ZIP_RATIO",
    "MAX_ZIP_TOTAL_BYTES", "check_path", "check_zip", "ole_kind",
]
