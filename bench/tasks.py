"""The reportgen side of the benchmark, run inside a child process: render and write one output."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.synth import make_ledger
from reportgen.analysis.stats import compute
from reportgen.config import config_from_dict
from reportgen.document import Document
from reportgen.model import Ledger
from reportgen.profile import load_profile

Steps = dict[str, float]
Task = Callable[[int, Path], Steps]


@contextmanager
def timed(steps: Steps, name: str) -> Iterator[None]:
    """Add the wall time of the block to ``steps[name]``."""
    start = time.perf_counter()
    yield
    steps[name] = steps.get(name, 0.0) + time.perf_counter() - start


def output_path(workdir: Path, task: str, rows: int, suffix: str) -> Path:
    return workdir / f"{task}-{rows}{suffix}"


def make_document(ledger: Ledger, kind: str = "attachment") -> Document:
    """The document of ``kind`` over ``ledger`` (statistics, template, profile as in a build)."""
    from reportgen.templating.render import render_document

    params: dict[str, Any] = {"title": ledger.title}
    if kind == "bulletin":
        params.update(issue_no=8, requirements=["各部门、各单位务必把冲刺四季度作为当前工作的重点。"])
    config = config_from_dict({"ledger": "台账.yaml", "office": "某区督查局", "date": "2022-11-12",
                               "documents": [{"kind": kind, "params": params}]},
                              "bench", Path.cwd())
    profile = load_profile(config.profile, config.user_dirs)
    stats = compute(ledger, config.scale or ledger.scale)
    return render_document(config.documents[0], ledger, stats, config, profile)


def _attachment(fmt: str, rows: int, workdir: Path) -> Steps:
    """The 附件 table (seq, task, unit, progress) in ``fmt``: template rendering + that writer."""
    from reportgen.writers import get_writer, suffix

    ledger = make_ledger(rows)  # synthesis is not part of the figure
    steps: Steps = {}
    with timed(steps, "render"):
        document = make_document(ledger)
    with timed(steps, "write"):
        get_writer(fmt)(document, output_path(workdir, fmt, rows, suffix(fmt)))
    return steps


def docx(rows: int, workdir: Path) -> Steps:
    """The 附件 as Word: template rendering + docx writer."""
    return _attachment("docx", rows, workdir)


def pdf(rows: int, workdir: Path) -> Steps:
    """The same 附件 as PDF: template rendering + WeasyPrint pass."""
    return _attachment("pdf", rows, workdir)


def xlsx(rows: int, workdir: Path) -> Steps:
    """The styled Excel 台账 (6 columns, merged item cells, 统计 sheet) from the bulletin document."""
    from reportgen.writers.xlsx import write

    document = make_document(make_ledger(rows), "bulletin")
    steps: Steps = {}
    with timed(steps, "write"):
        write(document, output_path(workdir, "xlsx", rows, ".xlsx"))
    return steps


TASKS: dict[str, Task] = {"docx": docx, "pdf": pdf, "xlsx": xlsx}


def pdf_chunked(rows: int, workdir: Path) -> Steps:
    """Prototype: the same 附件 PDF laid out in chunks, chunk PDFs written in forked children."""
    from bench.pdf_chunks import write_chunked

    ledger = make_ledger(rows)
    steps: Steps = {}
    with timed(steps, "render"):
        document = make_document(ledger)
    with timed(steps, "write"):
        write_chunked(document, output_path(workdir, "pdf_chunked", rows, ".pdf"))
    return steps


TASKS["pdf_chunked"] = pdf_chunked
