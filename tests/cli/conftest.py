"""Fixtures of the CLI tests: a command run as a clerk runs it, in a folder of its own."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, made the current one (where reportgen.db and -o paths land)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
