"""Fitting a notice to its pages (GB/T 9704 7.3.5): data-chars in the vocabulary and both writers."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.document import Document
from reportgen.errors import TemplateError
from reportgen.model import DEFAULT_SCALE
from reportgen.pipeline.duban import plan
from reportgen.profile import load_profile
from reportgen.vocabulary_blocks import Para
from reportgen.vocabulary_reader import parse
from reportgen.writers import css
from reportgen.writers.docx import write as write_docx
from reportgen.writers.fit import _layout, _number, fit

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08" / "督办.yaml"


@pytest.fixture(scope="module")
def notices() -> dict[str, Document]:
    """The example's notices as rendered before fitting, by unit."""
    import datetime as dt

    from reportgen.pipeline.duban import _render, duban_spec

    config, _, found, _, ledger = plan(EXAMPLE)
    profile = load_profile()
    return {n.unit: _render(n, duban_spec(config), ledger, config, profile, dt.date(2022, 11, 12))
            for n in found}


def _pages(document: Document) -> list[list[tuple[str | None, int]]]:
    """Per page: the class and block number of each body-size line."""
    pages = _layout(_number(document.html, {}, mark=True), document)
    return [[(line.cls, line.block) for line in page.lines if abs(line.size - 16) < 0.6]
            for page in pages]


def test_fit_fills_a_short_inner_page(notices: dict[str, Document]) -> None:
    before = _pages(notices["湛河新区指挥部"])
    assert len(before[1]) == 21  # 三、办理时限 keeps with its line and leaves page 2 short
    fitted = fit(notices["湛河新区指挥部"])
    chars = re.findall(r'<p data-chars="(\d+)">', fitted.html)
    assert len(chars) == 1 and int(chars[0]) < 28  # one paragraph set a little looser
    pages = _layout(_number(fitted.html, {}, mark=True), fitted)
    assert len([line for line in pages[1].lines if abs(line.size - 16) < 0.6]) == 22


def test_fit_keeps_body_text_with_the_signature(notices: dict[str, Document]) -> None:
    before = _pages(notices["区住建局"])
    assert {cls for cls, _ in before[3]} == {"signature", "date"}  # the 落款 alone on page 4
    fitted = fit(notices["区住建局"])
    after = _layout(_number(fitted.html, {}, mark=True), fitted)
    last = [line for line in after[3].lines]
    assert [line.cls for line in last][-2:] == ["signature", "date"]
    assert any(line.cls is None for line in last)
    assert [len([x for x in p.lines if abs(x.size - 16) < 0.6]) for p in after[1:3]] == [22, 22]


def test_a_notice_that_fits_is_left_alone(notices: dict[str, Document]) -> None:
    document = notices["区发改委"]
    assert fit(document).html == document.html


def test_both_writers_honour_data_chars(notices: dict[str, Document], tmp_path: Path) -> None:
    profile = load_profile()
    text = css.stylesheet(profile, DEFAULT_SCALE, {"仿宋_GB2312": ["FandolFang"]})
    rule = re.search(r'section > p\[data-chars="26"\]:not\(\[class\]\) \{ letter-spacing: '
                     r"([-\d.]+)pt; text-indent: ([-\d.]+)pt; \}", text)
    assert rule is not None
    assert float(rule.group(1)) == pytest.approx(-0.21 + 442.2 / 26 - 442.2 / 28, abs=0.01)
    fitted = fit(notices["湛河新区指挥部"])
    chars = int(re.findall(r'<p data-chars="(\d+)">', fitted.html)[0])
    [para] = [b for s in parse(fitted.html) for b in s.blocks
              if isinstance(b, Para) and b.chars is not None]
    assert para.chars == chars
    write_docx(fitted, tmp_path / "n.docx")
    word = docx.Document(str(tmp_path / "n.docx"))
    spaced = [p for p in word.paragraphs
              if p._p.xpath("./w:r/w:rPr/w:spacing") and p.style.name == "公文正文"]
    assert len(spaced) == 1
    value = int(spaced[0]._p.xpath("./w:r/w:rPr/w:spacing")[0].get(qn("w:val")))
    expected = -0.25 + 442.2 / chars - 442.2 / 28
    assert value == round(expected * 20) and value > -5  # looser than the body's -5 twips
    # Word styles: no widow control, the signature keeps with the date
    styles = word.styles
    assert styles["公文正文"].element.pPr.find(qn("w:widowControl")).get(qn("w:val")) == "0"
    assert styles["署名"].element.pPr.find(qn("w:keepNext")) is not None


@pytest.mark.parametrize(("html", "message"), [
    ('<p class="signature" data-chars="26">x</p>', "只能用于正文段落"),
    ('<p data-chars="12">x</p>', "24 到 32"),
    ('<p data-chars="26.5">x</p>', "24 到 32"),
    ('<p data-chars="-1">x</p>', "24 到 32"),
    ('<p data-chars="2" data-fit-block="3">x</p>', "data-fit-block"),
])
def test_data_chars_is_checked(html: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse(f'<html><body><section class="portrait">{html}</section></body></html>')
    assert message in str(info.value)
