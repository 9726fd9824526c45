"""台账: upload a ledger or choose one in the working folder; its validation and statistics."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reportgen import pipeline
from reportgen.errors import ReportgenError
from reportgen.pipeline import workspace
from reportgen.web.access import one_upload, read_form, state
from reportgen.web.render import page, problem_rows, relative, workdir_file
from reportgen.web.state import Held

router = APIRouter()


def check_ledger(path: Path, shown: str) -> dict[str, Any]:
    """Validate a ledger as ``reportgen validate`` does; the result for the page."""
    names = {str(path): shown}

    def scrub(text: str) -> str:
        return text.replace(str(path), shown)

    try:
        analysis = pipeline.validate(path)
    except ReportgenError as exc:
        failure = workspace.explain(exc)
        rows = problem_rows(failure.problems, names)
        for row in rows:
            row["message"] = scrub(row["message"])
        return {"ok": False, "name": shown, "message": scrub(failure.message),
                "errors": [r for r in rows if not r["warning"]],
                "warnings": [r for r in rows if r["warning"]]}
    s = analysis.stats
    warnings = problem_rows(analysis.warnings, names)
    for row in warnings:
        row["message"] = scrub(row["message"])
    return {
        "ok": True, "name": shown, "title": analysis.ledger.title, "period": analysis.ledger.period,
        "items": s.items, "rows": s.unit_rows, "units": s.units,
        "statuses": [{"name": e.name, "count": e.count, "share": e.share, "color": e.color}
                     for e in s.by_status],
        "no_status": s.no_status_rows, "lagging": s.lagging_units,
        "no_progress": [f"{i.seq or ''} {i.task}".strip() for i in s.no_progress],
        "warnings": warnings, "errors": [],
    }


def _choices(request: Request) -> list[str]:
    return [relative(request, p) for p in workspace.list_ledgers(state(request).workdir)]


@router.get("/ledger", response_class=HTMLResponse)
async def ledger_page(request: Request, file: str = "", notice: str = "",
                      wanted: str = "") -> Response:
    result = None
    if file:
        path = workdir_file(request, file, "台账")
        result = await run_in_threadpool(check_ledger, path, file)
    status = 422 if result and not result["ok"] else 200
    return page(request, "ledger.html.j2", {
        "title": "台账", "ledgers": _choices(request), "chosen": file, "result": result,
        "suffixes": workspace.ledger_suffixes(), "held": None,
        "notice": _notice(notice, file, wanted[:200]),
        "limit_mb": state(request).settings.upload_limit // (1024 * 1024)}, status)


@router.post("/ledger/upload", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    key, stored, shown = await one_upload(request, "ledger", "请选择一个台账文件再上传。")
    bench = state(request)
    bench.hold(key, Held(stored.parent, shown, stored))
    result = await run_in_threadpool(check_ledger, stored, shown)
    return page(request, "ledger.html.j2", {
        "title": "台账", "ledgers": _choices(request), "chosen": "", "result": result,
        "suffixes": workspace.ledger_suffixes(), "held": key if result["ok"] else None,
        "limit_mb": bench.settings.upload_limit // (1024 * 1024)},
        200 if result["ok"] else 422)


@router.post("/ledger/save")
async def save(request: Request) -> Response:
    form = await read_form(request)
    bench = state(request)
    held = bench.held(str(form.get("key", "")))
    if held is None or held.path is None:
        raise HTTPException(404, "上传的台账已过期，请重新上传。")
    stem = str(form.get("name") or "").strip() or Path(held.name).stem
    stem = Path(stem).stem if "." in stem else stem
    target = workspace.free_name(bench.workdir, stem, held.path.suffix)
    wanted = workspace.wanted_name(stem, held.path.suffix)
    shutil.copyfile(held.path, target)
    query = {"file": relative(request, target), "notice": "saved"}
    if target.name != wanted:  # a file of that name is there: saved under another, say so
        query |= {"notice": "renamed", "wanted": wanted}
    return RedirectResponse(f"/ledger?{urlencode(query)}", 303)


def _notice(kind: str, file: str, wanted: str) -> str | None:
    """The line above the page after a save or a merge: what was written, under which name,
    and that the configs still name the ledger they named before."""
    still = (f"配置中写的台账仍是 {wanted}：要用这份生成，请在配置中改 ledger，"
             "或在“生成”页用它新建配置。")
    return {"saved": f"已保存为 {file}。",
            "renamed": f"工作文件夹中已有同名文件 {wanted}，未覆盖，已另存为 {file}。{still}",
            "accepted": f"已合并填报表并写入新台账 {file}（原台账不变）。配置中写的台账仍是原台账："
                        "要用合并后的台账生成，请在配置中改 ledger，或在“生成”页用它新建配置。",
            }.get(kind)
