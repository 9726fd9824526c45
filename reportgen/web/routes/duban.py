"""督办 from the web: build a 督办 config's notice set as ``reportgen duban CONFIG`` does.

The same pipeline call (``pipeline.duban.build_duban``) runs in the build worker; its outputs —
the folder of per-unit Word files, the combined PDF and the 发送清单 workbook — are listed and
zipped on the job page like any build's, and the notices are recorded in the period store that
the 历史 page shows (the working folder's ``reportgen.db``, unless the config names its own).
"""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from reportgen.web.access import read_form, state
from reportgen.web.configs import describe, inside, store_for
from reportgen.web.render import workdir_file

router = APIRouter()


@router.post("/duban/build")
async def start_duban(request: Request) -> Response:
    form = await read_form(request)
    rel = str(form.get("config", ""))
    path = workdir_file(request, rel, "配置")
    described = await run_in_threadpool(describe, path)
    if described["ok"] and not inside(request, described["output"]):
        raise HTTPException(403, "配置的输出文件夹不在工作文件夹内，网页工作台不向其中写入。")
    # A config that cannot be read, or has no 督办 document, fails in the job with the
    # message the command line prints for it.
    job = state(request).jobs.submit(path, rel, "duban", store_for(request, described))
    return RedirectResponse(f"/generate/jobs/{job.id}", 303)
