"""Fixtures for the web workbench: a working folder with the seed-002 example, an in-process client."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import EXAMPLE, LOCAL

from reportgen.web import Settings, create_app


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working folder holding the seed-002 example (config.yaml, 台账.yaml)."""
    folder = tmp_path / "工作"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def app(workdir: Path) -> FastAPI:
    return create_app(workdir, Settings())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client
