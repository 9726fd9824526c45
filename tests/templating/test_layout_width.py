"""text_width counted at C speed gives the per-character sum it replaced."""
from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from reportgen.templating.layout import text_width


def per_character(text: str, size: float) -> float:
    return sum(size * (0.5 if ord(ch) < 0x2000 else 1.0) for ch in text)


@given(st.text(alphabet=st.sampled_from(list("aZ9 ,.\x00\u00e9\u1fff\u2000“”、—…任务进展\U0001f600"))),
       st.sampled_from([9.0, 10.5, 12.0, 14.0, 16.0, 10.3]))
def test_width_is_the_per_character_sum(text: str, size: float) -> None:
    assert math.isclose(text_width(text, size), per_character(text, size), abs_tol=1e-9)


def test_examples() -> None:
    assert text_width("序号", 12.0) == 24.0
    assert text_width("No.1", 12.0) == 24.0
    assert text_width("“甲”—", 10.0) == 40.0
