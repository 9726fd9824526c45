"""A real server and a real Chromium for the browser tests: uvicorn in a thread, Playwright."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from reportgen.web import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web-screenshots"
VIEWPORT = {"width": 1366, "height": 768}


def need_chromium() -> None:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("没有 /usr/bin/chromium（Debian 软件包 chromium；scripts/install-system.sh --test 安装）")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(workdir: Path, settings: Settings) -> Iterator[str]:
    """The workbench served by uvicorn in a thread; yields its base address."""
    settings.port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(workdir, settings), host=settings.host,
                                          port=settings.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def shot(page: object, name: str) -> Path:
    """A 1366×768 screenshot of the page as the user sees it, into test-output/web-screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path
