"""Downloads: files of the working folder and the output folder, and the bundled preview fonts."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from reportgen.pipeline.preview import bundled_fonts
from reportgen.web.access import served_path, state

router = APIRouter()


def _download(request: Request, root_index: int, path: str) -> Response:
    roots = state(request).roots
    found = served_path(roots[root_index], path, roots)
    if found is None:
        raise HTTPException(404, "没有这个文件，或该文件不在工作文件夹内")
    return FileResponse(found, filename=found.name, content_disposition_type="attachment")


@router.get("/files/{path:path}")
async def workdir_file(request: Request, path: str) -> Response:
    return _download(request, 0, path)


@router.get("/output/{path:path}")
async def output_file(request: Request, path: str) -> Response:
    return _download(request, 1, path)


@router.get("/fonts/{name}")
async def font(name: str) -> Response:
    path = bundled_fonts().get(name)
    if path is None:
        raise HTTPException(404, "没有这个字体")
    # Previews are sandboxed (an opaque origin): their font loads are cross-origin requests.
    return FileResponse(path, media_type="font/otf",
                        headers={"Cache-Control": "public, max-age=86400",
                                 "Access-Control-Allow-Origin": "*"})
