"""Run a workbench with uvicorn: settings from the folder and the command line, log, browser."""
from __future__ import annotations

import logging
import socket
import threading
import webbrowser
from pathlib import Path

import uvicorn

from reportgen.errors import ConfigError
from reportgen.web.app import create_app
from reportgen.web.settings import DEFAULT_UPLOAD_MB, Settings, file_settings

log = logging.getLogger("reportgen.web")


def make_settings(workdir: Path, host: str | None, port: int | None, token: str | None,
                  upload_limit_mb: int | None) -> Settings:
    """Command-line values win over the working folder's reportgen-serve.yaml, then defaults."""
    saved = file_settings(workdir)
    mb = upload_limit_mb or int(saved.get("upload_limit_mb") or DEFAULT_UPLOAD_MB)
    return Settings(host=host or str(saved.get("host") or "127.0.0.1"),
                    port=port or int(saved.get("port") or 8000),
                    token=token or (str(saved["token"]) if saved.get("token") else None),
                    upload_limit=mb * 1024 * 1024)


def address(settings: Settings) -> str:
    """The address to open; with a token, the address that carries it."""
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    host = f"[{host}]" if ":" in host else host
    url = f"http://{host}:{settings.port}/"
    return f"{url}?token={settings.token}" if settings.token else url


def announce(settings: Settings, workdir: Path) -> list[str]:
    """What the log says at start: where, and whether a token guards the server."""
    lines = [f"reportgen 工作台：工作文件夹 {workdir.resolve()}"]
    if settings.token:
        source = "本次启动生成" if settings.generated_token else "来自设置"
        lines.append(f"绑定 {settings.host}（非本机地址）：每个请求都需要访问令牌（{source}）。")
        lines.append(f"打开 {address(settings)}")
    else:
        lines.append(f"仅本机可访问：打开 {address(settings)}")
    lines.append("按 Ctrl+C 停止。")
    return lines


def check_port(settings: Settings) -> None:
    """Refuse in Chinese a port that is taken or an address this machine does not have."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            raise ConfigError(f"无法在 {settings.host}:{settings.port} 启动：{exc.strerror or exc}"
                              "（端口已被占用时请用 --port 换一个）") from None


def run(workdir: Path, settings: Settings, open_browser: bool = True) -> None:
    """Serve until interrupted; open the browser once the server is listening."""
    check_port(settings)
    app = create_app(workdir, settings)
    # uvicorn's start and stop lines are English and repeat what ``announce`` said in Chinese:
    # only its warnings and errors are shown.
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                            access_log=False, server_header=False)
    server = uvicorn.Server(config)
    if open_browser:
        def opener() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.1)
            if server.started:
                webbrowser.open(address(settings))
        threading.Thread(target=opener, daemon=True).start()
    server.run()
