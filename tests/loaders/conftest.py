"""Fixtures of the loader tests: the expected sample ledger and a file maker."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ledger_samples import expected_ledger

from reportgen.model import Ledger


@pytest.fixture
def expected() -> Ledger:
    return expected_ledger()


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to a file of the given name in a fresh folder."""
    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return make
