"""Reading parts of untrusted Office files: size-bounded reads and XML without entities.

The file and zip checks (size on disk, member count, uncompressed sizes, compression ratios,
DTDs, password-protected files) are loaders.limits'; this module adds what an importer needs
after them: a per-format size limit, a read of one part that never returns more than
MAX_PART_BYTES whatever the zip directory says, and an lxml parse with no DTD, no entities and
no network.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_FILE_BYTES, check_path, check_zip

MAX_PART_BYTES = 64 * 1024 * 1024  # one part an importer parses whole (word/document.xml)
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_file(path: Path, kind: str, limit: int = MAX_FILE_BYTES) -> int:
    """The file's size after limits.check_path; a DataError if it is empty or over ``limit``."""
    size = check_path(path, kind)
    if size == 0:
        raise DataError(f"{kind}文件 {path} 是空的")
    if size > limit:
        raise DataError(f"{kind}文件 {path} 过大（{size // 1024 // 1024} MB，"
                        f"上限 {limit // 1024 // 1024} MB）")
    return size


def open_zip(path: Path, kind: str, parsed: tuple[str, ...] = ()) -> zipfile.ZipFile:
    """A zip archive that passed limits.check_zip; ``parsed`` parts are bounded by read_part."""
    check_file(path, kind)
    check_zip(path, kind, streamed=parsed)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(f"无法读取{kind}文件 {path}：不是有效的文件（{exc}）") from None


def read_part(archive: zipfile.ZipFile, name: str, path: Path, kind: str) -> bytes | None:
    """One member's bytes, at most MAX_PART_BYTES however its header is filled in; None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise DataError(f"{kind}文件 {path} 的部件 {name} 过大（{info.file_size // 1024 // 1024} MB）")
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"无法读取{kind}文件 {path} 的部件 {name}：{exc}") from None
    if len(data) > MAX_PART_BYTES:
        raise DataError(f"{kind}文件 {path} 的部件 {name} 解压后超过上限（疑为压缩炸弹）")
    return data


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(data: bytes, where: str) -> Any:
    """An lxml element tree root; a document with a DTD or entity declarations is refused."""
    if _DECLARATION.search(data):
        raise DataError(f"{where} 含 DTD 或实体声明，出于安全原因拒绝读取")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise DataError(f"{where} 不是有效的 XML：{exc}") from None
    if root.getroottree().docinfo.doctype:
        raise DataError(f"{where} 含 DTD，出于安全原因拒绝读取")
    return root
