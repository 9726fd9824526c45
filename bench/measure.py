"""Measurements in a fresh subprocess each: wall time, peak memory, inner step times; medians."""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Sample:
    """One run of one child process."""

    wall_s: float
    peak_mb: float
    steps: dict[str, float] = field(default_factory=dict)  # inner timings the child reported
    error: str | None = None
    cpu_s: float | None = None  # user + system CPU of the child and all its descendants
    tree_peak_mb: float | None = None  # largest sum of RSS over the child's whole session


@dataclass
class Measurement:
    """The medians over the repeated runs of one task at one size."""

    task: str
    rows: int
    runs: int
    wall_s: float | None  # whole subprocess, including interpreter start-up and imports
    inner_s: float | None  # the work itself as timed inside the child (sum of its steps)
    peak_mb: float | None  # peak resident memory of the child and its descendants
    steps: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    note: str | None = None
    cpu_s: float | None = None  # median CPU seconds (child + reaped workers); ÷ wall = cores busy
    tree_peak_mb: float | None = None  # peak of the summed RSS of every process of the session
    file_mb: float | None = None  # size of the file the task wrote, where one is known

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def run_child(cmd: list[str], cwd: Path = ROOT, timeout: float = 900.0,
              env: dict[str, str] | None = None) -> Sample:
    """Run ``cmd`` to completion; wall time, and peak RSS from wait4 (child + its children).

    The child may print one JSON object as its last stdout line: ``{"steps": {...}}``.
    """
    _subreaper()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env,
                                start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        sampler = _SessionSampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
        wall = time.perf_counter() - start
        _reap_orphans()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    # Every descendant's CPU: the fork servers and workers of parallel builds outlive their
    # parent and are reaped here (this process is their subreaper), not by the child.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tree = sampler.peak_mb or None
    if proc.returncode != 0:
        reason = "超时" if proc.returncode == -signal.SIGKILL else f"退出码 {proc.returncode}"
        tail = (stderr.strip() or stdout.strip()).splitlines()[-3:]
        return Sample(wall, peak, error=f"{reason}: {' | '.join(tail)}", cpu_s=cpu,
                      tree_peak_mb=tree)
    steps: dict[str, float] = {}
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if lines:
        steps = {k: float(v) for k, v in json.loads(lines[-1]).get("steps", {}).items()}
    return Sample(wall, peak, steps, cpu_s=cpu, tree_peak_mb=tree)


class _SessionSampler(threading.Thread):
    """Every 50 ms: the summed RSS of the session's processes (the child's whole tree).

    The child starts a new session and its workers (a fork server's children) stay in it, so
    the session is the whole tree even where wait4's peak sees one process at a time.
    """

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.peak_mb = 0.0
        self.done = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def sample(self) -> None:
        total = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.session:  # fields after "(comm)": state is [0]
                total += int(fields[21]) * self.page
        self.peak_mb = max(self.peak_mb, total / 2**20)

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.sample()

    def stop(self) -> None:
        self.done.set()
        self.join()


def _subreaper() -> None:
    """Become the reaper of orphaned descendants (Linux), so that their CPU is counted here."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(wait: float = 10.0) -> None:
    """Wait (up to ``wait`` seconds) for descendants left behind by the child, e.g. fork servers."""
    deadline = time.monotonic() + wait
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def child_command(task: str, rows: int, workdir: Path, profile: Path | None = None) -> list[str]:
    """The command that runs one benchmark task in a fresh interpreter."""
    cmd = [sys.executable, "-m", "bench.child", task, str(rows), str(workdir)]
    if profile:
        cmd += ["--profile", str(profile)]
    return cmd


def summarise(task: str, rows: int, samples: list[Sample], note: str | None = None,
              ) -> Measurement:
    """Medians over the successful samples; the first error if none succeeded."""
    good = [s for s in samples if s.error is None]
    if not good:
        return Measurement(task, rows, len(samples), None, None, None,
                           error=samples[0].error if samples else "未运行", note=note)
    names = list(good[0].steps)
    steps = {n: statistics.median(s.steps.get(n, 0.0) for s in good) for n in names}
    inner = statistics.median(sum(s.steps.values()) for s in good) if names else None
    cpus = [s.cpu_s for s in good if s.cpu_s is not None]
    trees = [s.tree_peak_mb for s in good if s.tree_peak_mb is not None]
    return Measurement(task, rows, len(good), statistics.median(s.wall_s for s in good), inner,
                       statistics.median(s.peak_mb for s in good), steps, note=note,
                       cpu_s=statistics.median(cpus) if cpus else None,
                       tree_peak_mb=statistics.median(trees) if trees else None)


def measure(task: str, rows: int, workdir: Path, repeat: int, timeout: float = 900.0,
            ) -> Measurement:
    """Run a benchmark task ``repeat`` times, each in a fresh subprocess."""
    samples = [run_child(child_command(task, rows, workdir), timeout=timeout)
               for _ in range(repeat)]
    return summarise(task, rows, samples)


def measure_command(task: str, rows: int, cmd: list[str], repeat: int, timeout: float = 900.0,
                    cwd: Path = ROOT, note: str | None = None) -> Measurement:
    """Run an arbitrary command ``repeat`` times; wall time counts as the work."""
    samples = []
    for _ in range(repeat):
        sample = run_child(cmd, cwd=cwd, timeout=timeout)
        if not sample.steps:
            sample.steps = {"total": sample.wall_s}
        samples.append(sample)
    return summarise(task, rows, samples, note)
