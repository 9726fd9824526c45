"""House rules a machine can check: every module of the package opens with its one-line summary."""
from __future__ import annotations

import ast
from pathlib import Path

import reportgen

PACKAGE = Path(reportgen.__file__).resolve().parent


def _summary(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return docstring.splitlines()[0].strip() if docstring else ""


def test_every_module_opens_with_a_one_line_summary() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "model.py" in modules and len(modules) > 100  # the walk sees the package
    missing = [str(p.relative_to(PACKAGE)) for p in modules if not _summary(p)]
    assert missing == []


def test_a_module_without_a_summary_is_caught(tmp_path: Path) -> None:
    bare = tmp_path / "bare.py"
    bare.write_text("from __future__ import annotations\n", encoding="utf-8")
    assert _summary(bare) == ""
    bare.write_text('"""Says what it is."""\n', encoding="utf-8")
    assert _summary(bare) == "Says what it is."
