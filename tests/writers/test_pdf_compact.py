"""pdf_compact: a pypdf document written with object streams reads back the same everywhere."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from reportgen.writers import pdf_compact

PAGES = 450  # more than two object streams of PER_STREAM objects


def _writer(pages: int) -> PdfWriter:
    """``pages`` pages, each saying "Page N" in Helvetica, one font dictionary shared by all."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for number in range(1, pages + 1):
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 24 Tf 72 720 Td (Page {number}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
    writer.add_metadata({"/Title": "紧凑写出", "/Author": "某区督查局"})
    return writer


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compact") / "compact.pdf"
    with open(path, "wb") as out:
        pdf_compact.write(_writer(PAGES), out)
    return path


def test_every_page_reads_back_with_its_text_and_metadata(written: Path) -> None:
    reader = PdfReader(written, strict=True)
    assert len(reader.pages) == PAGES
    assert reader.metadata is not None and reader.metadata.title == "紧凑写出"
    assert reader.metadata.author == "某区督查局"
    assert [p.extract_text() for p in reader.pages] == [f"Page {n}" for n in range(1, PAGES + 1)]
    with pdfplumber.open(written) as doc:  # pdfminer: another reader of object streams
        assert [doc.pages[i].extract_text() for i in (0, 199, 200, PAGES - 1)] == \
            ["Page 1", "Page 200", "Page 201", f"Page {PAGES}"]


def test_small_objects_sit_in_object_streams_and_the_table_is_a_stream(written: Path) -> None:
    data = written.read_bytes()
    assert data.startswith(b"%PDF-1.5\n")  # raised from pypdf's 1.3: object streams need 1.5
    assert b"\nxref\n" not in data and b"trailer" not in data  # no classic table
    start = int(re.findall(rb"startxref\n(\d+)\n%%EOF", data)[-1])
    assert re.match(rb"\d+ 0 obj\n<< /Type /XRef ", data[start:])
    reader = PdfReader(written, strict=True)
    packed = reader.xref_objStm
    assert all(page.indirect_reference.idnum in packed for page in reader.pages)
    holders = {packed[page.indirect_reference.idnum][0] for page in reader.pages}
    assert len(holders) == -(-(PAGES + 3) // pdf_compact.PER_STREAM)  # + catalog, pages, info
    for number in holders:
        holder = reader.get_object(number)
        assert isinstance(holder, StreamObject) and holder["/Type"] == "/ObjStm"
        assert holder["/N"] <= pdf_compact.PER_STREAM


def test_poppler_reads_every_page_without_complaint(written: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    done = subprocess.run(["pdftotext", "-layout", str(written), "-"], capture_output=True,
                          check=True, timeout=60)
    assert done.stderr == b""
    pages = done.stdout.decode().split("\f")
    assert [p.strip() for p in pages if p.strip()] == [f"Page {n}" for n in range(1, PAGES + 1)]


def test_the_same_document_gives_the_same_bytes(tmp_path: Path) -> None:
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for path in paths:
        with open(path, "wb") as out:
            pdf_compact.write(_writer(20), out)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_a_freed_object_leaves_a_free_entry(tmp_path: Path) -> None:
    """An object pypdf dropped (None in its list) is no object of the file, its number free."""
    writer = _writer(3)
    orphan = writer._add_object(DictionaryObject({NameObject("/Orphan"): NameObject("/Yes")}))
    writer._objects[orphan.idnum - 1] = None
    path = tmp_path / "freed.pdf"
    with open(path, "wb") as out:
        pdf_compact.write(writer, out)
    reader = PdfReader(path, strict=True)
    assert orphan.idnum not in reader.xref_objStm
    assert [p.extract_text() for p in reader.pages] == ["Page 1", "Page 2", "Page 3"]
