"""Open a document from anyone safely: size limits, zip-bomb checks, XML without entities.

The file check is the loaders' shared one (``reportgen.loaders.limits.check_path``). Its zip
check is tuned to spreadsheets (a 4 MB cap on some parts would refuse long Word documents), so
the zip directory, each part (read with a hard cap) and its XML (no DTD, no entities) are
checked here. Every refusal is
a ``DataError`` (exit 2) with a Chinese message naming the file.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import lxml.etree
from lxml.etree import _Element

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_FILE_BYTES, check_path

MAX_ENTRIES = 5000  # parts in a .docx
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts read, uncompressed
MAX_RATIO = 200  # uncompressed / compressed size of one part larger than 1 MB

_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               dtd_validation=False, huge_tree=False, remove_comments=True,
                               remove_pis=True)


def check_file(path: Path, kind: str = "文档") -> int:
    """The size of a regular file that may be read (the loaders' shared limits): never a FIFO,
    a device or a folder, never larger than the file limit."""
    size = check_path(path, kind)
    if size == 0:
        raise DataError(f"{path} 是空文件，无法检查")
    return size


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _refuse_ole(path: Path) -> None:
    """A password-protected .docx, or an old .doc renamed, is an OLE2 file: say which."""
    with path.open("rb") as stream:
        if stream.read(len(_OLE_MAGIC)) != _OLE_MAGIC:
            return
        data = stream.read(MAX_FILE_BYTES)
    if _ENCRYPTED in data:
        raise DataError(f"{path} 设置了打开密码（已加密），无法检查：请在 WPS 中“文件 › 文档加密 › "
                        "密码加密”清空打开密码，或在 Word 中“文件 › 信息 › 保护文档 › 用密码进行加密”"
                        "清空密码，保存后再检查")
    raise DataError(f"{path} 实为旧版 Word 格式（.doc），请在 WPS 或 Word 中“另存为 .docx”后再检查")


class SafeZip:
    """A .docx (zip) package whose parts are read with limits, and parsed without entities."""

    def __init__(self, path: Path) -> None:
        self.path = path
        check_file(path, "Word ")
        _refuse_ole(path)
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise DataError(f"{path} 不是有效的 Word 文档（.docx 应是 zip 包；文件已损坏，"
                            "或是改了扩展名的 .doc/.wps：请在 Word/WPS 中“另存为 .docx”）") from None
        if len(infos) > MAX_ENTRIES:
            raise DataError(f"{path} 含 {len(infos)} 个部件，超过上限 {MAX_ENTRIES}，拒绝读取")
        self._infos = {info.filename: info for info in infos}
        declared = sum(info.file_size for info in infos)
        if declared > MAX_TOTAL_BYTES:
            raise DataError(f"{path} 解压后有 {declared // (1024 * 1024)} MB，超过上限"
                            f" {MAX_TOTAL_BYTES // (1024 * 1024)} MB（疑似压缩炸弹），拒绝读取")
        self._read_total = 0

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """One part's bytes, read with a hard cap (the sizes in the zip header may lie)."""
        info = self._infos.get(name)
        if info is None:
            raise DataError(f"{self.path} 缺少部件 {name}，不是完整的 Word 文档")
        if info.flag_bits & 0x1:
            raise DataError(f"{self.path} 已加密（设了打开密码）：请在 Word/WPS 中"
                            "“文件 › 信息 › 保护文档 › 用密码加密”清除密码后再检查")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DataError(f"{self.path} 的部件 {name} 压缩比异常（疑似压缩炸弹），拒绝读取")
        limit = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self._read_total)
        try:
            with self._zip.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
                NotImplementedError):
            raise DataError(f"{self.path} 的部件 {name} 已损坏，无法读取") from None
        if len(data) > limit:
            raise DataError(f"{self.path} 的部件 {name} 解压后超过上限（疑似压缩炸弹），拒绝读取")
        self._read_total += len(data)
        return data

    def xml(self, name: str) -> _Element:
        """One part parsed as XML: no DTD, no entities, no network."""
        return parse_xml(self.read(name), f"{self.path} 的部件 {name}")


def parse_xml(data: bytes, where: str) -> _Element:
    """Parse XML from someone else; a DTD or entity declaration is refused, not expanded."""
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data or b"<\x00!\x00D\x00O\x00C" in head:
        raise DataError(f"{where} 含 DTD 或实体声明（Word 文档不会有，疑似恶意文件），拒绝读取")
    try:
        root = lxml.etree.fromstring(data, _PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        raise DataError(f"{where} 不是有效的 XML：{exc.msg}") from None
    if root is None:
        raise DataError(f"{where} 是空的 XML")
    if root.getroottree().docinfo.doctype:
        raise DataError(f"{where} 含 DTD 或实体声明（Word 文档不会有，疑似恶意文件），拒绝读取")
    return root
