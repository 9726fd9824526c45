"""The files of one build written side by side: its PDFs in worker processes, the rest here.

A build that renders two PDFs or more (a document's PDF and its 公开版, several PDF
documents) hands its PDFs to worker processes started by ``forkserver``, whose server has
loaded WeasyPrint once (pipeline.warm) while this process read the ledger and rendered the
templates; this process writes the docx, xlsx and html files meanwhile and never loads
WeasyPrint itself. Every file is written by the same writer into the same staging folder as
in a sequential build, so what is written does not depend on the number of workers. With one
job (``-j 1``), one PDF or one core (without ``-j``: one idle core), everything is written
here, one file after the other.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.processes import worker_context

if TYPE_CHECKING:
    from reportgen.config import ReportConfig
    from reportgen.profile import StyleProfile

# A PDF is laid out by WeasyPrint: seconds where the other writers take a fraction of one.
HEAVY = frozenset({"pdf", "publish"})
# What the fork server of these workers imports (only the PDF side: the rest is written here).
PRELOAD = ["reportgen.pipeline.warm"]


@dataclass(frozen=True)
class WriteJob:
    """One file of a build: a writer's format (or ``publish``, the combined 公开版 PDF)."""

    name: str  # file name in the staging folder
    fmt: str
    documents: tuple[Document, ...]
    title: str = ""  # of the combined PDF
    author: str = ""

    @property
    def heavy(self) -> bool:
        return self.fmt in HEAVY


def write(job: WriteJob, folder: Path) -> None:
    """Write one file into ``folder`` (the build's staging folder)."""
    if job.fmt == "publish":
        from reportgen.writers.pdf import write_combined

        write_combined(list(job.documents), folder / job.name, job.title, job.author)
    else:
        from reportgen.writers import get_writer

        get_writer(job.fmt)(job.documents[0], folder / job.name)


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


def idle_cores(cores: int) -> int:
    """Of ``cores``, those not already busy by the 1-minute load average (this process's
    included), at least one. On a machine that other work keeps busy, workers get no core of
    their own (the scheduler shares the CPU between sessions, not between processes): they
    would only add the fork server's start-up to the build."""
    try:
        busy = os.getloadavg()[0]
    except OSError:
        return cores
    return max(1, min(cores, int(cores + 1 - busy)))


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


def write_all(jobs: list[WriteJob], folder: Path, cores: int, step: Callable[[str, int, int], None],
              pdf_profile: StyleProfile | None) -> list[Problem]:
    """Write every job's file into ``folder``; the warnings about the PDF tool chain.

    ``pdf_profile``: check the PDF tool chain for this profile (a build that writes a PDF).
    The steps are told in the files' order, as in a sequential build. The first error met
    is raised once every worker has ended.
    """
    workers = workers_for(jobs, cores)
    if workers == 0:
        warnings = pdf_environment(pdf_profile) if pdf_profile is not None else []
        for done, job in enumerate(jobs):
            step(f"写出 {job.name}", done, len(jobs))
            write(job, folder)
        return warnings
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = [pool.submit(_in_worker, pdf_environment, pdf_profile)] if pdf_profile else []
        error: BaseException | None = None
        try:  # in the files' order, as one by one: each PDF handed over, the others written
            for done, job in enumerate(jobs):
                step(f"写出 {job.name}", done, len(jobs))
                if job.heavy:
                    futures.append(pool.submit(_in_worker, write, job, folder))
                else:
                    write(job, folder)
        except BaseException as exc:  # noqa: BLE001 - raised below, once the workers ended
            error = exc
            for future in futures:
                future.cancel()
        outcomes = [_outcome(f) for f in futures if not f.cancelled()]
    if error is not None:
        raise error
    for _, failure in outcomes:
        if failure is not None:
            _raise(failure)
    value = outcomes[0][0] if pdf_profile else []
    return list(value) if isinstance(value, list) else []
