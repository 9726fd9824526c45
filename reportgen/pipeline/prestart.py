"""The fork server of a build's PDF workers, started before the config is read.

Importing the pipeline and reading the config take a few tenths of a second; the fork server
(a fresh interpreter that loads WeasyPrint, pipeline.warm) about half a second. Started as the
process begins (``early``, from the raw arguments; else as the build command begins), it is
ready about when the documents are rendered. Only the config's text is
looked at here (``pdf`` named twice, or a ``publish`` key, in its first 64 KB): a wrong guess
costs one fork server that stays idle and ends with the build. Whether workers are used is
decided on the read config (pipeline.parallel), so the guess changes no output.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from reportgen.processes import worker_context

# What the fork server of PDF workers imports (only the PDF side: the rest is written here).
PRELOAD = ["reportgen.pipeline.warm"]
_PDF_MENTION = re.compile(rb"\bpdf\b|^publish\s*:", re.MULTILINE)
_SNIFF_BYTES = 64 * 1024
# ``build``'s options that take a value (cli/build.py), by the name ``early`` files them under
_VALUED = {"-o": "output", "--output": "output", "-f": "format", "--format": "format",
           "-j": "jobs", "--jobs": "jobs"}
# what ``early`` decided, for the build command's own call with the same arguments (once)
_EARLY: dict[tuple[str, tuple[str, ...] | None, int | None], int] = {}


def all_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def busy_cores() -> float:
    """Processes on a core or waiting for one right now, this one not counted (Linux
    ``/proc/stat``); elsewhere the 1-minute load average."""
    try:
        with open("/proc/stat", "rb") as stat:
            for line in stat:
                if line.startswith(b"procs_running "):
                    return float(max(0, int(line.split()[1]) - 1))
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def idle_cores(cores: int) -> int:
    """Of ``cores``, those no other process is using now, at least one.

    On a machine that other work keeps busy, workers get no core of their own (the scheduler
    shares the CPU between sessions, not between processes): they would only add the fork
    server's start-up to the build. The count is taken now, not as a 1-minute average, which
    on an idle machine still counts the builds that ran a moment ago.
    """
    return max(1, min(cores, int(cores + 0.5 - busy_cores())))


def start(target: Path, formats: list[str] | None, jobs: int | None) -> int:
    """The cores a build of ``target`` uses (``jobs``, else the idle ones); the fork server
    started now when the config names two PDFs or more (see above). After ``early`` with the
    same arguments, its answer (counting the idle cores again would count its fork server)."""
    decided = _EARLY.pop((str(target), tuple(formats) if formats else None, jobs), None)
    if decided is not None:
        return decided
    cores = jobs or idle_cores(all_cores())
    if cores <= 1 or (formats is not None and "pdf" not in formats):
        return cores
    try:
        if not target.is_file():  # a named pipe would block here: the build refuses it later
            return cores
        with open(target, "rb") as config:
            head = config.read(_SNIFF_BYTES)
    except OSError:
        return cores
    context = worker_context(PRELOAD)
    if len(_PDF_MENTION.findall(head)) > 1 and context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
    return cores


def early(args: list[str]) -> None:
    """``start`` for ``reportgen build ARGS`` read from the raw arguments, before the command
    line's modules load (about 40 ms sooner: the fork server's imports are what the first PDF
    waits for). Only the plain forms of one config and ``-o``, ``-f``, ``-j``: anything else
    (help, several configs, an option it does not know) is left to the build command's own
    ``start``, which also makes the decision when this one guessed wrong."""
    targets: list[str] = []
    formats: list[str] = []
    jobs: int | None = None
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            targets.extend(rest)
            break
        if not arg.startswith("-") or arg == "-":
            targets.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if not equals and not arg.startswith("--") and len(arg) > 2:
            name, value, equals = arg[:2], arg[2:], "="  # -j2, -fpdf
        if name not in _VALUED:
            return
        if not equals:
            value = next(rest, "")
        if _VALUED[name] == "format":
            formats.append(value)
        elif _VALUED[name] == "jobs":
            if not value.isdigit() or int(value) < 1:
                return
            jobs = int(value)
    if len(targets) == 1:
        target = Path(targets[0])
        _EARLY[(str(target), tuple(formats) if formats else None, jobs)] = \
            start(target, formats or None, jobs)
