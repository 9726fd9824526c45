"""填报: split fill-in forms per unit (a zip), upload returned forms, review the merge, accept it."""
from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from reportgen.errors import ReportgenError
from reportgen.pipeline import bundle, returns, workspace
from reportgen.web.access import read_form, sent_name, state, store_upload, uploads
from reportgen.web.render import page, relative, workdir_file
from reportgen.web.state import Held

router = APIRouter()


def _page(request: Request, failure: list[str] | None = None, status: int = 200,
          chosen: str = "") -> Response:
    bench = state(request)
    return page(request, "forms.html.j2", {
        "title": "填报", "chosen": chosen, "failure": failure or [],
        "ledgers": [relative(request, p) for p in workspace.list_ledgers(bench.workdir)],
        "limit_mb": bench.settings.upload_limit // (1024 * 1024),
        "max_files": bench.settings.max_files}, status)


@router.get("/forms", response_class=HTMLResponse)
async def forms_page(request: Request, ledger: str = "") -> Response:
    return _page(request, chosen=ledger)


@router.post("/forms/split")
async def split(request: Request) -> Response:
    form = await read_form(request)
    rel = str(form.get("ledger", ""))
    path = workdir_file(request, rel, "台账")
    _, folder = state(request).folder()
    try:
        _, archive = await run_in_threadpool(bundle.split_to_zip, path, folder / "forms",
                                             folder / "forms.zip")
    except ReportgenError as exc:
        return _page(request, workspace.explain(exc).lines(), 422, rel)
    return FileResponse(archive, media_type="application/zip", filename=f"{path.stem}-填报表.zip",
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


@router.post("/forms/collect", response_class=HTMLResponse)
async def collect(request: Request) -> Response:
    form = await read_form(request)
    rel = str(form.get("ledger", ""))
    path = workdir_file(request, rel, "台账")
    files = uploads(form, "returned")
    if not files:
        return _page(request, ["错误：请选择各单位交回的填报表（.xlsx）。"], 400, rel)
    bench = state(request)
    key, folder = bench.folder()
    returned: list[tuple[Path, str]] = []
    for number, upload in enumerate(files, start=1):
        returned.append((await store_upload(upload, folder, f"form-{number:03d}"),
                         sent_name(upload)))
    try:
        review = await run_in_threadpool(returns.review, path, returned)
    except ReportgenError as exc:
        return _page(request, workspace.explain(exc).lines(), 422, rel)
    bench.hold(key, Held(folder, rel, value=review))
    return page(request, "review.html.j2", {
        "title": "填报", "key": key, "ledger": rel, "summary": review.report.summary(),
        "units": review.per_unit(), "sections": review.sections(),
        "suggested": f"{path.stem}-合并"})


@router.post("/forms/accept")
async def accept(request: Request) -> Response:
    form = await read_form(request)
    bench = state(request)
    held = bench.held(str(form.get("key", "")))
    if held is None or not isinstance(held.value, returns.Review):
        raise HTTPException(404, "合并结果已过期，请重新上传填报表。")
    if held.meta.get("accepted"):
        raise HTTPException(409, "这次合并已经写入过台账。")
    stem = str(form.get("name") or "").strip() or f"{Path(held.name).stem}-合并"
    target = workspace.free_name(bench.workdir, stem, ".yaml")
    try:
        await run_in_threadpool(returns.accept, held.value, target)
    except ReportgenError as exc:
        return _page(request, workspace.explain(exc).lines(), 422, held.name)
    held.meta["accepted"] = True
    return RedirectResponse(f"/ledger?file={relative(request, target)}&notice=accepted", 303)
