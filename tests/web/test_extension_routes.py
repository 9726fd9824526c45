"""历史 and 格式检查: extension points that say 尚未启用 until their pipeline module exists."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import csrf

from reportgen import pipeline
from reportgen.web.routes.extension import pipeline_room


@pytest.mark.parametrize(("path", "room"), [("/history", "history"), ("/check", "check")])
def test_extension_page(client: TestClient, path: str, room: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    installed = importlib.util.find_spec(f"reportgen.pipeline.{room}") is not None
    assert ("尚未启用" in page.text) is (not installed)
    assert 'aria-current="page"' in page.text


def test_pipeline_room_finds_installed_modules_only() -> None:
    assert pipeline_room("core") is not None
    assert pipeline_room("no_such_room") is None


def test_history_lists_the_periods_of_the_working_folder(client: TestClient,
                                                         workdir: Path) -> None:
    """Runs once the period store (reportgen.pipeline.history) is installed."""
    room = pipeline_room("history")
    if room is None:
        pytest.skip("期次存储（reportgen.pipeline.history）尚未合入：历史页显示“尚未启用”")
    empty = client.get("/history")
    assert "已记录的期次（0）" in empty.text
    db = str(workdir / "reportgen.db")
    room.record(workdir / "台账.yaml", period="2022年8-10月", db=db)
    room.record(workdir / "台账.yaml", period="2022年11月", db=db)
    shown = client.get("/history")
    assert shown.status_code == 200 and "已记录的期次（2）" in shown.text
    assert "<td>2022年8-10月</td>" in shown.text and "<td>2022年11月</td>" in shown.text


def check_room() -> Any:
    room = pipeline_room("check")
    if room is None:
        pytest.skip("公文格式检查（reportgen.pipeline.check）尚未合入：格式检查页显示“尚未启用”")
    return room


def test_check_upload_refused_until_the_check_exists(client: TestClient) -> None:
    if pipeline_room("check") is not None:
        pytest.skip("公文格式检查已安装")
    refused = client.post("/check/upload", data={"csrftoken": csrf(client)},
                          files={"document": ("通报.docx", b"PK", "application/octet-stream")})
    assert refused.status_code == 404 and "尚未启用" in refused.text


def test_check_upload_of_our_own_bulletin(client: TestClient, workdir: Path) -> None:
    check_room()
    built = pipeline.build(workdir / "config.yaml", workdir / "输出", ["pdf"])
    pdf = next(p for p in built.outputs if p.name == "督查通报第8期.pdf")
    shown = client.post("/check/upload", data={"csrftoken": csrf(client)},
                        files={"document": ("通报.pdf", pdf.read_bytes(), "application/pdf")})
    assert shown.status_code == 200, shown.text
    assert 'id="check-rules"' in shown.text and "通报.pdf" in shown.text


@pytest.mark.parametrize(("name", "data"), [("通报.docx", b"\x00junk" * 200),
                                            ("通报.pdf", b"%PDF-1.7\n" + b"\xff" * 500),
                                            ("工具.exe", b"MZ\x90\x00")])
def test_check_upload_of_hostile_files(client: TestClient, name: str, data: bytes) -> None:
    check_room()
    shown = client.post("/check/upload", data={"csrftoken": csrf(client)},
                        files={"document": (name, data, "application/octet-stream")})
    assert shown.status_code == 422
    assert name in shown.text and "Traceback" not in shown.text
    assert "reportgen-web-" not in shown.text  # the stored path never shows


def test_record_periods_from_the_history_page(client: TestClient, workdir: Path) -> None:
    if pipeline_room("history") is None:
        pytest.skip("期次存储（reportgen.pipeline.history）尚未合入")
    recorded = client.post("/history/record", data={"csrftoken": csrf(client),
                                                    "ledger": "台账.yaml", "period": ""},
                           follow_redirects=False)
    assert recorded.status_code == 303  # the ledger's own period: 2022年8-10月
    page = client.get(recorded.headers["location"])
    assert "已记入历史" in page.text and "<td>2022年8-10月</td>" in page.text
    again = client.post("/history/record", data={"csrftoken": csrf(client),
                                                 "ledger": "台账.yaml", "period": ""})
    assert again.status_code == 422 and "2022年8-10月" in again.text
    assert "已记录的期次（1）" in again.text  # the store is as it was
    (workdir / "坏.yaml").write_text("items:\n  - units: []\n", encoding="utf-8")
    bad = client.post("/history/record", data={"csrftoken": csrf(client), "ledger": "坏.yaml",
                                               "period": "2022年12月"})
    assert bad.status_code == 422 and "错误：" in bad.text
    outside = client.post("/history/record", data={"csrftoken": csrf(client),
                                                   "ledger": "../台账.yaml", "period": "x"})
    assert outside.status_code == 404
    hostile = client.post("/history/record", data={"csrftoken": csrf(client),
                                                   "ledger": "台账.yaml",
                                                   "period": "<script>alert(1)</script>"},
                          follow_redirects=True)
    assert "<script>alert(1)" not in hostile.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.text
