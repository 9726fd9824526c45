"""The ``serve`` command: the local web workbench over a working folder."""
from __future__ import annotations

import contextlib
from pathlib import Path

import click

from reportgen.cli.app import cli, err


@cli.command(help="启动网页工作台（默认仅本机可访问），并打开浏览器。")
@click.argument("directory", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False, exists=True), metavar="[目录]")
@click.option("--host", default=None, help="绑定地址（默认 127.0.0.1；其他地址需要访问令牌）。")
@click.option("--port", type=int, default=None, help="端口（默认 8000）。")
@click.option("--token", envvar="REPORTGEN_TOKEN", default=None,
              help="访问令牌（也可用环境变量 REPORTGEN_TOKEN；非本机地址未给出时自动生成）。")
@click.option("--upload-limit", type=click.IntRange(1, 2048), default=None,
              help="一次上传的大小上限，MB（默认 50）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve(directory: Path, host: str | None, port: int | None, token: str | None,
          upload_limit: int | None, no_browser: bool) -> None:
    # The web stack is imported only here, so other commands start without it.
    from reportgen.web.server import announce, check_port, make_settings, run

    settings = make_settings(directory, host, port, token, upload_limit)
    check_port(settings)
    for line in announce(settings, directory):
        err.print(line, soft_wrap=True, highlight=False)
    # Ctrl+C is how the workbench is stopped, not an error (uvicorn shuts down cleanly, then
    # raises the signal again).
    with contextlib.suppress(KeyboardInterrupt):
        run(directory, settings, open_browser=not no_browser)
    err.print("工作台已停止。")
