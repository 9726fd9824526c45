"""One layout per PDF (writers/relabel.py) gives the PDF of two layouts, page by page."""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdf_samples import page_number
from test_pdf_chunks import _document, _ledger

from reportgen.pipeline import build
from reportgen.writers import kept, paginate, pdf, pdf_chunks, relay
from reportgen.writers.continuation import CONTINUED
from reportgen.writers.pdf_chunks import split_long_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = EXAMPLES / "zhanhe-2022-08" / "config.yaml"  # seed 002: the bulletin and its 公开版


def _pages(path: Path) -> list[dict[str, Any]]:
    """Per page: its text, its number and side, and where each character and rule stands."""
    out = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            chars: dict[str, list[tuple[float, float]]] = defaultdict(list)
            for c in page.chars:
                chars[c["text"]].append((c["x0"], c["top"]))
            rules = [(float(e["orientation"] == "h"), e["x0"], e["top"], e["x1"], e["bottom"])
                     for e in page.edges]
            out.append({"text": page.extract_text() or "", "number": page_number(page),
                        "chars": chars, "rules": rules})
    return out


def _near(points: list[tuple[float, ...]], point: tuple[float, ...], slack: float) -> bool:
    return any(all(abs(a - b) <= slack for a, b in zip(p, point, strict=True)) for p in points)


def assert_same_pages(got: Path, want: Path) -> None:
    """Page count, text and number of every page equal; characters and table rules within a
    point of where the two-layout PDF has them (the cut cells laid in, the cut rows reshaped)."""
    got_pages, want_pages = _pages(got), _pages(want)
    assert len(got_pages) == len(want_pages)
    for index, (page, expected) in enumerate(zip(got_pages, want_pages, strict=True), 1):
        assert page["text"] == expected["text"], index
        assert page["number"] == expected["number"], index
        for text, places in expected["chars"].items():
            assert len(page["chars"][text]) == len(places), (index, text)
            assert all(_near(page["chars"][text], p, 1.0) for p in places), (index, text)
        assert len(page["rules"]) == len(expected["rules"]), index
        assert all(_near(page["rules"], r, 1.0) for r in expected["rules"]), index


@pytest.fixture
def relabelled(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each relabel in this process drew the cut document from its measuring layout."""
    done: list[bool] = []
    original = paginate.relabel

    def counting(*args: Any) -> Any:
        result = original(*args)
        done.append(result is not None)
        return result

    monkeypatch.setattr(paginate, "relabel", counting)
    monkeypatch.setattr(relay, "relabel", counting)  # each layout of a grown document
    return done


@pytest.fixture(scope="module")
def two_layouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 002's PDFs as before: the cut document laid out again (one process)."""
    folder = tmp_path_factory.mktemp("two")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paginate, "ONE_LAYOUT", False)
        build(SEED, folder, ["pdf"], jobs=1)
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_seed_bulletin_from_one_layout_equals_two(two_layouts: Path, relabelled: list[bool],
                                                  tmp_path: Path, jobs: int) -> None:
    """The bulletin and its 公开版 (a column fewer, cut elsewhere), written here one after the
    other or side by side in two worker processes."""
    build(SEED, tmp_path, ["pdf"], jobs=jobs)
    files = sorted(p.name for p in two_layouts.glob("*.pdf"))
    assert len(files) == 2
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == files
    for name in files:
        assert_same_pages(tmp_path / name, two_layouts / name)
        with pdfplumber.open(tmp_path / name) as doc:
            assert sum(CONTINUED in (page.extract_text() or "") for page in doc.pages) > 10
    if jobs == 1:  # here (with workers, in them): both PDFs drawn from their measuring layout
        # (the bulletin's from its two: item 45 grows on page 32, laid out again from there)
        assert relabelled == [True, True, True]


def _chunked(folder: Path, workers: int) -> Path:
    document = _document(_ledger(75, long_every=5))  # some rows break over a page
    chunks = split_long_table(document.html)
    assert len(chunks) == 5
    path = folder / f"{workers}.pdf"
    pdf._save_parallel(chunks, document, document.title, document.office, path, workers)
    return path


@pytest.fixture(scope="module")
def chunked_two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~150-row ledger in 5 chunks, each chunk cut and laid out again (one process)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_chunks, "CHUNK_ROWS", 30)
        patch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
        patch.setattr(paginate, "ONE_LAYOUT", False)  # reaches the workers in the job's rules
        return _chunked(tmp_path_factory.mktemp("chunked-two"), 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_chunked_ledger_from_one_layout_equals_two(chunked_two: Path, relabelled: list[bool],
                                                   tmp_path: Path, workers: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_chunks, "CHUNK_ROWS", 30)
    monkeypatch.setattr(pdf_chunks, "CHUNK_ABOVE", 0)
    got = _chunked(tmp_path, workers)
    assert_same_pages(got, chunked_two)
    with pdfplumber.open(got) as doc:
        assert sum(CONTINUED in (page.extract_text() or "") for page in doc.pages) >= 5
    if workers == 1:
        assert relabelled == [True] * 5  # every chunk cut, each drawn from its first layout


def test_a_cut_the_layout_cannot_show_is_laid_out_again(relabelled: list[bool], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the cut cannot be matched to the layout (here: every cut row said to differ),
    the PDF writer lays the cut document out itself, as before: the same PDF."""
    from reportgen.writers import relabel

    document = _document(_ledger(12, long_every=3))
    with monkeypatch.context() as patch:
        patch.setattr(paginate, "ONE_LAYOUT", False)
        paged = paginate.paginate(document)
        pdf.write(paged, tmp_path / "two.pdf")
    assert paged.html != document.html  # cut
    monkeypatch.setattr(relabel, "_cut_texts_differ", lambda tr, box: True)
    again = paginate.paginate(document)
    assert again.html == paged.html and relabelled == []  # relabelled when the PDF takes it
    pdf.write(again, tmp_path / "one.pdf")
    assert relabelled == [False]
    assert kept.take(again, again.html) is None  # taken once
    assert_same_pages(tmp_path / "one.pdf", tmp_path / "two.pdf")


def test_layouts_kept_for_the_pdf_writer_are_few() -> None:
    document = _document(_ledger(2))
    kept.forget()
    for index in range(kept.KEEP + 2):
        kept.remember(document, f"<html>{index}</html>", index)
    assert len(kept._KEPT) == kept.KEEP
    assert kept.take(document, "<html>0</html>") is None  # the oldest dropped
    assert kept.take(document, f"<html>{kept.KEEP + 1}</html>") == kept.KEEP + 1
    kept.forget()
    assert kept._KEPT == {}


def test_a_layout_in_another_style_is_not_taken() -> None:
    """The same HTML laid out with another profile (a web build beside this one with its own
    profile) is another layout: not taken, the PDF writer lays it out itself."""
    document = _document(_ledger(2))
    other = dataclasses.replace(document, profile=document.profile.model_copy(
        update={"double_sided": not document.profile.double_sided}))
    kept.remember(document, document.html, "layout")
    assert kept.take(other, document.html) is None
    kept.remember(document, document.html, "layout")
    assert kept.take(document, document.html) == "layout"


@pytest.mark.parametrize(("extra", "where"), [(0, "foot"), (20, "page")])
def test_colophon_placed_in_the_kept_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            extra: int, where: str) -> None:
    """A report without a table: the layout that places the 版记 is the PDF's, the 版记
    moved to the foot of the last body page in it (test_colophon's cases)."""
    from test_colophon import make_config

    from reportgen.writers import colophon

    config = make_config(tmp_path / "config", extra)
    with monkeypatch.context() as patch:
        patch.setattr(paginate, "ONE_LAYOUT", False)
        build(config, tmp_path / "two", ["pdf"], jobs=1)
    moved: list[int] = []
    original = colophon._at_foot
    monkeypatch.setattr(colophon, "_at_foot", lambda rendered, body: (
        moved.append(body), original(rendered, body))[1])
    taken: list[bool] = []
    take = kept.take
    monkeypatch.setattr(kept, "take", lambda document, html: (
        lambda laid: (taken.append(laid is not None), laid)[1])(take(document, html)))
    build(config, tmp_path / "one", ["pdf"], jobs=1)
    assert taken == [True]
    assert moved == ([8] if where == "foot" else [])
    (two,), (one,) = (list((tmp_path / name).glob("*.pdf")) for name in ("two", "one"))
    assert_same_pages(one, two)
