"""历史 and 格式检查: extension points that say 尚未启用 until their pipeline module exists."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

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
