"""Helpers of the input-limit tests: hostile files, and the CLI run under a memory limit."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

MEMORY_LIMIT = 300 * 1024 * 1024  # address space of the whole child process, imports included
CPU_SECONDS = 5  # CPU time of the whole child, start-up included (SIGXCPU past it)

# The child sets its limits before importing anything of ours, then runs the CLI.
_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
from reportgen.cli import main
main(sys.argv[1:])
"""


@dataclass
class Run:
    """What a limited CLI run returned."""

    code: int
    out: str
    err: str


def run_limited(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
                memory: int = MEMORY_LIMIT) -> Run:
    """``reportgen ARGS`` in a child process limited to ``memory`` bytes of address space and
    CPU_SECONDS of CPU time. The wall-clock timeout only guards against a hang (a FIFO read)."""
    code = _CHILD.format(memory=memory, cpu=CPU_SECONDS)
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "400", **(env or {})}
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                          text=True, env=environment, cwd=cwd, timeout=120, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def assert_refused(run: Run, code: int, *phrases: str) -> None:
    """A clean refusal: the exit status, each phrase in the Chinese message, no traceback."""
    assert "Traceback" not in run.err and "MemoryError" not in run.err, run.err[-2000:]
    assert run.code == code, (run.code, run.err[-2000:])
    assert run.err.startswith("错误："), run.err[-2000:]
    for phrase in phrases:
        assert phrase in run.err, (phrase, run.err[-2000:])


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def sample_xlsx(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A small valid ledger workbook written by openpyxl."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["序号", "工作任务", "牵头单位", "进展情况", "完成情况"],
                        [1, "任务甲", "区财政局", "已完成。", "积极"]]:
        sheet.append(row)
    book.save(path)
    return path


def replace_parts(source: Path, target: Path, parts: dict[str, bytes],
                  compresslevel: int = 9) -> Path:
    """A copy of the workbook ``source`` with some parts replaced or added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
            buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as new:
        for info in old.infolist():
            if info.filename not in parts:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in parts.items():
            new.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def sheet_xml(rows: bytes, dimension: str = "A1:E2", tail: bytes = b"") -> bytes:
    return (SHEET_HEAD + f'<dimension ref="{dimension}"/>'.encode() + b"<sheetData>" + rows
            + b"</sheetData>" + tail + b"</worksheet>")


def inline_row(number: int, *texts: str) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
                    for i, t in enumerate(texts))
    return f'<row r="{number}">{cells}</row>'.encode()


HEADER_ROWS = inline_row(1, "序号", "工作任务", "牵头单位", "进展情况", "完成情况") + inline_row(
    2, "1", "任务甲", "区财政局", "已完成。", "积极")


def shared_strings_parts(source: Path, sst: bytes) -> dict[str, bytes]:
    """Parts that give the workbook ``source`` a shared-string table (openpyxl writes none)."""
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="'
                          "application/vnd.openxmlformats-officedocument.spreadsheetml."
                          'sharedStrings+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.'
                        "openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
                        '" Target="sharedStrings.xml"/></Relationships>')
    return {"[Content_Types].xml": types.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
            "xl/sharedStrings.xml": sst}


XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
LAUGHS_DTD = (b'<!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                         for i in range(9))
              + b"]>")
SST = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
       b'uniqueCount="1"><si><t>&j;</t></si></sst>')


def ole_file(path: Path, *streams: str) -> Path:
    """An OLE2 compound file header followed by directory entries with these stream names
    (enough for the check, which looks for the EncryptedPackage entry)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
                       for name in ("Root Entry", *streams))
    path.write_bytes(header.ljust(512, b"\x00") + entries.ljust(4096, b"\x00"))
    return path


def add_bomb_member(path: Path, name: str = "xl/media/image1.png", megabytes: int = 300) -> Path:
    """Append to the zip ``path`` a member of ``megabytes`` of spaces (a few hundred KB on disk)."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as member:
        block = b" " * (1024 * 1024)
        for _ in range(megabytes):
            member.write(block)
    return path
