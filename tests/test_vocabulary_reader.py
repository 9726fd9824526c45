"""The vocabulary reader's table fast paths: white space, class caches, refusals."""
from __future__ import annotations

import pytest

from reportgen import vocabulary_reader
from reportgen.errors import TemplateError
from reportgen.vocabulary_blocks import Table
from reportgen.vocabulary_reader import parse


def _table_html(rows: str) -> str:
    return ('<html><head><meta charset="utf-8"></head><body><section class="landscape">'
            '<table class="ledger"><colgroup><col class="seq" style="width: 20%">'
            '<col class="progress" style="width: 80%"></colgroup>'
            f'<thead><tr><th>序号</th><th>进展</th></tr></thead><tbody>{rows}</tbody></table>'
            '</section></body></html>')


def _table(html: str) -> Table:
    block = parse(html)[0].blocks[0]
    assert isinstance(block, Table)
    return block


def test_cell_white_space_collapses_as_html_does() -> None:
    """Tabs, line breaks, ideographic and no-break spaces: runs become one space, ends trimmed."""
    table = _table(_table_html(
        '<tr><td class="seq"> 1 </td><td class="progress">\n\t甲\u3000\u3000乙 \xa0丙\r\n</td></tr>'
        '<tr><td class="seq">\u3000</td><td class="progress">丁</td></tr>'))
    assert [[[r.text for r in p] for p in c.paras] for c in table.body[0]] == [[["1"]],
                                                                               [["甲 乙 丙"]]]
    assert table.body[1][0].paras == [[]]  # white space only: an empty cell


def test_classes_spelt_many_ways_are_read_and_the_caches_stay_small() -> None:
    rows = "".join(f'<tr class="{" " * i}keep{" " * (i % 3)}">'
                   f'<td class="{" " * i}seq{" " * (i + 1)}center">{i}</td>'
                   f'<td class="progress">x</td></tr>' for i in range(600))
    table = _table(_table_html(rows))
    assert table.row_classes == [frozenset({"keep"})] * 600
    assert {c.classes for c in (row[0] for row in table.body)} == {frozenset({"seq", "center"})}
    assert len(vocabulary_reader._ROW_CLASSES) <= 256
    assert len(vocabulary_reader._CELL_CLASSES) <= 256


@pytest.mark.parametrize("rows", [
    '<tr class="keep evil"><td class="seq">1</td><td class="progress">x</td></tr>',
    '<tr><td class="seq onclick">1</td><td class="progress">x</td></tr>',
    '<tr><td class="seq" style="color: red">1</td><td class="progress">x</td></tr>',
])
def test_classes_and_attributes_outside_the_vocabulary_are_refused(rows: str) -> None:
    with pytest.raises(TemplateError, match="词汇表|只能有"):
        parse(_table_html(rows))
