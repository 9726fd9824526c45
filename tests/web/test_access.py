"""Access rules over HTTP: token off loopback, host check, CSRF, upload limits, security headers."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_support import LOCAL, csrf

from reportgen.errors import ConfigError
from reportgen.web import Settings, create_app
from reportgen.web.access import PAGE_CSP
from reportgen.web.app import PAGES
from reportgen.web.settings import file_settings, is_local

TOKEN = "s3cret-token-0123456789"


def test_loopback_needs_no_token_and_sets_strict_headers(client: TestClient) -> None:
    page = client.get("/ledger")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "script-src 'self'" in PAGE_CSP and "unsafe-inline" not in PAGE_CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script src=\"/static/app.js\"" in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("rg_csrf=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_loopback_refuses_foreign_host_header(workdir: Path) -> None:
    """DNS rebinding: a page on evil.example that resolves to 127.0.0.1 gets nothing."""
    with TestClient(create_app(workdir, Settings()), base_url="http://evil.example") as c:
        refused = c.get("/ledger")
    assert refused.status_code == 421
    assert "只接受发往 127.0.0.1" in refused.text
    with TestClient(create_app(workdir, Settings()), base_url="http://localhost:8000") as c:
        assert c.get("/ledger").status_code == 200


def test_non_local_bind_makes_a_token() -> None:
    settings = Settings(host="0.0.0.0")
    assert settings.token and len(settings.token) >= 24 and settings.generated_token
    assert Settings(host="127.0.0.1").token is None
    assert is_local("::1") and is_local("localhost") and not is_local("192.168.1.5")
    with pytest.raises(ConfigError, match="太短"):
        Settings(host="0.0.0.0", token="short")


def test_non_local_bind_refuses_requests_without_token(workdir: Path) -> None:
    app = create_app(workdir, Settings(host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        for path in ("/ledger", "/files/台账.yaml", "/generate", "/static/../files/台账.yaml",
                     "/output/x.pdf", "/fonts/x.otf"):
            refused = c.get(path)
            assert refused.status_code == 401, path
            assert "需要访问令牌" in refused.text
        assert c.get("/ledger", params={"token": "wrong-token-0123456789"}).status_code == 401
        assert c.post("/ledger/upload").status_code == 401
        font = c.get("/fonts/FandolFang-Regular.otf")  # public, for sandboxed previews
        assert font.status_code == 200 and font.headers["access-control-allow-origin"] == "*"
        assert c.get("/fonts/../ledger").status_code == 401
        assert c.get("/static/app.css").status_code == 200  # the refusal page's own style


def test_token_in_address_becomes_a_cookie(workdir: Path) -> None:
    app = create_app(workdir, Settings(host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        first = c.get("/ledger", params={"token": TOKEN, "file": "台账.yaml"},
                      follow_redirects=False)
        assert first.status_code == 303
        assert "token" not in first.headers["location"]
        assert first.headers["location"].startswith("/ledger?file=")
        assert f"rg_token={TOKEN}" in first.headers["set-cookie"]
        assert c.get("/ledger").status_code == 200  # the cookie now carries it
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        bearer = c.get("/ledger", headers={"Authorization": f"Bearer {TOKEN}"})
        assert bearer.status_code == 200


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(client: TestClient) -> None:
    posts = [r.path for module in PAGES for r in module.router.routes
             if isinstance(r, APIRoute) and "POST" in r.methods]
    assert set(posts) == {"/ledger/upload", "/ledger/save", "/generate/config",
                          "/generate/build", "/forms/split", "/forms/collect", "/forms/accept",
                          "/check/upload", "/history/record", "/duban/build"}
    csrf(client)  # the client now holds the cookie
    for path in posts:
        for data in ({}, {"csrftoken": "forged-token-forged-token"}):
            refused = client.post(path, data=data)
            assert refused.status_code == 403, path
            assert "CSRF" in refused.text


def test_csrf_token_without_its_cookie_is_refused(workdir: Path, client: TestClient) -> None:
    token = csrf(client)
    with TestClient(create_app(workdir, Settings()), base_url=LOCAL) as other:
        refused = other.post("/generate/build", data={"csrftoken": token, "config": "config.yaml"})
    assert refused.status_code == 403


def test_foreign_origin_is_refused_before_the_body(client: TestClient) -> None:
    token = csrf(client)
    refused = client.post("/generate/build", data={"csrftoken": token, "config": "config.yaml"},
                          headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403 and "Origin" in refused.text
    sandboxed = client.post("/generate/build", data={"csrftoken": token, "config": "config.yaml"},
                            headers={"Origin": "null"})
    assert sandboxed.status_code == 403


def test_oversized_upload_is_refused(workdir: Path) -> None:
    app = create_app(workdir, Settings(upload_limit=1024 * 1024))
    with TestClient(app, base_url=LOCAL) as c:
        token = csrf(c)
        big = b"items: []\n" + b"#" * (1024 * 1024 + 10)
        refused = c.post("/ledger/upload", data={"csrftoken": token},
                         files={"ledger": ("台账.yaml", big, "application/yaml")})
        assert refused.status_code == 413
        assert "不能超过 1 MB" in refused.text
        bench = app.state.workbench
        assert not any(bench.private.iterdir())  # nothing was stored


def test_oversized_streamed_body_is_refused(workdir: Path) -> None:
    """A body without Content-Length is counted as it arrives."""
    app = create_app(workdir, Settings(upload_limit=1024 * 1024))

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    with TestClient(app, base_url=LOCAL) as c:
        token = csrf(c)
        refused = c.post(f"/ledger/upload?csrftoken={token}", content=chunks(),
                         headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert refused.status_code == 413


def test_too_many_files_in_one_request_is_refused(workdir: Path) -> None:
    app = create_app(workdir, Settings(max_files=3))
    with TestClient(app, base_url=LOCAL) as c:
        token = csrf(c)
        files = [("returned", (f"{i}.xlsx", b"PK", "application/octet-stream")) for i in range(5)]
        refused = c.post("/forms/collect", data={"csrftoken": token, "ledger": "台账.yaml"},
                         files=files)
    assert refused.status_code == 400 and "一次上传的文件太多：最多 3 个" in refused.text


def test_settings_file(workdir: Path) -> None:
    (workdir / "reportgen-serve.yaml").write_text("token: abcdefghijklmnopqrstu\nupload_limit_mb: 5\n",
                                                  encoding="utf-8")
    assert file_settings(workdir) == {"token": "abcdefghijklmnopqrstu", "upload_limit_mb": 5}
    (workdir / "reportgen-serve.yaml").write_text("tokn: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的设置 tokn"):
        file_settings(workdir)


def test_unknown_page_is_a_chinese_404(client: TestClient) -> None:
    missing = client.get("/nothing-here")
    assert missing.status_code == 404 and "没有这个页面" in missing.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/ledger"


def test_overlong_form_field_and_broken_multipart_are_refused_in_chinese(client: TestClient) -> None:
    token = csrf(client)
    long = client.post("/generate/config", data={"csrftoken": token, "basis": "长" * 600_000},
                       files={"x": ("a.txt", b"", "text/plain")})
    assert long.status_code == 400 and "表单中的文字太长" in long.text
    broken = client.post("/ledger/upload", content=b"--zz\r\ngarbage",
                         headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert broken.status_code in (400, 403)


def test_a_refusal_links_back_to_the_page_it_came_from(workdir: Path) -> None:
    """Too many returned forms on 填报 offered 返回台账页, a page the clerk was not on."""
    app = create_app(workdir, Settings(upload_limit=1024 * 1024))
    big = b"#" * (1024 * 1024 + 10)
    with TestClient(app, base_url=LOCAL) as c:
        token = csrf(c)
        refused = c.post("/forms/collect", data={"csrftoken": token, "ledger": "台账.yaml"},
                         files={"returned": ("区财政局.xlsx", big, "application/octet-stream")})
        assert refused.status_code == 413 and '<a href="/forms">返回填报页</a>' in refused.text
        refused = c.post("/ledger/upload", data={"csrftoken": token},
                         files={"ledger": ("台账.yaml", big, "application/yaml")})
        assert '<a href="/ledger">返回台账页</a>' in refused.text
        missing = c.get("/generate/jobs/0123456789abcdef")
        assert missing.status_code == 404 and '<a href="/generate">返回生成页</a>' in missing.text
