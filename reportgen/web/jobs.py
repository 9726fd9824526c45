"""Builds run off the event loop: a worker thread runs ``pipeline.build`` (or the 督办 build,
``pipeline.duban.build_duban``) and reports its steps; pages poll them or stream them (SSE)."""
from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import pipeline
from reportgen.errors import Problem
from reportgen.pipeline.workspace import Failure, explain

KEEP_JOBS = 100  # finished jobs remembered (their files stay in the output folder)
STATES = {"queued": "排队中", "running": "生成中", "done": "已完成", "failed": "失败"}
KINDS = ("build", "duban")


@dataclass
class Job:
    """One build: its config, where it is, and what it wrote or why it failed."""

    id: str
    target: Path
    label: str
    state: str = "queued"
    step: str = "等待开始"
    done: int = 0
    total: int = 0
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failure: Failure | None = None
    steps: list[str] = field(default_factory=list)  # every step reported, in order
    thread: str = ""  # the worker thread that ran it (never the event loop's)
    kind: str = "build"  # "build" (pipeline.build) or "duban" (pipeline.duban.build_duban)
    db: str | None = None  # the period store a 督办 build numbers and records its notices in
    notices: list[Any] = field(default_factory=list)  # a 督办 build's notices (analysis.duban)
    criticised: list[str] = field(default_factory=list)  # 第三次督办 suggestions, as the CLI says
    version: int = 0  # bumped at every change, so an event stream knows when to send

    def report(self, text: str, done: int, total: int) -> None:
        """The pipeline's step callback."""
        self.step, self.done, self.total = text, done, total
        if not self.steps or self.steps[-1] != text:
            self.steps.append(text)
        self.version += 1

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "state_text": STATES[self.state],
                "step": self.step, "done": self.done, "total": self.total,
                "finished": self.finished}


class Jobs:
    """The build queue: one worker thread (builds are heavy; the machine may be small)."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reportgen-build")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, target: Path, label: str, kind: str = "build", db: str | None = None) -> Job:
        if kind not in KINDS:
            raise ValueError(f"unknown job kind {kind!r}")
        job = Job(secrets.token_hex(8), target, label, kind=kind, db=db)
        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
            for old in finished[:max(0, len(self._jobs) - KEEP_JOBS)]:
                del self._jobs[old]
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, count: int = 10) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())[-count:][::-1]

    @staticmethod
    def _run(job: Job) -> None:
        job.thread = threading.current_thread().name
        job.state = "running"
        job.report("读取配置", 0, 0)
        try:
            if job.kind == "duban":
                _run_duban(job)
            else:
                result = pipeline.build(job.target, step=job.report)
                job.outputs = list(result.outputs)
                job.warnings = list(result.warnings)
        except Exception as exc:  # every failure is shown on the job's page, in Chinese
            job.failure = explain(exc)
            job.state = "failed"
            job.version += 1
            return
        job.state = "done"
        job.version += 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run_duban(job: Job) -> None:
    """``reportgen duban CONFIG``: the same pipeline call, its notices kept for the page."""
    from reportgen.pipeline import duban

    result = duban.build_duban(job.target, db=job.db, step=job.report)
    job.outputs = list(result.outputs)
    job.warnings = list(result.warnings)
    job.notices = list(result.notices)
    job.criticised = [f"第三次督办，建议通报批评：{unit}（{item.seq or ''} {item.task[:20]}）"
                      for unit, item in result.criticised]
