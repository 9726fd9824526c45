"""The chunked PDF prototype keeps every row and numbers its pages on across chunks."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from bench.pdf_chunks import split_table, write_chunked
from bench.synth import make_ledger
from bench.tasks import make_document


def test_split_keeps_every_row_once_and_items_whole() -> None:
    document = make_document(make_ledger(120))
    chunks = split_table(document.html, 25)
    assert len(chunks) >= 4
    rows = [len(re.findall(r"<tr[ >]", c.split("<tbody>")[1])) for c in chunks]
    assert sum(rows) == 120
    for chunk in chunks:
        first_row = re.search(r"<tbody>\s*(<tr.*?</tr>)", chunk, re.S)
        assert first_row and 'class="seq' in first_row.group(1)  # never starts mid-item
        assert chunk.count("<thead>") == 1 and chunk.rstrip().endswith("</html>")
    assert "attachment-title" in chunks[0] and "attachment-title" not in chunks[1]


@pytest.mark.parametrize("fork", [False, True])
def test_page_numbers_run_on_across_chunks(fork: bool, tmp_path: Path) -> None:
    document = make_document(make_ledger(40))
    path = tmp_path / "a.pdf"
    pages = write_chunked(document, path, rows_per_chunk=12, fork=fork)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == pages > 3
        for number, page in enumerate(pdf.pages, start=1):
            # landscape pages: the number runs down the left edge (the portrait foot once the
            # page is turned), odd pages in its lower half, even pages in its upper half
            chars = [c for c in page.chars if not c["upright"] and c["x1"] < 40 * 72 / 25.4]
            digits = "".join(c["text"] for c in sorted(chars, key=lambda c: c["top"])
                             if c["text"].isdigit())
            assert digits == str(number), number
            low = chars[0]["top"] > page.height / 2
            assert low == (number % 2 == 1), number
