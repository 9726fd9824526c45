"""格式检查: upload a Word or PDF document and see the GB/T 9704 check — once the check exists.

Extension point: the page asks for ``reportgen.pipeline.check``. Until that module is installed
it shows a notice. Once it is, a document uploaded here (stored like every upload, under a name
of our own) goes through ``check.check`` and its rules are shown as a table.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from reportgen.web.access import one_upload
from reportgen.web.render import page
from reportgen.web.routes.extension import pipeline_room

router = APIRouter()
ROOM = "check"
SUFFIXES = (".docx", ".pdf")


def _room() -> Any:
    room = pipeline_room(ROOM)
    return room if room is not None and hasattr(room, "check") else None


def _context(installed: bool, usable: bool) -> dict[str, Any]:
    return {"title": "格式检查", "heading": "格式检查：公文是否符合 GB/T 9704",
            "installed": installed, "usable": usable, "report": None, "suffixes": SUFFIXES,
            "what": "上传任意 Word 或 PDF 公文，逐条检查页边距、版心行数字数、字体字号、页码位置等，"
                    "并给出在 Word/WPS 中的改法。",
            "cli": "reportgen check 文件.docx"}


@router.get("/check", response_class=HTMLResponse)
async def check_page(request: Request) -> Response:
    room = _room()
    return page(request, "check.html.j2",
                _context(pipeline_room(ROOM) is not None, room is not None))


def _report(room: Any, report: Any, stored: str, shown: str) -> dict[str, Any]:
    labels: dict[str, str] = getattr(room, "STATUS_LABELS", {})
    return {"name": shown, "ok": report.ok,
            "error": report.error.replace(stored, shown) if report.error else "",
            "notes": [n.replace(stored, shown) for n in report.notes],
            "rules": [{"name": r.name, "status": r.status, "label": labels.get(r.status, r.status),
                       "measured": r.measured, "expected": r.expected, "fix": r.fix}
                      for r in report.results]}


@router.post("/check/upload", response_class=HTMLResponse)
async def check_upload(request: Request) -> Response:
    room = _room()
    if room is None:
        raise HTTPException(404, "格式检查尚未启用")
    _, stored, shown = await one_upload(request, "document",
                                        "请选择一个 Word（.docx）或 PDF 文件再上传。")
    (report,) = await run_in_threadpool(room.check, [stored])
    context = _context(True, True)
    context["report"] = _report(room, report, str(stored), shown)
    return page(request, "check.html.j2", context, 200 if not report.error else 422)
