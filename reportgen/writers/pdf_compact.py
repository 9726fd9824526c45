"""Write a pypdf document compactly: small objects in object streams, a cross-reference stream.

pypdf writes every object on its own with a 20-byte line in a cross-reference table, so a joined
PDF of 2,200 pages spent some 200 bytes a page more than WeasyPrint's own output on page
dictionaries and the table. Here every object that is not a stream goes into a compressed object
stream (PDF 1.5, section 7.5.7) of ``PER_STREAM`` objects, and the table into a compressed
cross-reference stream (7.5.8), as WeasyPrint (pydyf) and qpdf write them. The objects, their
numbers and their serialisation are pypdf's own; only the file's packing changes. The output
depends on nothing but the objects (no time, no random ID unless pypdf set one).
"""
from __future__ import annotations

import io
import zlib
from typing import Any, BinaryIO

PER_STREAM = 200  # objects per object stream: page dictionaries compress well together
_MIN_VERSION = "1.5"


def _width(value: int) -> int:
    """Bytes needed to hold ``value`` (at least one)."""
    return max(1, (value.bit_length() + 7) // 8)


def _header(writer: Any) -> bytes:
    """The file header, raised to PDF 1.5 when lower (object streams need it)."""
    header: str = writer.pdf_header
    version = header.removeprefix("%PDF-")
    if tuple(map(int, version.split("."))) < tuple(map(int, _MIN_VERSION.split("."))):
        header = f"%PDF-{_MIN_VERSION}"
    return header.encode() + b"\n%\xe2\xe3\xcf\xd3\n"


def _serialised(obj: Any) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def write(writer: Any, out: BinaryIO) -> None:
    """Write ``writer``'s document (a pypdf ``PdfWriter``, not encrypted) to ``out``."""
    from pypdf.generic import StreamObject

    if getattr(writer, "_encryption", None) or getattr(writer, "incremental", False):
        writer.write(out)  # neither is ever asked for here; pypdf's own layout then
        return
    resolve = getattr(writer, "_resolve_links", None)
    if resolve is not None:
        resolve()  # what pypdf's write does first: links to pages of the appended files
    objects: list[Any] = writer._objects
    entries: list[tuple[int, int, int]] = [(0, 0, 65535)] + [(0, 0, 0)] * len(objects)
    packed: list[tuple[int, bytes]] = []
    position = 0

    def emit(data: bytes) -> None:
        nonlocal position
        out.write(data)
        position += len(data)

    emit(_header(writer))
    for number, obj in enumerate(objects, start=1):
        if obj is None:
            continue
        if isinstance(obj, StreamObject):
            entries[number] = (1, position, 0)
            emit(b"%d 0 obj\n%s\nendobj\n" % (number, _serialised(obj)))
        else:
            packed.append((number, _serialised(obj)))
    next_number = len(objects) + 1
    for start in range(0, len(packed), PER_STREAM):
        group = packed[start:start + PER_STREAM]
        offsets, body, at = [], [], 0
        for index, (number, data) in enumerate(group):
            entries[number] = (2, next_number, index)
            offsets.append(b"%d %d" % (number, at))
            body.append(data)
            at += len(data) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(body) + b"\n")
        entries.append((1, position, 0))
        emit(b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
             b"stream\n%s\nendstream\nendobj\n" % (next_number, len(group), len(head),
                                                     len(data), data))
        next_number += 1
    entries.append((1, position, 0))  # the cross-reference stream itself
    size = len(entries)
    widths = (1, _width(max(e[1] for e in entries)), _width(max(e[2] for e in entries)))
    table = zlib.compress(b"".join(
        kind.to_bytes(widths[0], "big") + field.to_bytes(widths[1], "big")
        + extra.to_bytes(widths[2], "big") for kind, field, extra in entries))
    trailer = [b"/Type /XRef", b"/Size %d" % size, b"/W [%d %d %d]" % widths,
               b"/Root " + _serialised(writer.root_object.indirect_reference)]
    info = getattr(writer, "_info", None)
    if info is not None:
        trailer.append(b"/Info " + _serialised(info.indirect_reference))
    identifier = getattr(writer, "_ID", None)
    if identifier is not None:
        trailer.append(b"/ID " + _serialised(identifier))
    xref_at = position
    emit(b"%d 0 obj\n<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
         % (next_number, b" ".join(trailer), len(table), table))
    emit(b"startxref\n%d\n%%%%EOF\n" % xref_at)
