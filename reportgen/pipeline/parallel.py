"""The files of one build written side by side: its PDFs in worker processes, the rest here.

A build that renders two PDFs or more (a document's PDF and its 公开版, several PDF
documents) hands its PDFs to worker processes started by ``forkserver``, whose server has
loaded WeasyPrint once (pipeline.warm) while this process read the ledger and rendered the
templates; this process writes the docx, xlsx and html files meanwhile and never loads
WeasyPrint itself (the PDFs are handed over from a thread: the first hand-over waits for the
fork server, and the files that need no worker are written in the meantime). A PDF's document is cut at its page breaks and its 版记 placed
(writers.paginate and writers.colophon, a WeasyPrint layout each) by the worker that writes it, so the two layouts of each PDF run side by side with the
other PDF's; a Word file of the same document waits for the worker's cut document (a table laid
out in chunks is cut, and its 版记 placed, by the PDF writer itself: writers.pdf.write_paged;
written here, PDFs go first for that). Every file
is written by the same writer into the same staging folder as in a sequential build, so what
is written does not depend on the number of workers. With one job (``-j 1``), one PDF or one
core (without ``-j``: a machine whose cores are all busy), everything is written here, one
file after the other, each document cut once.
"""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.pipeline.prestart import PRELOAD
from reportgen.processes import worker_context

if TYPE_CHECKING:
    from reportgen.config import ReportConfig
    from reportgen.profile import StyleProfile

# A PDF is laid out by WeasyPrint: seconds where the other writers take a fraction of one.
HEAVY = frozenset({"pdf", "publish"})


@dataclass(frozen=True)
class WriteJob:
    """One file of a build: a writer's format (or ``publish``, the combined 公开版 PDF)."""

    name: str  # file name in the staging folder
    fmt: str
    documents: tuple[Document, ...]
    title: str = ""  # of the combined PDF
    author: str = ""
    paginate: bool = False  # cut the documents at page breaks first (writers.paginate)

    @property
    def heavy(self) -> bool:
        return self.fmt in HEAVY


def write(job: WriteJob, folder: Path) -> tuple[Document, ...]:
    """Write one file into ``folder`` (the build's staging folder); the documents written.

    A job to ``paginate`` is cut at page breaks first (here: in a worker, for its PDF).
    """
    if job.paginate:
        job = dataclasses.replace(job, documents=_cut(job.documents), paginate=False)
    return _write(job, folder)


def _cut(documents: tuple[Document, ...], chunked: bool = False) -> tuple[Document, ...]:
    """Items cut at page breaks (writers.paginate) and the 版记 placed (writers.colophon): of
    a file of its own, or of several documents joined into one PDF (one 版记, at its end).
    ``chunked``: a table the PDF writer lays out in chunks is cut too, as the PDF writer cuts
    it (for a Word file whose build writes no PDF of the document: writers.pdf.paged)."""
    from reportgen.writers.colophon import paginate_and_place, paginate_and_place_joined

    if chunked and len(documents) == 1:
        from reportgen.writers.pdf import paged

        return (paged(documents[0]),)
    if len(documents) == 1:
        return (paginate_and_place(documents[0]),)
    return tuple(paginate_and_place_joined(list(documents)))


def _write(job: WriteJob, folder: Path) -> tuple[Document, ...]:
    """Write the file; the documents as written (a PDF's long table cut by the PDF writer)."""
    if job.fmt == "publish":
        from reportgen.writers.pdf import write_combined

        write_combined(list(job.documents), folder / job.name, job.title, job.author)
    elif job.fmt == "pdf":
        from reportgen.writers.pdf import write_paged

        return (write_paged(job.documents[0], folder / job.name),)
    else:
        from reportgen.writers import get_writer

        get_writer(job.fmt)(job.documents[0], folder / job.name)
    return job.documents


def pdf_environment(profile: StyleProfile) -> list[Problem]:
    """Warnings about the PDF tool chain (slow subsetting, missing fonts), where PDFs are made."""
    from reportgen.writers.pdf import check_environment

    return [Problem(text, warning=True) for text in check_environment(profile)]


# What a worker sends back: a value, or for a reportgen error its class name, message and
# problems (the exceptions themselves do not pickle with their problems).
_Failure = tuple[str, str, list[Problem]]


def _in_worker(function: Callable[..., object], *args: object) -> tuple[object, _Failure | None]:
    try:
        return function(*args), None
    except ReportgenError as exc:
        return None, (type(exc).__name__, exc.message, list(exc.problems))


def _outcome(future: Future[tuple[object, _Failure | None]]) -> tuple[object, _Failure | None]:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died: this build fails, told why
        return None, ("OutputError", f"写出 PDF 的工作进程意外退出：{exc!r}", [])


def _raise(failure: _Failure) -> None:
    from reportgen import errors

    kind, message, problems = failure
    error = getattr(errors, kind, errors.OutputError)
    raise error(message, problems)


def workers_for(jobs: list[WriteJob], cores: int) -> int:
    """Worker processes worth starting: one per PDF within the cores, none for a single PDF."""
    heavy = sum(job.heavy for job in jobs)
    return min(heavy, cores) if heavy > 1 and cores > 1 else 0


def heavy_count(config: ReportConfig, formats: list[str] | None) -> int:
    """PDFs a config's build renders (its documents' and the 公开版), before any is rendered."""
    pdf = formats is None or "pdf" in formats
    return (sum(pdf and "pdf" in spec.formats for spec in config.documents)
            + int(pdf and config.publish is not None))


def _context() -> BaseContext:
    return worker_context(PRELOAD)


def starter(cores: int, formats: list[str] | None) -> Callable[[ReportConfig], None]:
    """What a build calls once its config is read: the fork server started if it will be used,
    so that it loads WeasyPrint while this process reads the ledger and renders."""
    def start(config: ReportConfig) -> None:
        if cores > 1 and heavy_count(config, formats) > 1 \
                and _context().get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    return start


class Written:
    """What ``write_all`` did: the warnings about the PDF tool chain and the cut documents."""

    def __init__(self) -> None:
        self.warnings: list[Problem] = []
        self.cut: dict[int, Document] = {}  # id of a job's document -> the document as cut

    def documents(self, documents: list[Document]) -> list[Document]:
        """``documents`` as they were written (cut at page breaks where a job cut them)."""
        return [self.cut.get(id(d), d) for d in documents]


def _cut_here(job: WriteJob, written: Written) -> WriteJob:
    """``job`` with its documents cut in this process, each document once for all its files."""
    if not job.paginate:
        return job
    if any(id(document) not in written.cut for document in job.documents):
        for document, cut in zip(job.documents, _cut(job.documents, not job.heavy), strict=True):
            written.cut.setdefault(id(document), cut)
    return dataclasses.replace(job, paginate=False,
                               documents=tuple(written.cut[id(d)] for d in job.documents))


def write_all(jobs: list[WriteJob], folder: Path, cores: int, step: Callable[[str, int, int], None],
              pdf_profile: StyleProfile | None) -> Written:
    """Write every job's file into ``folder``; the warnings and the documents as cut.

    ``pdf_profile``: check the PDF tool chain for this profile (a build that writes a PDF).
    The first error met is raised once every worker has ended.
    """
    from reportgen.writers.kept import forget

    written = Written()
    workers = workers_for(jobs, cores)
    if workers == 0:
        if pdf_profile is not None:
            written.warnings = pdf_environment(pdf_profile)
        # PDFs first: a Word file takes the document as the PDF writer cut it (write_paged);
        # then the files that need no cut document: the order of the side-by-side build
        for done, job in enumerate(sorted(jobs, key=lambda j: (not j.heavy,
                                                                j.paginate and not j.heavy))):
            step(f"写出 {job.name}", done, len(jobs))
            out = write(_cut_here(job, written), folder)
            if job.paginate and job.fmt == "pdf":
                written.cut.update((id(d), o) for d, o in zip(job.documents, out, strict=True))
        forget()  # layouts kept for PDFs this build did not write (a Word file's cut)
        return written
    from reportgen.writers.pdf_parallel import start_worker

    # workers collect garbage rarely while they lay out (pdf_parallel.WORKER_GC): about 0.15 s
    # a PDF of seed 002's size with the default thresholds
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                             initializer=start_worker) as pool:
        error: BaseException | None = None
        futures: list[Future[tuple[object, _Failure | None]]] = []
        # each document a heavy job cuts: the future that brings it back cut
        cutting: dict[int, tuple[Future[tuple[object, _Failure | None]], int]] = {}
        checks: list[Future[tuple[object, _Failure | None]]] = []
        heavy = [job for job in jobs if job.heavy]
        for done, job in enumerate(heavy):
            step(f"写出 {job.name}", done, len(jobs))
        handing = _HandOver(pool, heavy, folder, pdf_profile, futures, cutting, checks)
        handing.start()  # the first hand-over waits for the fork server to have loaded
        done = len(heavy)
        light = sorted((job for job in jobs if not job.heavy), key=lambda j: j.paginate)
        try:  # the PDFs handed over first, the other files written meanwhile
            from reportgen.writers import get_writer

            for job in light:
                get_writer(job.fmt)  # imported while the fork server may still be loading
            # files that need no cut document first: the workers are still cutting
            for job in light:
                if job.paginate:
                    handing.finish()
                step(f"写出 {job.name}", done, len(jobs))
                done += 1
                if job.paginate:
                    _take_cut(job, cutting, written)
                write(_cut_here(job, written), folder)
            handing.finish()
        except BaseException as exc:  # noqa: BLE001 - raised below, once the workers ended
            error = exc
            handing.join()
            for future in futures + checks:
                future.cancel()
        environment = checks[0] if checks else None
        checked = [environment] if environment is not None else []
        outcomes = [_outcome(f) for f in checked + futures if not f.cancelled()]
    if error is not None:
        raise error
    for _, failure in outcomes:
        if failure is not None:
            _raise(failure)
    forget()
    if environment is not None and isinstance(outcomes[0][0], list):
        written.warnings = list(outcomes[0][0])
    for key, (future, index) in cutting.items():
        value, _ = _outcome(future)
        if isinstance(value, tuple):
            written.cut.setdefault(key, value[index])
    return written


class _HandOver(threading.Thread):
    """Hands the PDFs to the workers: the first waits for the fork server to have loaded
    WeasyPrint (about a second from the build's start), so this process writes the files that
    need no worker meanwhile. The tool chain is checked last (its warnings only)."""

    def __init__(self, pool: ProcessPoolExecutor, heavy: list[WriteJob], folder: Path,
                 profile: StyleProfile | None,
                 futures: list[Future[tuple[object, _Failure | None]]],
                 cutting: dict[int, tuple[Future[tuple[object, _Failure | None]], int]],
                 checks: list[Future[tuple[object, _Failure | None]]]) -> None:
        super().__init__(name="reportgen-pdf-hand-over", daemon=True)
        self.pool, self.heavy, self.folder, self.profile = pool, heavy, folder, profile
        self.futures, self.cutting, self.checks = futures, cutting, checks
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for job in self.heavy:
                self.futures.append(self.pool.submit(_in_worker, write, job, self.folder))
                if job.paginate:
                    for index, document in enumerate(job.documents):
                        self.cutting.setdefault(id(document), (self.futures[-1], index))
            if self.profile is not None:
                self.checks.append(self.pool.submit(_in_worker, pdf_environment, self.profile))
        except BaseException as exc:  # noqa: BLE001 - raised in the build's thread (finish)
            self.error = exc

    def finish(self) -> None:
        """Wait for every PDF to be handed over; its error raised here."""
        self.join()
        if self.error is not None:
            raise self.error


def _take_cut(job: WriteJob, cutting: dict[int, tuple[Future[tuple[object, _Failure | None]], int]],
              written: Written) -> None:
    """The documents of ``job`` that a worker cuts, taken from it (waiting for it)."""
    for document in job.documents:
        if id(document) in written.cut or id(document) not in cutting:
            continue
        future, index = cutting[id(document)]
        value, failure = _outcome(future)
        if failure is not None:
            _raise(failure)
        if isinstance(value, tuple):
            written.cut[id(document)] = value[index]
