"""Join the parts of a parallel PDF: number layers laid over their pages, each font embedded once.

Every part embeds its own subset of each font. WeasyPrint subsets with the glyph ids kept
(``RETAIN_GIDS``) and names each font by a stable hash of its description, so the same font has
the same resource name and the same glyph ids in every part: one font object made from the union
of the parts' glyphs, widths and Unicode maps serves all pages. It is built by WeasyPrint's own
``build_fonts_dictionary`` from the whole font file each worker saved, so the joined file embeds
what a single pass would. A font whose parts disagree (glyphs missing from every font get ids in
the order they were met) keeps its per-part copies.

The file is written by ``pdf_compact`` (page dictionaries in object streams, a cross-reference
stream), as WeasyPrint writes a single pass; the TrimBox and BleedBox that only repeat the
MediaBox (their default) are dropped.

A number page is laid over its page by appending its content stream to the page's own, that one
wrapped in ``q``/``Q`` so that no graphics state leaks into the numbers; nothing is parsed or
redrawn. The number goes into the page's stream itself (decompressed, joined, compressed again):
as a stream of its own it cost some 240 bytes a page (object, compression header, table entry),
in the page's stream some 30.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportgen.writers.pdf_parallel import Part

_HARFBUZZ_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data,
                          void *destroy);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_blob_destroy(hb_blob_t *blob);
"""
_HB_MEMORY_MODE_DUPLICATE = 0
_harfbuzz: Any = None


def _face(data: bytes, index: int) -> Any:
    """A HarfBuzz face of a font file, typed for WeasyPrint's own bindings."""
    global _harfbuzz
    import cffi
    from weasyprint.text.ffi import _dlopen, ffi, harfbuzz

    if _harfbuzz is None:
        own = cffi.FFI()
        own.cdef(_HARFBUZZ_CDEF)
        _harfbuzz = (own, _dlopen(own, "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
                                  "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"))
    own, lib = _harfbuzz
    blob = lib.hb_blob_create(data, len(data), _HB_MEMORY_MODE_DUPLICATE, own.NULL, own.NULL)
    face = lib.hb_face_create(blob, index)
    lib.hb_blob_destroy(blob)  # the face holds its own reference
    pointer = ffi.cast("hb_face_t *", int(own.cast("uintptr_t", face)))
    return ffi.gc(pointer, harfbuzz.hb_face_destroy)


def _merge_states(states: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One font state for all parts, or None when they cannot share one font object."""
    if any(s.get("bitmap") or "source" not in s or s.get("used_in_forms") for s in states):
        return None
    missing = [s["missing"] for s in states if s["missing"]]
    if any(m != missing[0] for m in missing):
        return None
    merged = dict(states[0])
    merged["widths"] = {k: v for s in states for k, v in s["widths"].items()}
    merged["to_unicode"] = {k: v for s in states for k, v in s["to_unicode"].items()}
    merged["missing"] = missing[0] if missing else {}
    return merged


def merged_fonts(parts: list[Part]) -> bytes | None:
    """A small PDF whose catalog's ``/RGFonts`` holds one font dictionary per shared font."""
    import pydyf
    from weasyprint.pdf.fonts import Font, build_fonts_dictionary

    by_key: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        for key, state in part.fonts.items():
            by_key.setdefault(key, []).append(state)
    fonts = {}
    for key, states in by_key.items():
        merged = _merge_states(states)
        if merged is None:
            continue
        state = merged
        font = Font.__new__(Font)
        vars(font).update(state)
        font.file_content = Path(state["source"]).read_bytes()
        try:
            font.hb_face = _face(font.file_content, state["index"])
        except (OSError, AttributeError):  # no HarfBuzz to load it with: keep per-part fonts
            return None
        fonts[key] = font
    if not fonts:
        return None
    pdf = pydyf.PDF()
    dictionary = build_fonts_dictionary(pdf, fonts, True, True,
                                        {"hinting": False, "pdf_version": None})
    pdf.add_object(dictionary)
    pdf.catalog["RGFonts"] = dictionary.reference
    out = io.BytesIO()
    pdf.write(out, compress=True)
    return out.getvalue()


def _stream(writer: Any, data: bytes, compress: bool = False) -> Any:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode() if compress else stream)


def _contents(page: Any) -> list[Any]:
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents.get_object(), ArrayObject):
        return list(contents.get_object())
    return [contents]


def _add_resources(writer: Any, resources: Any, extra: Any) -> None:
    """Resources of a number layer added to a page's (same names mean the same thing)."""
    from pypdf.generic import DictionaryObject, NameObject

    for kind, entries in extra.items():
        if not isinstance(entries.get_object(), DictionaryObject):
            continue
        have = resources.get(kind)
        if have is None:
            have = resources[NameObject(kind)] = DictionaryObject()
        have = have.get_object()
        for key, value in entries.get_object().items():
            if key not in have:
                have[NameObject(key)] = value.clone(writer)


def _stamp(stream: Any, layer: bytes, stamped: set[int]) -> bool:
    """Append a number layer to a page's own compressed stream; False: it cannot take it."""
    from pypdf.generic import EncodedStreamObject

    if (not isinstance(stream, EncodedStreamObject) or stream.get("/Filter") != "/FlateDecode"
            or "/DecodeParms" in stream or id(stream) in stamped):
        return False
    stamped.add(id(stream))
    stream.set_data(b"q\n" + stream.get_data() + b"\nQ\n" + layer)
    stream.decoded_self = None  # keep only the compressed copy in memory
    return True


def join(parts: list[Part], numbers_part: Part, templates: list[tuple[str, int]],
         fonts_pdf: bytes | None, target: Path) -> bool:
    """Write the parts' pages in order to ``target``, numbered and with shared fonts.

    False (and nothing written) when the page numbers cannot be stamped (pdf_numbers.plan).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    from reportgen.writers import pdf_compact
    from reportgen.writers.pdf_numbers import plan

    numbers = plan(PdfReader(numbers_part.out), templates, numbers_part.fonts)
    if numbers is None:
        return False
    writer = PdfWriter()
    shared: dict[str, Any] = {}
    if fonts_pdf is not None:
        root: Any = PdfReader(io.BytesIO(fonts_pdf)).trailer["/Root"]
        source = root["/RGFonts"]
        shared = {key: value for key, value in source.clone(writer).items()}
    push: Any = None
    pop: Any = None
    stamped: set[int] = set()  # content streams that hold their page's number
    metadata = None
    number = 0
    for part in parts:
        reader: Any = PdfReader(part.out)
        if metadata is None:
            metadata = reader.metadata
        seen: set[int] = set()
        for page in reader.pages:  # drop the part's copies of the shared fonts before cloning
            fonts = page["/Resources"].get_object().get("/Font")
            if fonts is not None and id(fonts.get_object()) not in seen:
                seen.add(id(fonts.get_object()))
                for key in shared:
                    fonts.get_object().pop(NameObject(key), None)
        start = len(writer.pages)
        writer.append(reader, import_outline=True)
        added: list[Any] = list(writer.pages[start:])
        for page, (name, blank) in zip(added, part.pages, strict=True):
            number += 1
            for box in ("/TrimBox", "/BleedBox"):  # the MediaBox by default: 90 bytes a page
                if box in page and list(page[box]) == list(page["/MediaBox"]):
                    del page[box]
            resources = page["/Resources"].get_object()
            fonts = resources.get("/Font")
            if fonts is None:
                fonts = resources[NameObject("/Font")] = DictionaryObject()
            fonts = fonts.get_object()
            for key, value in shared.items():
                fonts.setdefault(NameObject(key), value)
            layer = None if blank else numbers.layer(number, name)
            if layer is None:
                continue
            _add_resources(writer, resources, layer.resources)
            own = _contents(page)
            if len(own) == 1 and _stamp(own[0].get_object(), layer.data, stamped):
                continue
            if push is None:  # several streams (or one shared): the layer as a stream of its own
                push, pop = _stream(writer, b"q\n"), _stream(writer, b"Q\n")
            page[NameObject("/Contents")] = ArrayObject(
                [push, *own, pop, _stream(writer, layer.data, compress=True)])
    if metadata:
        writer.add_metadata(dict(metadata))
    with open(target, "wb") as out:
        pdf_compact.write(writer, out)
    return True
