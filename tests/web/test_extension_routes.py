"""历史 and 格式检查: extension points that say 尚未启用 until their pipeline module exists."""
from __future__ import annotations

import importlib.util

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
