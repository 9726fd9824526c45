"""Shared fixtures: a small ledger built in code, and a per-test output folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from samples import make_small_ledger

from reportgen.model import Ledger

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def small_ledger() -> Ledger:
    return make_small_ledger()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path
