"""Loaders by file type: a registry from file suffix to the function that reads a ledger."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import DataError, Problem, ProblemList
from reportgen.loaders.assemble import build_ledger
from reportgen.loaders.csv_file import read_csv
from reportgen.loaders.importing import read_document
from reportgen.loaders.raw import RawLedger
from reportgen.loaders.xlsx_file import read_xlsx
from reportgen.loaders.yaml_file import read_yaml
from reportgen.model import Ledger, StatusScale

Reader = Callable[[Path, ProblemList], RawLedger]

# File suffix → reader. Adding a format is adding a module and a line here.
LOADERS: dict[str, Reader] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    # Documents offices already have, read by the importer (loaders/importing.py).
    ".docx": read_document,
    ".txt": read_document,
    ".xls": read_document,
    ".doc": read_document,
    ".wps": read_document,
    ".et": read_document,
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
