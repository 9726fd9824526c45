"""历史: periods in the store, comparison with last period, lights — once the store exists.

Extension point: the page asks for ``reportgen.pipeline.history`` (the period store of the
monthly-cycle work). Until that module is installed it shows a notice; once it is, the views
of periods and comparisons belong here, calling that module only.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reportgen.web.render import page
from reportgen.web.routes.extension import pipeline_room

router = APIRouter()
ROOM = "history"


@router.get("/history", response_class=HTMLResponse)
async def history_page(request: Request) -> Response:
    room = pipeline_room(ROOM)
    return page(request, "extension.html.j2", {
        "title": "历史", "heading": "历史：期次、与上期对比、预警灯",
        "installed": room is not None,
        "what": "保存每一期的台账（reportgen record），列出各期统计，与上期对比新增滞后、转为正常的事项，"
                "并按时限亮灯。",
        "cli": "reportgen record 台账 / reportgen history"})
