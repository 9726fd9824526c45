"""``reportgen serve`` as a user starts it: a real uvicorn process on a free port."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from reportgen.web.server import address, announce, make_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(workdir: Path, *args: str) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", str(workdir), "--port", str(port),
         "--no-browser", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "200"})
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_help_is_chinese() -> None:
    shown = subprocess.run([sys.executable, "-m", "reportgen", "serve", "--help"],
                           capture_output=True, text=True, check=True)
    assert "启动网页工作台" in shown.stdout and "--no-browser" in shown.stdout
    assert "不自动打开浏览器" in shown.stdout


def test_serves_the_working_folder_on_loopback(workdir: Path) -> None:
    with serving(workdir) as (port, process):
        page = httpx2.get(f"http://127.0.0.1:{port}/ledger", params={"file": "台账.yaml"})
        assert page.status_code == 200 and 'id="stat-items">48<' in page.text
        process.terminate()
        log = process.communicate(timeout=20)[0]
    assert "仅本机可访问" in log and f"http://127.0.0.1:{port}/" in log


def test_ctrl_c_stops_it_quietly_in_chinese(workdir: Path) -> None:
    """Ctrl+C is how a clerk stops the workbench: exit status 0, a Chinese line, no English
    server log and no "error"."""
    with serving(workdir) as (port, process):
        assert httpx2.get(f"http://127.0.0.1:{port}/ledger").status_code == 200
        process.send_signal(signal.SIGINT)
        log = process.communicate(timeout=20)[0]
        assert process.returncode == 0, log
    assert log.rstrip().endswith("工作台已停止。")
    assert "错误" not in log and "INFO" not in log and "Uvicorn" not in log


def test_non_local_bind_requires_the_token_it_prints(workdir: Path) -> None:
    with serving(workdir, "--host", "0.0.0.0") as (port, process):
        base = f"http://127.0.0.1:{port}"
        assert httpx2.get(base + "/ledger").status_code == 401
        process.terminate()
        log = process.communicate(timeout=20)[0]
    assert "每个请求都需要访问令牌（本次启动生成）" in log
    token = re.search(r"\?token=([A-Za-z0-9_-]+)", log)
    assert token
    with serving(workdir, "--host", "0.0.0.0", "--token", token.group(1)) as (port, _):
        client = httpx2.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True)
        entered = client.get("/ledger", params={"token": token.group(1)})
        assert entered.status_code == 200  # redirected once, then the cookie carries it
        assert client.get("/generate").status_code == 200
        client.close()


def test_settings_from_the_folder_and_the_command_line(workdir: Path) -> None:
    (workdir / "reportgen-serve.yaml").write_text(
        "host: 0.0.0.0\nport: 8123\ntoken: abcdefghijklmnopqrstuvwx\nupload_limit_mb: 5\n",
        encoding="utf-8")
    settings = make_settings(workdir, None, None, None, None)
    assert (settings.host, settings.port, settings.upload_limit) == ("0.0.0.0", 8123, 5 << 20)
    assert address(settings) == "http://127.0.0.1:8123/?token=abcdefghijklmnopqrstuvwx"
    assert "来自设置" in "".join(announce(settings, workdir))
    override = make_settings(workdir, "127.0.0.1", 9000, None, 1)
    assert (override.port, override.upload_limit) == (9000, 1 << 20)


def test_opens_the_browser_unless_told_not_to(workdir: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n",
                        encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", str(workdir), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "BROWSER": f"{sys.executable} {recorder} %s"})
    try:
        for _ in range(300):
            if opened.exists() and opened.read_text():
                break
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert opened.read_text() == f"http://127.0.0.1:{port}/"


def test_a_taken_port_is_a_chinese_error(workdir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        shown = subprocess.run([sys.executable, "-m", "reportgen", "serve", str(workdir),
                                "--port", str(port), "--no-browser"],
                               capture_output=True, text=True, timeout=60, check=False)
    assert shown.returncode == 3
    assert f"无法在 127.0.0.1:{port} 启动" in shown.stderr and "Traceback" not in shown.stderr
