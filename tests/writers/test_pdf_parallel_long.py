"""A 2,500-row ledger in 5 chunks: the parallel PDF equals the sequential one, page by page.

The issue's own case, at the writer's real chunk size of this test (500 rows a chunk): one
parallel run (2 workers) and one sequential run, each laid out once and read once, so that the
suite stays affordable on two shared cores. The 1-, 2- and 3-worker comparison of a short ledger
is in test_pdf_parallel.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pdf_samples import page_number
from pypdf import PdfReader
from test_pdf_chunks import _document

from reportgen.model import Item, Ledger, UnitRow
from reportgen.writers import pdf, pdf_chunks
from reportgen.writers.pdf_chunks import split_long_table

ROWS = 2500
CHUNK_ROWS = 500  # 5 chunks


def _ledger() -> Ledger:
    """Exactly 2,500 unit rows, 1–3 per item, each row one short line (few pages per row)."""
    items: list[Item] = []
    rows = 0
    while rows < ROWS:
        count = min(1 + len(items) % 3, ROWS - rows)
        number = len(items) + 1
        items.append(Item(seq=str(number), task=f"任务{number}", rows=[
            UnitRow(unit=f"单位{number}-{j}", progress=f"进展{number}-{j}。", status="积极")
            for j in range(count)]))
        rows += count
    return Ledger(title="长台账", items=items)


def _pages(path: Path) -> list[tuple[str, tuple[int, bool] | None]]:
    """Per page: its text and its number and side (as the GB/T checker reads them)."""
    with pdfplumber.open(path) as doc:
        return [(page.extract_text() or "", page_number(page)) for page in doc.pages]


@pytest.fixture(scope="module")
def long_pdfs(tmp_path_factory: pytest.TempPathFactory,
              ) -> tuple[list[tuple[str, tuple[int, bool] | None]], ...]:
    """The pages of the sequential and of the parallel (2 workers) PDF, read once."""
    folder = tmp_path_factory.mktemp("long")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", CHUNK_ROWS)
        ledger = _ledger()
        assert sum(len(item.rows) for item in ledger.items) == ROWS
        document = _document(ledger)
        chunks = split_long_table(document.html)
        assert len(chunks) == 5
        sequential, parallel = folder / "sequential.pdf", folder / "parallel.pdf"
        pdf._save_chunks(chunks, document, document.title, document.office, sequential)
        pdf._save_parallel(chunks, document, document.title, document.office, parallel, 2)
    assert PdfReader(parallel).metadata == PdfReader(sequential).metadata
    return _pages(sequential), _pages(parallel)


def test_same_page_count_and_the_text_of_every_page(
        long_pdfs: tuple[list[tuple[str, tuple[int, bool] | None]], ...]) -> None:
    sequential, parallel = long_pdfs
    assert len(sequential) > 50
    assert len(parallel) == len(sequential)
    for index, (got, want) in enumerate(zip(parallel, sequential, strict=True)):
        assert got[0] == want[0], f"第 {index + 1} 页文字不同"


def test_page_numbers_run_on_over_the_chunks(
        long_pdfs: tuple[list[tuple[str, tuple[int, bool] | None]], ...]) -> None:
    """Every page numbered 1…N in order, odd pages on the right, as the sequential PDF."""
    sequential, parallel = long_pdfs
    numbers = [number for _, number in parallel]
    assert numbers == [number for _, number in sequential]
    assert [n for n, _ in filter(None, numbers)] == list(range(1, len(parallel) + 1))
    assert all(right == (n % 2 == 1) for n, right in filter(None, numbers))


def test_every_row_is_printed_once_in_order(
        long_pdfs: tuple[list[tuple[str, tuple[int, bool] | None]], ...]) -> None:
    """The progress of each of the 2,500 rows stands in the parallel PDF once, in row order."""
    _, parallel = long_pdfs
    text = "".join(t for t, _ in parallel).replace(" ", "").replace("\n", "")
    expected = [row.progress for item in _ledger().items for row in item.rows]
    assert len(expected) == ROWS
    assert re.findall(r"进展\d+-\d+。", text) == expected
