"""Limits for reading untrusted documents: file size, zip bombs and XML without entities.

Every import reader checks a file here before it parses it: the size on disk, a zip's member
count, the sum of its members' declared sizes and their compression ratios (before anything is
decompressed, then again while reading, since a header can lie), and XML parsed with no DTD,
no entities and no network.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from reportgen.errors import DataError

MAX_FILE_BYTES = 64 * 1024 * 1024  # a document file on disk
MAX_ZIP_MEMBERS = 5_000
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # all members together, as declared
MAX_PART_BYTES = 64 * 1024 * 1024  # one member that is read (document.xml, a sheet)
MAX_RATIO = 200  # uncompressed ÷ compressed size of a member larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def check_file(path: Path, kind: str, limit: int = MAX_FILE_BYTES) -> int:
    """The file's size; a DataError if it is missing, a folder, empty or over ``limit``."""
    if not path.exists():
        raise DataError(f"找不到{kind}文件 {path}")
    if path.is_dir():
        raise DataError(f"{path} 是文件夹，不是{kind}文件")
    size = path.stat().st_size
    if size == 0:
        raise DataError(f"{kind}文件 {path} 是空的")
    if size > limit:
        raise DataError(f"{kind}文件 {path} 过大（{size // 1024 // 1024} MB，"
                        f"上限 {limit // 1024 // 1024} MB）")
    return size


def open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """A zip archive whose declared sizes stay within the limits (checked before reading)."""
    check_file(path, kind)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(f"无法读取{kind}文件 {path}：不是有效的文件（{exc}）") from None
    try:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise DataError(f"{kind}文件 {path} 含 {len(members)} 个部件，超过上限 "
                            f"{MAX_ZIP_MEMBERS}（疑为压缩炸弹）")
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED_BYTES:
            raise DataError(f"{kind}文件 {path} 解压后有 {total // 1024 // 1024} MB，超过上限 "
                            f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB（疑为压缩炸弹）")
        for member in members:
            if member.file_size > RATIO_FLOOR and \
                    member.file_size > MAX_RATIO * max(1, member.compress_size):
                raise DataError(f"{kind}文件 {path} 的部件 {member.filename} 压缩比异常"
                                f"（{member.file_size // max(1, member.compress_size)} 倍，"
                                "疑为压缩炸弹）")
    except DataError:
        archive.close()
        raise
    return archive


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


_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


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
