"""历史: periods in the store; for the selected one its figures, the comparison with the period
before, deadline lights and the 督办 notices recorded for it; recording a ledger as a period.

The store is the working folder's ``reportgen.db`` (what ``reportgen record`` and ``reportgen
history`` use when run in that folder). Everything shown comes from ``pipeline.history`` and
``pipeline.period_view``, computed as ``reportgen stats --compare`` and ``reportgen duban`` do.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reportgen.errors import ReportgenError
from reportgen.pipeline import history, period_view, workspace
from reportgen.web.access import read_form, state
from reportgen.web.history_view import detail_view, notice_rows
from reportgen.web.render import page, relative, workdir_file

router = APIRouter()

NOTICES = {"recorded": "已记入历史。", "replaced": "已替换同名期次并记入历史。"}
# The store's refusal names the command line's flag; the page has its own box for it.
REPLACE_BOX = "请勾选“替换已记录的同名期次”后再点“记入历史”"


def _periods(db: str) -> list[dict[str, Any]]:
    return [{"name": p.name, "title": p.title, "date": str(p.report_date or ""),
             "items": p.items, "rows": p.unit_rows,
             "statuses": "、".join(f"{k or '未标'} {v}" for k, v in p.by_status.items())}
            for p in history.list_periods(db)]


def _detail(selected: str | None, db: str) -> dict[str, Any] | None:
    found = period_view.period_detail(selected, db)
    return detail_view(found) if found is not None else None


def _unrecorded(db: str) -> list[dict[str, Any]]:
    return notice_rows(period_view.unrecorded_notices(db))


async def _page(request: Request, failure: list[str] | None = None, status: int = 200,
                notice: str = "", selected: str | None = None,
                asked: dict[str, str] | None = None) -> Response:
    bench = state(request)
    db = str(bench.store)
    periods: list[dict[str, Any]] = []
    detail: dict[str, Any] | None = None
    unrecorded: list[dict[str, Any]] = []
    failure = list(failure or [])
    try:
        periods = await run_in_threadpool(_periods, db)
        if periods:
            names = [p["name"] for p in periods]
            if selected is not None and selected not in names:
                raise HTTPException(404, f"历史中没有期次“{selected[:80]}”")
            detail = await run_in_threadpool(_detail, selected, db)
        unrecorded = await run_in_threadpool(_unrecorded, db)
    except ReportgenError as exc:
        failure += workspace.explain(exc).lines()
    return page(request, "history.html.j2", {
        "title": "历史", "notice": notice or None, "periods": periods, "detail": detail,
        "unrecorded": unrecorded, "failure": failure,
        "asked": asked or {"ledger": "", "period": ""},
        "ledgers": [relative(request, p) for p in workspace.list_ledgers(bench.workdir)]},
        status)


@router.get("/history", response_class=HTMLResponse)
async def history_page(request: Request, notice: str = "", period: str = "") -> Response:
    return await _page(request, notice=NOTICES.get(notice, ""), selected=period or None)


@router.post("/history/record", response_class=HTMLResponse)
async def record(request: Request) -> Response:
    """Store a ledger of the working folder as one period (``reportgen record``)."""
    form = await read_form(request)
    path = workdir_file(request, str(form.get("ledger", "")), "台账")
    period = str(form.get("period") or "").strip() or None
    replace = bool(form.get("replace"))
    try:
        done = await run_in_threadpool(history.record, path, period, str(state(request).store),
                                       replace)
    except ReportgenError as exc:
        if isinstance(exc, history.PeriodExistsError):
            exc = exc.with_remedy(REPLACE_BOX)
        lines = workspace.explain(exc).lines()
        asked = {"ledger": str(form.get("ledger", "")), "period": period or ""}
        return await _page(request, lines, 422, asked=asked)
    return RedirectResponse(f"/history?notice={'replaced' if done.replaced else 'recorded'}", 303)
