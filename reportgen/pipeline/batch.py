"""Batch builds: many configs at once, each in its own worker process, failures kept apart.

One config that fails (bad ledger, bad config, a writer error, even a crashed worker) is
reported and does not stop or touch the others: every build writes through its own staging
folder (pipeline.core). Workers start by ``forkserver`` (``spawn`` where there is none), never
by a bare fork, so a progress thread or a web server's threads cannot deadlock a child.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.processes import worker_context

# Exit status of a build that failed outside reportgen's own errors (a bug, a killed worker).
CRASH_EXIT = 1


@dataclass
class BuildOutcome:
    """What one config's build wrote, or why it failed (a picklable summary, no documents)."""

    target: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_one(target: Path, formats: list[str] | None = None,
              step: Callable[[str, int, int], None] | None = None) -> BuildOutcome:
    """Build one config; a reportgen error becomes a failed outcome instead of an exception."""
    from reportgen.pipeline.core import build

    try:
        # One process per config: its documents are written one after the other (jobs=1).
        result = build(target, None, formats, step or (lambda text, done, total: None), jobs=1)
    except ReportgenError as exc:
        return BuildOutcome(target, error=exc.message, problems=list(exc.problems),
                            exit_code=exc.exit_code)
    except OSError as exc:
        return BuildOutcome(target, error=f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）",
                            exit_code=5)
    return BuildOutcome(target, list(result.outputs), list(result.warnings))


# Imported once by the fork server, so that each worker starts with them already loaded
# (pipeline.warm loads WeasyPrint as the PDF writer does, without ctypes' library search).
PRELOAD = ["reportgen.pipeline.core", "reportgen.templating.render", "reportgen.writers.docx",
           "reportgen.writers.xlsx", "reportgen.pipeline.warm"]


def _context() -> BaseContext:
    return worker_context(PRELOAD)


def build_many(targets: list[Path], formats: list[str] | None = None, jobs: int | None = None,
               started: Callable[[Path], None] | None = None) -> Iterator[BuildOutcome]:
    """Build every config, ``jobs`` at a time in worker processes; outcomes as they finish.

    With one job (or one config) the builds run here, one after the other, and still go on
    after a failure.
    """
    jobs = max(1, min(jobs or default_jobs(), len(targets)))
    if jobs == 1:
        for target in targets:
            if started:
                started(target)
            yield build_one(target, formats)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        pending: dict[Future[BuildOutcome], Path] = {}
        for target in targets:
            pending[pool.submit(build_one, target, formats)] = target
            if started:
                started(target)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                target = pending.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker fails its config only
                    yield BuildOutcome(target, error=f"生成时出现内部错误：{exc!r}",
                                       exit_code=CRASH_EXIT)
