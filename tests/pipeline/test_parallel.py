"""Documents of one build written side by side (pipeline.parallel): same files as one by one."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from reportgen.errors import TemplateError
from reportgen.pipeline import build, prestart
from reportgen.pipeline.parallel import WriteJob, workers_for, write_all
from reportgen.pipeline.prestart import idle_cores

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "zhanhe-2022-08" / "config.yaml"


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    one, two = tmp_path_factory.mktemp("j1"), tmp_path_factory.mktemp("j2")
    first = build(SEED, one, jobs=1)
    second = build(SEED, two, jobs=2)
    assert [p.name for p in first.outputs] == [p.name for p in second.outputs]
    assert [str(w) for w in first.warnings] == [str(w) for w in second.warnings]
    return one, two, [p.name for p in first.outputs]


def test_parallel_build_writes_the_same_pdfs(builds: tuple[Path, Path, list[str]]) -> None:
    one, two, names = builds
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 2  # the bulletin and its 公开版: two workers
    for name in pdfs:
        pages = _pdf_pages(two / name)
        assert pages == _pdf_pages(one / name) and len(pages) > 3
        assert PdfReader(two / name).metadata == PdfReader(one / name).metadata
    public = "".join(_pdf_pages(two / "督查通报第8期（公开版）.pdf")).replace(" ", "")
    assert "积极推进事项22件" in public.replace("\n", "")


def test_parallel_build_writes_the_same_word_and_excel(
        builds: tuple[Path, Path, list[str]]) -> None:
    one, two, _ = builds
    word = [WordDocument(str(d / "督查通报第8期.docx")) for d in (one, two)]
    assert [p.text for p in word[0].paragraphs] == [p.text for p in word[1].paragraphs]
    assert [[c.text for c in row.cells] for row in word[1].tables[0].rows] == \
        [[c.text for c in row.cells] for row in word[0].tables[0].rows]
    books = [load_workbook(d / "督查通报第8期.xlsx") for d in (one, two)]
    for first, second in zip(books[0].worksheets, books[1].worksheets, strict=True):
        assert list(first.values) == list(second.values)
        assert sorted(map(str, first.merged_cells.ranges)) == \
            sorted(map(str, second.merged_cells.ranges))


def test_workers_only_for_two_pdfs_or_more() -> None:
    def jobs(*fmts: str) -> list[WriteJob]:
        return [WriteJob(f"f{i}", fmt, ()) for i, fmt in enumerate(fmts)]

    assert workers_for(jobs("docx", "pdf", "xlsx"), 2) == 0  # one PDF: written here
    assert workers_for(jobs("docx", "pdf", "publish"), 2) == 2
    assert workers_for(jobs("pdf", "pdf", "pdf", "publish"), 2) == 2  # no more than the cores
    assert workers_for(jobs("pdf", "publish"), 1) == 0  # -j 1


def test_an_error_in_a_worker_is_raised_with_its_problems_and_nothing_is_kept(
        tmp_path: Path) -> None:
    good = build(SEED, tmp_path / "good", formats=["docx"], jobs=1).documents[0]
    bad = dataclasses.replace(good, name="坏", html=good.html.replace(
        "<body>", '<body><p><script>alert(1)</script></p>', 1))
    folder = tmp_path / "staging"
    folder.mkdir()
    jobs = [WriteJob("好.docx", "docx", (good,)), WriteJob("好.pdf", "pdf", (good,)),
            WriteJob("坏.pdf", "pdf", (bad,))]
    with pytest.raises(TemplateError) as raised:
        write_all(jobs, folder, 2, lambda text, done, total: None, good.profile)
    assert "script" in str(raised.value)
    assert (folder / "好.docx").is_file() and not (folder / "坏.pdf").exists()


@pytest.mark.parametrize(("busy", "cores", "idle"), [
    (0.0, 2, 2),  # only this build running: both cores
    (1.0, 2, 1),  # another process keeps a core busy
    (7.0, 2, 1),  # a busy machine: no worker, nothing to gain
    (0.0, 1, 1),
])
def test_a_build_without_jobs_uses_the_idle_cores(busy: float, cores: int, idle: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prestart, "busy_cores", lambda: busy)
    assert idle_cores(cores) == idle


def test_busy_cores_are_counted_without_this_process() -> None:
    busy = prestart.busy_cores()
    assert 0.0 <= busy < 1000


def test_the_fork_server_starts_early_only_for_two_pdfs(tmp_path: Path) -> None:
    """A config naming one PDF starts nothing; -j 1 starts nothing; the cores come back."""
    one = tmp_path / "one.yaml"
    one.write_text("ledger: a.yaml\ndocuments:\n- kind: bulletin\n  formats: [docx, pdf]\n",
                   encoding="utf-8")
    assert prestart.start(one, None, 2) == 2
    assert prestart.start(SEED, None, 1) == 1
    assert prestart.start(SEED, ["docx"], 2) == 2
    assert prestart.start(tmp_path / "missing.yaml", None, 2) == 2
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert prestart.start(fifo, None, 2) == 2  # not opened: it would block


def test_the_fork_server_starts_from_the_raw_arguments_once(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``early`` reads ``reportgen build``'s arguments before click does and decides as
    ``start`` would; the build command's own ``start`` then takes that decision (its fork server
    would count as a busy core), once, and decides afresh after that."""
    one = tmp_path / "one.yaml"  # one PDF: no fork server started by this test
    one.write_text("ledger: a.yaml\ndocuments:\n- kind: bulletin\n  formats: [docx, pdf]\n",
                   encoding="utf-8")
    monkeypatch.setattr(prestart, "idle_cores", lambda cores: 2)
    prestart.early([str(one), "-o", str(tmp_path / "out")])
    monkeypatch.setattr(prestart, "idle_cores", lambda cores: 1)
    assert prestart.start(one, None, None) == 2  # early's decision
    assert prestart.start(one, None, None) == 1  # decided afresh


@pytest.mark.parametrize(("args", "call"), [
    (["c.yaml"], ("c.yaml", None, None)),
    (["c.yaml", "-j", "2", "-f", "pdf", "--format=docx", "-o", "out"],
     ("c.yaml", ["pdf", "docx"], 2)),
    (["-j2", "-fpdf", "--output=out", "--jobs=3", "./c.yaml"], ("c.yaml", ["pdf"], 3)),
    (["--", "-c.yaml"], ("-c.yaml", None, None)),
    (["a.yaml", "b.yaml"], None),  # several configs: the batch build's own pool
    (["--help"], None),
    (["c.yaml", "-x"], None),  # an option it does not know: left to click
    (["c.yaml", "-j", "0"], None),
    (["c.yaml", "-j", "two"], None),
    ([], None),
])
def test_early_reads_only_the_plain_forms_of_build(args: list[str],
                                                   call: tuple[str, list[str] | None, int | None]
                                                   | None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str] | None, int | None]] = []
    monkeypatch.setattr(prestart, "start", lambda target, formats, jobs: calls.append(
        (str(target), formats, jobs)) or 1)
    monkeypatch.setattr(prestart, "_EARLY", {})
    prestart.early(args)
    assert calls == ([call] if call is not None else [])


def test_early_knows_every_option_of_build_that_takes_a_value() -> None:
    """``early`` keeps its own list of build's valued options (it runs before click loads): the
    list must name each of them (an option it does not know makes it leave the fork server to
    the build command, later)."""
    from reportgen.cli.build import build as command

    valued = {name for param in command.params if param.param_type_name == "option"
              and not getattr(param, "is_flag", False) for name in param.opts}
    assert valued == set(prestart._VALUED)
