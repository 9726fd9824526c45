"""Build progress as server-sent events: every new step line, the progress, then the end state.

``GET /generate/jobs/{id}/events[?shown=N]`` answers ``text/event-stream``. Events: ``step``
(one line of progress text, as the pipeline reports it, from the N+1-th on), ``progress`` (the job's status as JSON, the same
as ``/status``) and, last, ``end`` (the final status); then the stream closes. The stream only
reads the job: the build itself runs in the worker thread, and waiting here is ``asyncio.sleep``,
so the event loop keeps serving other requests.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from reportgen.web.jobs import Job
from reportgen.web.routes.jobs import find_job

router = APIRouter()
TICK_S = 0.2  # how often the stream looks at the job
HEARTBEAT_S = 15.0  # a comment line now and then keeps proxies from closing an idle stream
MAX_STREAM_S = 1800.0  # then the stream closes; EventSource reconnects by itself
RETRY_MS = 2000


def event(name: str, data: str) -> str:
    """One server-sent event; every line of ``data`` gets its own ``data:`` field."""
    lines = "".join(f"data: {line}\n" for line in data.replace("\r", "").split("\n"))
    return f"event: {name}\n{lines}\n"


def _status(job: Job) -> str:
    return json.dumps(job.to_json(), ensure_ascii=False)


async def job_stream(job: Job, skip: int = 0, tick: float = TICK_S) -> AsyncIterator[str]:
    """The events of ``job`` until it ends (or the stream has run ``MAX_STREAM_S``); the first
    ``skip`` step lines are left out (the page that opens the stream already shows them)."""
    yield f"retry: {RETRY_MS}\n\n"
    sent_steps, seen = max(0, skip), -1
    started = quiet = time.monotonic()
    while True:
        finished = job.finished  # read first: steps reported before the end are all sent below
        if job.version != seen:
            seen = job.version
            steps = list(job.steps)
            for line in steps[sent_steps:]:
                yield event("step", line)
            sent_steps = len(steps)
            yield event("progress", _status(job))
            quiet = time.monotonic()
        if finished:
            yield event("end", _status(job))
            return
        now = time.monotonic()
        if now - started > MAX_STREAM_S:
            return
        if now - quiet > HEARTBEAT_S:
            yield ": keep-alive\n\n"
            quiet = now
        await asyncio.sleep(tick)


@router.get("/generate/jobs/{job_id}/events")
async def job_events(request: Request, job_id: str, shown: int = Query(0, ge=0, le=100_000),
                     ) -> Response:
    """The job's events; ``shown``: how many step lines the page already lists."""
    job = find_job(request, job_id)
    return StreamingResponse(job_stream(job, shown), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
