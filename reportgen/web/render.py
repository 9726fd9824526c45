"""Page rendering: the workbench's own Jinja2 templates (autoescaped) and small view helpers."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from reportgen.errors import Problem
from reportgen.web.access import csrf_token, download_url, served_path, state

HERE = Path(__file__).resolve().parent
NAV = [("/ledger", "台账"), ("/generate", "生成"), ("/forms", "填报"), ("/history", "历史"),
       ("/check", "格式检查")]

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page of the workbench; every value is escaped by the template engine."""
    bench = state(request)
    full = {"nav": NAV, "active": "/" + request.url.path.strip("/").split("/")[0],
            "csrf": csrf_token(request), "workdir": str(bench.workdir),
            "notice": None, **context}
    return templates.TemplateResponse(request, name, full, status_code=status)


def relative(request: Request, path: Path) -> str:
    """``path`` relative to the working folder, as the pages name files."""
    root = state(request).workdir
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def workdir_file(request: Request, rel: str, what: str = "文件") -> Path:
    """A file of the working folder named by a page (never outside it), or a Chinese 404."""
    bench = state(request)
    path = served_path(bench.workdir, rel, [bench.workdir])
    if path is None:
        raise HTTPException(404, f"工作文件夹中没有这个{what}：{rel}")
    return path


def link(request: Request, path: Path) -> str | None:
    return download_url(state(request).roots, path)


def problem_rows(problems: list[Problem], names: dict[str, str]) -> list[dict[str, Any]]:
    """Problems as table rows (file, row, field, message), stored names shown as sent."""
    return [{"file": names.get(p.file or "", p.file or ""), "row": "" if p.row is None else p.row,
             "field": p.field or "", "message": p.message, "warning": p.warning}
            for p in problems]
