"""Downloads serve only files inside the working and output folders: traversal attempts fail."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import LOCAL, raw_get

from reportgen.web import Settings, create_app
from reportgen.web.access import download_url, served_path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET", encoding="utf-8")
    return path


def test_a_file_of_the_working_folder_downloads(client: TestClient, workdir: Path) -> None:
    got = client.get("/files/台账.yaml")
    assert got.status_code == 200
    assert got.content == (workdir / "台账.yaml").read_bytes()
    assert got.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize("path", [
    "/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt",
    "/files/..%2fsecret.txt", "/files/%2e%2e%5csecret.txt", "/files//etc/passwd",
    "/files/%2Fetc%2Fpasswd", "/files/C:%5CWindows%5Cwin.ini", "/files/./台账.yaml%00.pdf",
    "/output/../../secret.txt", "/files/nothing.yaml", "/files/",
])
def test_traversal_through_the_client_is_refused(client: TestClient, secret: Path,
                                                 path: str) -> None:
    refused = client.get(path)
    assert refused.status_code == 404, path
    assert "TOP-SECRET" not in refused.text


@pytest.mark.parametrize("path", [b"/files/../secret.txt", b"/files/../../etc/passwd",
                                  b"/files/sub/../../secret.txt", b"/output/../secret.txt",
                                  b"/files/%2e%2e/secret.txt"])
def test_traversal_sent_raw_is_refused(app: FastAPI, secret: Path, path: bytes) -> None:
    """``..`` exactly as a hostile client sends it (httpx would normalise it away)."""
    status, body = raw_get(app, path)
    assert status == 404
    assert b"TOP-SECRET" not in body


def test_symlink_pointing_out_is_refused(client: TestClient, workdir: Path, secret: Path) -> None:
    (workdir / "link.txt").symlink_to(secret)
    (workdir / "outside").symlink_to(secret.parent, target_is_directory=True)
    assert client.get("/files/link.txt").status_code == 404
    assert client.get("/files/outside/secret.txt").status_code == 404
    (workdir / "inner.yaml").symlink_to(workdir / "台账.yaml")
    assert client.get("/files/inner.yaml").status_code == 200  # a link that stays inside


def test_hidden_files_and_the_settings_file_are_never_served(client: TestClient,
                                                             workdir: Path) -> None:
    (workdir / ".git").mkdir()
    (workdir / ".git" / "config").write_text("x", encoding="utf-8")
    (workdir / ".env").write_text("x", encoding="utf-8")
    (workdir / "reportgen-serve.yaml").write_text("token: abcdefghijklmnopqrstuv\n",
                                                  encoding="utf-8")
    for path in ("/files/.git/config", "/files/.env", "/files/reportgen-serve.yaml",
                 "/files/REPORTGEN-SERVE.YAML"):
        assert client.get(path).status_code == 404, path


def test_output_folder_outside_the_working_folder(tmp_path: Path, workdir: Path,
                                                  secret: Path) -> None:
    out = tmp_path / "elsewhere"
    out.mkdir()
    (out / "通报.pdf").write_bytes(b"%PDF-1.7 test")
    app = create_app(workdir, Settings(output_dir=out))
    with TestClient(app, base_url=LOCAL) as c:
        assert c.get("/output/通报.pdf").content == b"%PDF-1.7 test"
        assert c.get("/output/../secret.txt").status_code == 404
    roots = [workdir, out]
    assert download_url(roots, out / "通报.pdf") == "/output/%E9%80%9A%E6%8A%A5.pdf"
    assert download_url(roots, secret) is None


def test_served_path_rules(workdir: Path, secret: Path) -> None:
    roots = [workdir]
    assert served_path(workdir, "台账.yaml", roots) == (workdir / "台账.yaml").resolve()
    for bad in ("", "..", "../secret.txt", str(secret), "a\\..\\b", "x\x00y", ".hidden",
                "C:/Windows/win.ini", "sub/./x"):
        assert served_path(workdir, bad, roots) is None, bad
    os.mkfifo(workdir / "pipe")
    assert served_path(workdir, "pipe", roots) is None  # only regular files


def test_fonts_are_only_the_bundled_ones(client: TestClient) -> None:
    font = client.get("/fonts/FandolFang-Regular.otf")
    assert font.status_code == 200 and font.content[:4] == b"OTTO"
    assert client.get("/fonts/..%2F..%2Fconfig.py").status_code == 404
    assert client.get("/fonts/COPYING").status_code == 404
