"""Build jobs (reports and 督办 sets): the job page, its polled status and the zip of its files."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from reportgen.pipeline import bundle
from reportgen.web.access import state
from reportgen.web.jobs import STATES, Job
from reportgen.web.render import link, page, relative

router = APIRouter()
MAX_LISTED = 500  # files listed from one output folder (a 督办 set has one per unit)


def find_job(request: Request, job_id: str) -> Job:
    job: Job | None = state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个生成任务（服务重启后任务记录会清空）")
    return job


def job_files(job: Job) -> list[Path]:
    """The files a job wrote: its outputs, a folder (督办通知单) replaced by the files in it."""
    files: list[Path] = []
    for path in job.outputs:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file()
                                and not p.name.startswith("."))[:MAX_LISTED])
        elif path.is_file():
            files.append(path)
    return files


def _shown(job: Job, path: Path) -> str:
    """A file's name as listed: with its folder when the job wrote a folder."""
    folders = [o for o in job.outputs if path.parent == o]
    return f"{folders[0].name}/{path.name}" if folders else path.name


def job_view(request: Request, job: Job) -> dict[str, Any]:
    return {"id": job.id, "label": job.label, "kind": job.kind, "state": job.state,
            "state_text": STATES[job.state], "step": job.step, "done": job.done,
            "total": job.total, "steps": list(job.steps),
            "outputs": [{"name": _shown(job, p), "url": link(request, p)} for p in job_files(job)],
            "folder": relative(request, job.outputs[0].parent) if job.outputs else "",
            "notices": [{"number": n.number, "unit": n.unit, "level": f"{n.level}通知",
                         "items": "、".join(e.item.seq or e.item.task[:12] for e in n.items),
                         "due": f"{n.due:%Y-%m-%d}" if n.due else ""} for n in job.notices],
            "criticised": list(job.criticised),
            "warnings": [str(w) for w in job.warnings],
            "failure": job.failure.lines() if job.failure else []}


@router.get("/generate/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, job_id: str) -> Response:
    job = find_job(request, job_id)
    title = "督办通知单" if job.kind == "duban" else "生成"
    return page(request, "job.html.j2", {"title": title, "job": job_view(request, job)})


@router.get("/generate/jobs/{job_id}/status")
async def job_status(request: Request, job_id: str) -> Response:
    return JSONResponse(find_job(request, job_id).to_json())


@router.get("/generate/jobs/{job_id}/zip")
async def job_zip(request: Request, job_id: str) -> Response:
    job = find_job(request, job_id)
    if job.state != "done":
        raise HTTPException(409, "生成尚未完成")
    files = [p for p in job_files(job) if link(request, p)]
    if not files:
        raise HTTPException(404, "没有可下载的文件")
    _, folder = state(request).folder()
    duban = job.kind == "duban"
    name = f"{job.outputs[0].name if duban else files[0].stem}等{len(files)}个文件.zip"
    base = job.outputs[0].parent if duban else None
    archive = await run_in_threadpool(bundle.zip_files, files, folder / "outputs.zip", base)
    return FileResponse(archive, media_type="application/zip", filename=name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
