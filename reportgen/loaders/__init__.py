"""Loaders by file type: a registry from file suffix to the function that reads a ledger."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import DataError, Problem, ProblemList
from reportgen.loaders.assemble import build_ledger
from reportgen.loaders.raw import RawLedger
from reportgen.model import Ledger, StatusScale

Reader = Callable[[Path, ProblemList], RawLedger]


def _on_use(module: str, name: str) -> Reader:
    """A reader whose module is imported when a file of its type is read, not at start-up."""
    def read(path: Path, problems: ProblemList) -> RawLedger:
        reader: Reader = getattr(importlib.import_module(f"reportgen.loaders.{module}"), name)
        return reader(path, problems)
    read.__qualname__ = read.__name__ = name
    return read


# File suffix → reader. Adding a format is adding a module and a line here.
LOADERS: dict[str, Reader] = {
    ".yaml": _on_use("yaml_file", "read_yaml"),
    ".yml": _on_use("yaml_file", "read_yaml"),
    ".csv": _on_use("csv_file", "read_csv"),
    ".tsv": _on_use("csv_file", "read_csv"),
    ".xlsx": _on_use("xlsx_file", "read_xlsx"),
    ".xlsm": _on_use("xlsx_file", "read_xlsx"),
    # Documents offices already have, read by the importer (loaders/importing.py).
    ".docx": _on_use("importing", "read_document"),
    ".txt": _on_use("importing", "read_document"),
    ".xls": _on_use("importing", "read_document"),
    ".doc": _on_use("importing", "read_document"),
    ".wps": _on_use("importing", "read_document"),
    ".et": _on_use("importing", "read_document"),
}


@dataclass
class LoadResult:
    """A valid ledger and the warnings met while reading it (removed characters, ignored columns)."""

    ledger: Ledger
    warnings: list[Problem] = field(default_factory=list)


def load_ledger(
    path: Path,
    *,
    aliases: dict[str, str] | None = None,
    scale: StatusScale | None = None,
    unique_seq: bool = False,
) -> LoadResult:
    """Read, clean and validate a ledger file chosen by its suffix.

    Raises DataError (exit status 2) carrying every problem of the file at once.
    ``scale`` (from the report config) overrides the file's own status_scale. A file
    without a title (no title key, no title row) takes its file name as title.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = LOADERS.get(suffix)
    if reader is None:
        known = "、".join(sorted(LOADERS))
        raise DataError(f"不支持的台账文件类型“{suffix or '无后缀'}”（{path}）；"
                        f"可用的类型：{known}")
    problems = ProblemList(file=str(path))
    raw = reader(path, problems)
    raw.title = raw.title or path.stem  # a CSV without a title row is named by its file
    ledger = build_ledger(raw, problems, scale=scale, aliases=aliases, unique_seq=unique_seq)
    errors = len(problems.errors)
    problems.raise_if_errors(f"台账文件 {path} 有 {errors} 处错误")
    return LoadResult(ledger, problems.warnings)


__all__ = ["LOADERS", "LoadResult", "load_ledger"]
