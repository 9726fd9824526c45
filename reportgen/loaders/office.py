"""Legacy office formats (.doc, .wps, .et) converted through LibreOffice, then read as OOXML.

LibreOffice runs headless with a throwaway profile in a temporary folder (set to fetch
nothing a document links to), on a copy of the file, with a time limit; the converted file is
read by the .docx or .xlsx reader with all of their limits. Without LibreOffice the user is
told what to install or how to save the file.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reportgen.errors import DataError
from reportgen.loaders.safety import check_file

T = TypeVar("T")
TIMEOUT_SECONDS = 180

# The throwaway profile's settings: a document from someone else must not make LibreOffice
# fetch what it links to (an "HTML saved as .doc" pulls its images and style sheets while
# loading). Every protocol goes through a proxy on the loopback discard port, where nothing
# answers, and links from untrusted documents are blocked.
_NO_NETWORK = "".join(
    f'<item oor:path="/org.openoffice.{path}"><prop oor:name="{name}" oor:op="fuse">'
    f"<value>{value}</value></prop></item>"
    for path, name, value in [
        ("Inet/Settings", "ooInetProxyType", "1"),
        *[("Inet/Settings", f"ooInet{kind}Proxy{key}", value)
          for kind in ("HTTP", "HTTPS", "FTP") for key, value in (("Name", "127.0.0.1"),
                                                                   ("Port", "9"))],
        ("Inet/Settings", "ooInetNoProxy", ""),
        ("Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ])
_PROFILE = ('<?xml version="1.0" encoding="UTF-8"?><oor:items '
            'xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{_NO_NETWORK}</oor:items>')


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


# What a legacy office file begins with: an OLE2 compound file (Word 97-2003, WPS, ET), RTF,
# an OOXML zip or Word 2003 XML. A web page named .doc (what web systems export as "Word") is
# not converted: LibreOffice opens it as Writer/Web, which cannot write .docx, after reading
# the style sheets it links to, local files included.
_MAGIC = (b"\xd0\xcf\x11\xe0", b"{\\rtf", b"PK\x03\x04", b"<?xml")


def _refuse_unknown(path: Path, suffix: str) -> None:
    with path.open("rb") as stream:
        head = stream.read(1024).lstrip(b"\xef\xbb\xbf\r\n\t ")
    text = head.lower()
    if head.startswith(_MAGIC) and b"<html" not in text:  # XHTML is a web page too
        return
    what = "网页（HTML）" if text.startswith((b"<", b"mime-version")) else "不认识的内容"
    raise DataError(f"{path} 不是 Word/WPS 文档（{suffix}），而是{what}：请用 WPS 或 Word 打开它，"
                    "另存为 .docx（表格另存为 .xlsx）后再导入")


def with_converted(path: Path, read: Callable[[Path], T], target: str) -> T:
    """Convert ``path`` to ``target`` (docx, xls) in a temporary folder; ``read`` the result."""
    suffix = path.suffix.lower()
    check_file(path, "文档")
    _refuse_unknown(path, suffix)
    program = soffice()
    if program is None:
        raise DataError(f"读取 {suffix} 文件需要 LibreOffice（未安装）：请安装 LibreOffice，"
                        f"或在 WPS/Word 中把 {path.name} 另存为 .{target} 后再导入")
    with tempfile.TemporaryDirectory(prefix="reportgen-office-") as folder:
        work = Path(folder)
        source = work / f"input{suffix}"
        shutil.copyfile(path, source)
        (work / "profile" / "user").mkdir(parents=True)
        (work / "profile" / "user" / "registrymodifications.xcu").write_text(_PROFILE, "utf-8")
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", target, "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT_SECONDS,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DataError(f"LibreOffice 转换 {path} 超时（{TIMEOUT_SECONDS} 秒）") from None
        except OSError as exc:
            raise DataError(f"无法运行 LibreOffice 转换 {path}：{exc}") from None
        converted = work / "out" / f"input.{target}"
        if not converted.is_file():
            raise DataError(f"LibreOffice 无法转换 {path}：文件可能已损坏，或不是 {suffix} 文档")
        return read(converted)
