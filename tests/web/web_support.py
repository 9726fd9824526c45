"""Helpers of the web tests: the example folder, the CSRF token of a page, raw requests."""
from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "zhanhe-2022-08"
LOCAL = "http://127.0.0.1:8000"


def csrf(client: TestClient) -> str:
    """The CSRF token a page hands out (and sets the cookie for)."""
    page = client.get("/ledger")
    found = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def raw_get(app: FastAPI, path: bytes, host: bytes = b"127.0.0.1:8000") -> tuple[int, bytes]:
    """GET a path exactly as given (clients normalise ``..`` away), straight into the app."""
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path.decode("utf-8", "surrogateescape"), "raw_path": path,
        "root_path": "", "query_string": b"", "headers": [(b"host", host)],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def wait_job(client: TestClient, job_url: str) -> dict[str, Any]:
    """Poll a build job's status until it has finished; its last status."""
    for _ in range(900):
        status: dict[str, Any] = client.get(job_url + "/status").json()
        if status["finished"]:
            return status
        time.sleep(0.2)
    raise AssertionError("build did not finish")


def post_job(client: TestClient, action: str, config: str) -> str:
    """Start a build (``/generate/build`` or ``/duban/build``); the job page's address."""
    started = client.post(action, data={"csrftoken": csrf(client), "config": config},
                          follow_redirects=False)
    assert started.status_code == 303, started.text
    return str(started.headers["location"])
