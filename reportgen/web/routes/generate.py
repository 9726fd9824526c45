"""生成: choose or make a config, preview its documents, build them off the event loop, download."""
from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reportgen.errors import ReportgenError
from reportgen.pipeline import preview, workspace
from reportgen.web.access import PREVIEW_CSP, read_form, state
from reportgen.web.configs import describe, inside, plan_notices, store_for
from reportgen.web.render import page, problem_rows, relative, workdir_file
from reportgen.web.routes.jobs import job_view

router = APIRouter()

FORM_FIELDS = ("ledger", "kind", "title", "office", "date", "issue_no", "file", "basis", "as_of",
               "requirements", "attachment_title", "name")


def _configs(request: Request) -> tuple[list[str], list[str]]:
    """The working folder's report configs and its 督办 configs, as the chooser groups them."""
    reports: list[str] = []
    duban: list[str] = []
    for path in workspace.list_configs(state(request).workdir):
        (duban if workspace.is_duban_config(path) else reports).append(relative(request, path))
    return reports, duban


async def _form_page(request: Request, values: dict[str, Any], chosen: str = "",
                     problems: list[dict[str, Any]] | None = None, message: str = "",
                     status: int = 200) -> Response:
    bench = state(request)
    configs, duban_configs = await run_in_threadpool(_configs, request)
    described = None
    planned: dict[str, Any] | None = None
    if chosen:
        path = workdir_file(request, chosen, "配置")
        described = await run_in_threadpool(describe, path)
        if described["ok"] and not inside(request, described["output"]):
            described = {"ok": False, "lines": [
                f"错误：配置的输出文件夹 {described['output']} 不在工作文件夹内，网页工作台不向其中写入。"]}
        if described["ok"] and described["duban"]:
            planned = await run_in_threadpool(plan_notices, path, store_for(request, described))
    return page(request, "generate.html.j2", {
        "title": "生成", "configs": configs, "duban_configs": duban_configs, "chosen": chosen,
        "config": described, "planned": planned,
        "ledgers": [relative(request, p) for p in workspace.list_ledgers(bench.workdir)],
        "kinds": workspace.kinds(), "formats": workspace.output_formats(),
        "values": values, "problems": problems or [], "message": message,
        "jobs": [job_view(request, j) for j in bench.jobs.recent()]}, status)


@router.get("/generate", response_class=HTMLResponse)
async def generate_page(request: Request, config: str = "") -> Response:
    values = {k: "" for k in FORM_FIELDS} | {"kind": "bulletin", "formats": ["docx", "pdf"], "publish": False,
                                              "date": dt.date.today().isoformat()}
    return await _form_page(request, values, config)


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
        return await _form_page(request, values, "", problems, failure.message, 422)
    except (ValueError, HTTPException) as exc:
        text = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return await _form_page(request, values, "", [], str(text), 422)
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
    described = describe(path)
    if described["ok"] and not inside(request, described["output"]):
        raise HTTPException(403, "配置的输出文件夹不在工作文件夹内，网页工作台不向其中写入。")
    job = state(request).jobs.submit(path, rel)
    return RedirectResponse(f"/generate/jobs/{job.id}", 303)
