"""Access rules of the workbench, in one place: who may ask, what may be posted, what is served.

- Host: bound to loopback (no token) only requests addressed to localhost are answered, so a web
  page elsewhere cannot reach the server by DNS rebinding.
- Token: off loopback every request carries the access token (``?token=`` once, then a cookie;
  or an ``Authorization: Bearer`` header); without it the answer is 401. The exceptions are
  the package's own public files: the open fonts (sandboxed previews fetch them without
  cookies) and the stylesheet, script and icon.
- CSRF: every state-changing request carries the form field ``csrftoken`` equal to the
  ``rg_csrf`` cookie (double submit; the cookie is SameSite=Strict), and a foreign ``Origin``
  is refused before the body is read.
- Uploads: a request body over the limit is refused (413), counted as it streams; form parts,
  fields and files are limited too; uploaded files are copied into a private folder under
  names of our own.
- Headers: a strict Content-Security-Policy (scripts and styles from /static only), no
  sniffing, referrers only to our own pages, no framing (except previews by our own pages).
- Files: only regular, non-hidden files inside the working folder or the output folder are
  served; ``..``, absolute paths and symlinks leading out are refused.
"""
from __future__ import annotations

import hmac
import re
import secrets
import shutil
from http.cookies import SimpleCookie
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reportgen.web.settings import SETTINGS_FILE, Settings

CSRF_COOKIE = "rg_csrf"
CSRF_FIELD = "csrftoken"
TOKEN_COOKIE = "rg_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_FIELDS = 200
MAX_FIELD_BYTES = 1024 * 1024

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
# Previews: the document's own <style> only; no script at all, sandboxed, framed by us only.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; "
               "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; sandbox")
NEVER_SERVED = {SETTINGS_FILE.lower()}


# Served without the token: the package's own public files, nothing of the user's — the
# bundled open fonts (sandboxed previews load them without cookies, from an opaque origin)
# and the stylesheet, script and icon (so the refusal page itself is readable).
_PUBLIC = re.compile(r"/fonts/Fandol[A-Za-z-]+\.otf|/static/[a-z]+\.(css|js|svg)")


class TooLarge(Exception):
    """The request body went over the upload limit while streaming."""


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header counts as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


# The page a refused request came from, by the first part of its path: the way back.
BACK: dict[str, tuple[str, str]] = {
    "forms": ("/forms", "返回填报页"), "generate": ("/generate", "返回生成页"),
    "duban": ("/generate", "返回生成页"), "history": ("/history", "返回历史页"),
    "check": ("/check", "返回格式检查页")}


def back_link(path: str) -> tuple[str, str]:
    """Where a page refusing the request at ``path`` links back to (default 台账)."""
    return BACK.get(path.lstrip("/").split("/", 1)[0], ("/ledger", "返回台账页"))


def _page(status: int, title: str, text: str, path: str = "/") -> tuple[int, bytes]:
    href, label = back_link(path)
    back = "" if status == 401 else f'<p><a href="{href}">{label}</a></p>'
    body = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}'
            f'</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="'
            f'refused"><h1>{title}</h1><p>{text}</p>{back}</main></body></html>')
    return status, body.encode("utf-8")


class AccessMiddleware:
    """Host, token, body size, CSRF cookie and security headers for every HTTP request."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        cookies = _cookies(headers)
        refusal = self._refusal(scope, headers, cookies)
        if refusal is not None:
            await _send_page(send, *refusal, path=scope.get("path", "/"))
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        extra: list[tuple[bytes, bytes]] = []
        token = self.settings.token
        if token and not _same(cookies.get(TOKEN_COOKIE), token) and _same(query.get("token"), token):
            extra.append(_cookie(TOKEN_COOKIE, token))
            if scope["method"] == "GET":  # drop the token from the address bar
                rest = urlencode([(k, v) for k, v in parse_qsl(
                    scope.get("query_string", b"").decode("latin-1")) if k != "token"])
                location = scope["path"] + (f"?{rest}" if rest else "")
                await _send_redirect(send, location, extra)
                return
        csrf = cookies.get(CSRF_COOKIE)
        if not csrf or not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", csrf):
            csrf = secrets.token_urlsafe(32)
            extra.append(_cookie(CSRF_COOKIE, csrf))
            scope.setdefault("state", {})["csrf_cookie"] = None  # the request carried none
        else:
            scope.setdefault("state", {})["csrf_cookie"] = csrf
        scope["state"]["csrf"] = csrf
        await self._run(scope, receive, send, extra)

    def _refusal(self, scope: Scope, headers: dict[str, str],
                 cookies: dict[str, str]) -> tuple[int, str, str] | None:
        settings = self.settings
        host = headers.get("host", "")
        if settings.local:
            name = re.sub(r":\d+$", "", host).strip("[]").lower()
            if name not in ("localhost", "127.0.0.1", "::1"):
                return 421, "地址不符", "本机工作台只接受发往 127.0.0.1 或 localhost 的请求。"
        if settings.token and not _PUBLIC.fullmatch(scope["path"]):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            auth = headers.get("authorization", "")
            bearer = auth[7:] if auth.lower().startswith("bearer ") else None
            if not any(_same(v, settings.token) for v in
                       (cookies.get(TOKEN_COOKIE), bearer, query.get("token"))):
                return 401, "需要访问令牌", ("此工作台绑定在非本机地址，每个请求都需要访问令牌。"
                                        "请使用启动时日志中给出的完整地址（含 ?token=…）。")
        if scope["method"] in UNSAFE_METHODS:
            origin = headers.get("origin")
            if origin and origin != "null" and re.sub(r"^https?://", "", origin) != host:
                return 403, "请求被拒绝", "请求来自其他网站（Origin 不符），未执行。"
            if origin == "null":
                return 403, "请求被拒绝", "请求来自沙箱页面，未执行。"
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.upload_limit):
            return 413, "上传文件过大", _too_large_text(settings)
        return None

    async def _run(self, scope: Scope, receive: Receive, send: Send,
                   extra: list[tuple[bytes, bytes]]) -> None:
        limit = self.settings.upload_limit
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _secure_headers(list(message.get("headers", [])), extra)
            await send(message)

        try:
            await self.app(scope, counted, secured)
        except TooLarge:
            if not started:
                await _send_page(send, 413, "上传文件过大", _too_large_text(self.settings),
                                 path=scope.get("path", "/"))


def _too_large_text(settings: Settings) -> str:
    return f"一次上传不能超过 {settings.upload_limit // (1024 * 1024)} MB，未保存任何内容。"


def _cookie(name: str, value: str) -> tuple[bytes, bytes]:
    return b"set-cookie", f"{name}={value}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")


def _secure_headers(headers: list[tuple[bytes, bytes]],
                    extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    defaults = [(b"content-security-policy", PAGE_CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"same-origin"),  # no-referrer would make Origin "null"
                (b"x-frame-options", b"DENY"),
                (b"cache-control", b"no-store"),
                (b"cross-origin-opener-policy", b"same-origin")]
    return headers + [(k, v) for k, v in defaults if k not in present] + extra


async def _send_page(send: Send, status: int, title: str, text: str, path: str = "/") -> None:
    code, body = _page(status, title, text, path)
    headers = _secure_headers([(b"content-type", b"text/html; charset=utf-8"),
                               (b"content-length", str(len(body)).encode())], [])
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_redirect(send: Send, location: str, extra: list[tuple[bytes, bytes]]) -> None:
    headers = _secure_headers([(b"location", location.encode("latin-1", "replace")),
                               (b"content-length", b"0")], extra)
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def guard(request: Request) -> None:
    """App-wide dependency: a state-changing request must carry the CSRF token in its form."""
    if request.method not in UNSAFE_METHODS:
        return
    form = await read_form(request)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not _same(sent, request.scope["state"].get("csrf_cookie")):
        raise HTTPException(403, "表单已过期或来源不明（缺少 CSRF 令牌），未执行。请刷新页面后重试。")


# Starlette's form parser's refusals, in Chinese.
_FORM_ERRORS = [(r"Too many files", "一次上传的文件太多：最多 {files} 个。"),
                (r"Too many fields", "表单字段太多：最多 {fields} 个。"),
                (r"(Part|Field) exceeded maximum size", "表单中的文字太长：每项最多 {size} KB。")]


async def read_form(request: Request) -> FormData:
    """The request's form with the workbench's limits (parsed once, then cached by Starlette)."""
    settings: Settings = request.app.state.settings
    try:
        return await request.form(max_files=settings.max_files, max_fields=MAX_FIELDS,
                                  max_part_size=MAX_FIELD_BYTES)
    except StarletteHTTPException as exc:
        for pattern, text in _FORM_ERRORS:
            if re.match(pattern, str(exc.detail)):
                raise HTTPException(400, text.format(files=settings.max_files, fields=MAX_FIELDS,
                                                     size=MAX_FIELD_BYTES // 1024)) from None
        raise HTTPException(400, "表单数据无效，未执行。") from None


def csrf_token(request: Request) -> str:
    token: str = request.scope["state"]["csrf"]
    return token


def sent_name(upload: UploadFile) -> str:
    """The file name as the user's browser sent it, reduced to its last part, for display only."""
    raw = upload.filename or ""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    return re.sub(r"[\x00-\x1f\x7f]", "", name)[:200] or "未命名"


def sent_suffix(upload: UploadFile) -> str:
    """The sent name's suffix if it is a plain one (``.xlsx``), else empty."""
    suffix = PurePosixPath(sent_name(upload)).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


async def store_upload(upload: UploadFile, folder: Path, stem: str) -> Path:
    """Copy an upload into ``folder`` as ``stem`` + its suffix; the sent name is never a path."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{stem}{sent_suffix(upload)}"
    await upload.seek(0)
    with path.open("xb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)
    return path


def uploads(form: FormData, name: str) -> list[UploadFile]:
    """The non-empty files sent in the form field ``name``."""
    return [v for v in form.getlist(name) if isinstance(v, UploadFile) and (v.filename or v.size)]


async def one_upload(request: Request, name: str, missing: str) -> tuple[str, Path, str]:
    """The one file sent in the form field ``name``, stored in a new private folder of the
    workbench as ``name`` + its suffix: (the folder's key, the stored file, the name as sent).
    No file, or more than one, is a 400 with ``missing``."""
    files = uploads(await read_form(request), name)
    if len(files) != 1:
        raise HTTPException(400, missing)
    key, folder = state(request).folder()
    return key, await store_upload(files[0], folder, name), sent_name(files[0])


def served_path(root: Path, relative: str, roots: list[Path]) -> Path | None:
    """The file a download URL names under ``root``, or None when it may not be served.

    The resolved path (symlinks followed) must lie inside one of ``roots`` (the working folder
    and the output folder), and no part of it, nor of the name asked for, may be hidden.
    """
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
        return None
    if any(p in ("..", ".") or p.startswith(".") for p in pure.parts):
        return None
    try:
        path = (root.resolve() / pure).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_file() or path.name.lower() in NEVER_SERVED:
        return None
    for allowed in roots:
        allowed = allowed.resolve()
        if path.is_relative_to(allowed) and not any(
                p.startswith(".") for p in path.relative_to(allowed).parts):
            return path
    return None


def download_url(roots: list[Path], path: Path) -> str | None:
    """The download address of ``path``: /files/… in the working folder, /output/… in the
    output folder (when it lies elsewhere); None if it may not be served."""
    resolved = path.resolve()
    for prefix, root in zip(("/files/", "/output/"), roots, strict=False):
        root = root.resolve()
        if resolved.is_relative_to(root):
            rel = resolved.relative_to(root).as_posix()
            if served_path(root, rel, roots):
                return prefix + quote(rel)
    return None


def state(request: Request) -> Any:
    """The workbench state (see ``reportgen.web.state``)."""
    return request.app.state.workbench
