"""pdf_join._stamp: a page number goes into the page's own stream only when that is safe."""
from __future__ import annotations

from pypdf.generic import DecodedStreamObject, EncodedStreamObject

from reportgen.writers.pdf_join import _stamp

LAYER = b"BT /F1 12 Tf <0012> Tj ET"


def _flate(data: bytes) -> EncodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


def test_the_layer_follows_the_page_wrapped_in_q_and_Q() -> None:
    stream = _flate(b"1 0 0 -1 0 595 cm\n0 0 m 10 10 l S")
    stamped: set[int] = set()
    assert _stamp(stream, LAYER, stamped)
    assert stream.decoded_self is None  # no decoded copy kept in memory
    assert stream["/Filter"] == "/FlateDecode"  # still compressed
    assert stream.get_data() == b"q\n1 0 0 -1 0 595 cm\n0 0 m 10 10 l S\nQ\n" + LAYER


def test_a_stream_is_stamped_once_and_only_a_plain_flate_stream() -> None:
    stream = _flate(b"0 0 m")
    stamped: set[int] = set()
    assert _stamp(stream, LAYER, stamped)
    assert not _stamp(stream, LAYER, stamped)  # shared by two pages: each needs its own layer
    assert stream.get_data() == b"q\n0 0 m\nQ\n" + LAYER
    plain = DecodedStreamObject()
    plain.set_data(b"0 0 m")
    assert not _stamp(plain, LAYER, stamped)
    assert plain.get_data() == b"0 0 m"
