"""The app factory: one FastAPI app over one working folder, its pages, access rules and state."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportgen.errors import ConfigError
from reportgen.web.access import AccessMiddleware, back_link, guard
from reportgen.web.render import HERE, page
from reportgen.web.routes import (
    check,
    duban,
    events,
    files,
    forms,
    generate,
    history,
    jobs,
    ledger,
)
from reportgen.web.settings import Settings
from reportgen.web.state import Workbench

PAGES = (ledger, generate, jobs, events, duban, forms, history, check, files)


def create_app(workdir: Path, settings: Settings | None = None) -> FastAPI:
    """The workbench over ``workdir``; every request passes ``access`` before any page."""
    workdir = Path(workdir)
    if not workdir.is_dir():
        raise ConfigError(f"工作文件夹不存在：{workdir}")
    settings = settings or Settings()
    bench = Workbench(workdir, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        bench.close()

    app = FastAPI(title="reportgen 工作台", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan, dependencies=[Depends(guard)])
    app.state.settings = settings
    app.state.workbench = bench
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in PAGES:
        app.include_router(module.router)

    @app.get("/")
    async def home() -> Response:
        return RedirectResponse("/ledger", 303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, "请求的参数不完整或无效。")

    app.add_middleware(AccessMiddleware, settings=settings)
    return app


TITLES = {400: "请求有误", 403: "请求被拒绝", 404: "找不到", 405: "不支持的操作",
          409: "无法执行", 413: "上传文件过大", 422: "无法处理"}


def _error(request: Request, status: int, detail: str) -> Response:
    if detail in ("Not Found", "Method Not Allowed"):
        detail = {"Not Found": "没有这个页面。", "Method Not Allowed": "此页面不支持该操作。"}[detail]
    href, label = back_link(request.url.path)
    return page(request, "error.html.j2", {"title": TITLES.get(status, "出错了"),
                                           "detail": detail, "back": href, "back_label": label},
                status)
