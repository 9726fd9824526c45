"""历史: periods in the store, comparison with last period, lights — once the store exists.

Extension point: the page asks for ``reportgen.pipeline.history`` (the period store of the
monthly-cycle work). Until that module is installed it shows a notice. Once it is, the page
lists the periods of the working folder's store (``reportgen.db`` there, as the command line
uses when run in that folder) through ``history.list_periods`` and records a ledger of the
folder as a period through ``history.record``. Comparison and lights are not shown here yet.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reportgen.errors import ReportgenError
from reportgen.pipeline import workspace
from reportgen.web.access import read_form, state
from reportgen.web.render import page, relative, workdir_file
from reportgen.web.routes.extension import pipeline_room

router = APIRouter()
ROOM = "history"
STORE_FILE = "reportgen.db"


def _periods(room: Any, db: str) -> list[dict[str, Any]]:
    return [{"name": p.name, "title": p.title, "date": str(p.report_date or ""),
             "items": p.items, "rows": p.unit_rows,
             "statuses": "、".join(f"{k or '未标'} {v}" for k, v in p.by_status.items())}
            for p in room.list_periods(db)]


async def _page(request: Request, failure: list[str] | None = None, status: int = 200,
                notice: str = "") -> Response:
    room = pipeline_room(ROOM)
    bench = state(request)
    db = str(bench.workdir / STORE_FILE)
    periods: list[dict[str, Any]] | None = None
    failure = list(failure or [])
    if room is not None and hasattr(room, "list_periods"):
        try:
            periods = await run_in_threadpool(_periods, room, db)
        except ReportgenError as exc:
            failure += workspace.explain(exc).lines()
    return page(request, "history.html.j2", {
        "title": "历史", "heading": "历史：期次、与上期对比、预警灯", "notice": notice or None,
        "installed": room is not None, "periods": periods, "failure": failure,
        "recordable": room is not None and hasattr(room, "record"),
        "ledgers": [relative(request, p) for p in workspace.list_ledgers(bench.workdir)],
        "what": "保存每一期的台账（reportgen record），列出各期统计，与上期对比新增滞后、转为正常的事项，"
                "并按时限亮灯。",
        "cli": f"reportgen record 台账 --db {STORE_FILE} / reportgen history"}, status)


@router.get("/history", response_class=HTMLResponse)
async def history_page(request: Request, notice: str = "") -> Response:
    return await _page(request, notice="已记入历史。" if notice == "recorded" else "")


@router.post("/history/record", response_class=HTMLResponse)
async def record(request: Request) -> Response:
    """Store a ledger of the working folder as one period (``reportgen record``)."""
    room = pipeline_room(ROOM)
    if room is None or not hasattr(room, "record"):
        raise HTTPException(404, "历史功能尚未启用")
    form = await read_form(request)
    path = workdir_file(request, str(form.get("ledger", "")), "台账")
    period = str(form.get("period") or "").strip() or None
    db = str(state(request).workdir / STORE_FILE)
    try:
        await run_in_threadpool(room.record, path, period, db)
    except ReportgenError as exc:
        return await _page(request, workspace.explain(exc).lines(), 422)
    return RedirectResponse("/history?notice=recorded", 303)
