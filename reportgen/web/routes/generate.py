"""生成: choose or make a config, preview its documents, build them off the event loop, download."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from reportgen import pipeline
from reportgen.errors import ReportgenError
from reportgen.pipeline import bundle, preview, workspace
from reportgen.web.access import PREVIEW_CSP, read_form, state
from reportgen.web.jobs import STATES, Job
from reportgen.web.render import link, page, problem_rows, relative, workdir_file

router = APIRouter()

FORM_FIELDS = ("ledger", "kind", "title", "office", "date", "issue_no", "file", "basis", "as_of",
               "requirements", "attachment_title", "name")


def _describe(path: Path) -> dict[str, Any]:
    """The chosen config as the page lists it, or its Chinese error."""
    try:
        config = pipeline.resolve_config(path)
    except ReportgenError as exc:
        failure = workspace.explain(exc)
        return {"ok": False, "lines": failure.lines()}
    return {"ok": True, "ledger": str(config.ledger), "office": config.office,
            "date": str(config.date or ""),
            "output": config.resolve(config.output_dir),
            "documents": [{"kind": workspace.kinds().get(d.kind, d.kind), "file": d.file or "",
                           "formats": "、".join(d.formats)} for d in config.documents],
            "publish": config.publish.file if config.publish else ""}


def _form_page(request: Request, values: dict[str, Any], chosen: str = "",
               problems: list[dict[str, Any]] | None = None, message: str = "",
               status: int = 200) -> Response:
    bench = state(request)
    configs = [relative(request, p) for p in workspace.list_configs(bench.workdir)]
    described = None
    if chosen:
        described = _describe(workdir_file(request, chosen, "配置"))
        if described["ok"] and not _inside(request, described["output"]):
            described = {"ok": False, "lines": [
                f"错误：配置的输出文件夹 {described['output']} 不在工作文件夹内，网页工作台不向其中写入。"]}
    return page(request, "generate.html.j2", {
        "title": "生成", "configs": configs, "chosen": chosen, "config": described,
        "ledgers": [relative(request, p) for p in workspace.list_ledgers(bench.workdir)],
        "kinds": workspace.kinds(), "formats": workspace.output_formats(),
        "values": values, "problems": problems or [], "message": message,
        "jobs": [_job_view(request, j) for j in bench.jobs.recent()]}, status)


def _inside(request: Request, folder: Path) -> bool:
    resolved = folder.resolve()
    return any(resolved.is_relative_to(root) for root in state(request).roots)


def _job_view(request: Request, job: Job) -> dict[str, Any]:
    return {"id": job.id, "label": job.label, "state": job.state, "state_text": STATES[job.state],
            "step": job.step, "done": job.done, "total": job.total,
            "outputs": [{"name": p.name, "url": link(request, p)} for p in job.outputs],
            "warnings": [str(w) for w in job.warnings],
            "failure": job.failure.lines() if job.failure else []}


@router.get("/generate", response_class=HTMLResponse)
async def generate_page(request: Request, config: str = "") -> Response:
    values = {k: "" for k in FORM_FIELDS} | {"kind": "bulletin", "formats": ["docx", "pdf"], "publish": False,
                                              "date": dt.date.today().isoformat()}
    return _form_page(request, values, config)


@router.post("/generate/config", response_class=HTMLResponse)
async def new_config(request: Request) -> Response:
    form = await read_form(request)
    values: dict[str, Any] = {k: str(form.get(k, "") or "").strip() for k in FORM_FIELDS}
    values["formats"] = [str(f) for f in form.getlist("formats")]
    values["publish"] = bool(form.get("publish"))
    problems: list[dict[str, Any]] = []
    try:
        ledger = workdir_file(request, values["ledger"], "台账") if values["ledger"] else None
        if ledger is None:
            raise HTTPException(422, "请选择台账")
        new = workspace.NewConfig(
            ledger=relative(request, ledger), kind=values["kind"], title=values["title"],
            office=values["office"], date=_date(values["date"]),
            issue_no=_int(values["issue_no"]), file=values["file"], basis=values["basis"],
            as_of=values["as_of"],
            requirements=[p.strip() for p in values["requirements"].split("\n\n") if p.strip()],
            attachment_title=values["attachment_title"],
            formats=values["formats"] or ["docx"], publish=values["publish"])
        path = workspace.save_new_config(state(request).workdir, new, values["name"] or "config")
    except ReportgenError as exc:
        failure = workspace.explain(exc)
        problems = problem_rows(failure.problems, {})
        return _form_page(request, values, "", problems, failure.message, 422)
    except (ValueError, HTTPException) as exc:
        text = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return _form_page(request, values, "", [], str(text), 422)
    return RedirectResponse(f"/generate?config={relative(request, path)}", 303)


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"成文日期“{text}”无效，应写成 2022-11-12") from None


def _int(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"期数“{text}”应是正整数")
    return int(text)


@router.get("/generate/preview", response_class=HTMLResponse)
async def preview_document(request: Request, config: str, doc: int = 0) -> Response:
    path = workdir_file(request, config, "配置")
    try:
        docs = await run_in_threadpool(preview.preview, path, "/fonts")
    except ReportgenError as exc:
        failure = workspace.explain(exc)
        body = "<br>".join(_escape(line) for line in failure.lines())
        return HTMLResponse(f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8">'
                            f"<body><p>{body}</p></body></html>", 422,
                            headers={"Content-Security-Policy": PREVIEW_CSP,
                                     "X-Frame-Options": "SAMEORIGIN"})
    if not 0 <= doc < len(docs):
        raise HTTPException(404, "配置中没有这个文档")
    return HTMLResponse(docs[doc].html, headers={"Content-Security-Policy": PREVIEW_CSP,
                                                 "X-Frame-Options": "SAMEORIGIN"})


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@router.post("/generate/build")
async def start_build(request: Request) -> Response:
    form = await read_form(request)
    rel = str(form.get("config", ""))
    path = workdir_file(request, rel, "配置")
    described = _describe(path)
    if described["ok"] and not _inside(request, described["output"]):
        raise HTTPException(403, "配置的输出文件夹不在工作文件夹内，网页工作台不向其中写入。")
    job = state(request).jobs.submit(path, rel)
    return RedirectResponse(f"/generate/jobs/{job.id}", 303)


def _job(request: Request, job_id: str) -> Job:
    job: Job | None = state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个生成任务（服务重启后任务记录会清空）")
    return job


@router.get("/generate/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    return page(request, "job.html.j2", {"title": "生成", "job": _job_view(request, job)})


@router.get("/generate/jobs/{job_id}/status")
async def job_status(request: Request, job_id: str) -> Response:
    return JSONResponse(_job(request, job_id).to_json())


@router.get("/generate/jobs/{job_id}/zip")
async def job_zip(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    if job.state != "done":
        raise HTTPException(409, "生成尚未完成")
    files = [p for p in job.outputs if link(request, p) and p.is_file()]
    if not files:
        raise HTTPException(404, "没有可下载的文件")
    _, folder = state(request).folder()
    name = f"{files[0].stem}等{len(files)}个文件.zip"
    archive = await run_in_threadpool(bundle.zip_files, files, folder / "outputs.zip")
    return FileResponse(archive, media_type="application/zip", filename=name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
