"""格式检查: upload a Word or PDF document and see the GB/T 9704 check — once the check exists.

Extension point: the page asks for ``reportgen.pipeline.check``. Until that module is installed
it shows a notice; once it is, the upload form and the rule table belong here, calling that
module only (uploads go through ``access.store_upload`` like every other upload).
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reportgen.web.render import page
from reportgen.web.routes.extension import pipeline_room

router = APIRouter()
ROOM = "check"


@router.get("/check", response_class=HTMLResponse)
async def check_page(request: Request) -> Response:
    room = pipeline_room(ROOM)
    return page(request, "extension.html.j2", {
        "title": "格式检查", "heading": "格式检查：公文是否符合 GB/T 9704",
        "installed": room is not None,
        "what": "上传任意 Word 或 PDF 公文，逐条检查页边距、版心行数字数、字体字号、页码位置等，"
                "并给出在 Word/WPS 中的改法。",
        "cli": "reportgen check 文件.docx"})
