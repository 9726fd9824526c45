"""The cleaning fast paths (texts without markup or odd spaces) give what the full passes give."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.loaders import clean

# Plain CJK text plus every character some pass acts on: tags, entities, bookmarks, breaks,
# odd spaces, hidden and bidi characters.
ALPHABET = st.sampled_from(list("任务进展区财政局，。ab 1") + list("<>/&;[]:pbrdivspan") + [
    "&nbsp;", "<br>", "</p><p>", "[bookmark: x]", "\r", "\r\n", "\n", "\x0b", "\x85", "\u2028",
    "\t", "\u00a0", "\u3000", "\u2002", "\u202f", "  ", "\u200b", "\u202e", "\ufeff", "\x07"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=400)
@given(TEXTS)
def test_strip_markup_fast_path_is_the_full_pass(text: str) -> None:
    assert clean._strip_markup(text) == clean._strip_all(text)


@settings(max_examples=400)
@given(TEXTS)
def test_lines_fast_path_is_the_full_pass(text: str) -> None:
    assert clean._lines(text) == clean._lines_all(text)


def test_plain_text_is_returned_as_it_is() -> None:
    text = "紧盯专项债券项目储备工作，争取更多项目资金。"
    assert clean._strip_markup(text) is text
    assert clean.clean_text("progress", text) == text
