"""The one error hierarchy of reportgen; each kind maps to an exit status and a Chinese message."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is (file, row or YAML path, field) and what."""

    message: str
    file: str | None = None
    row: int | str | None = None  # a 1-based row number, or a YAML path like items[3].units[0]
    field: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"第{self.row}行" if isinstance(self.row, int) else str(self.row))
        if self.field:
            where.append(f"字段“{self.field}”")
        label = "警告" if self.warning else ""
        prefix = " ".join(where)
        text = f"{prefix}：{self.message}" if prefix else self.message
        return f"{label}：{text}" if label else text


class ReportgenError(Exception):
    """Base of every error a user may cause; the CLI prints it without a traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []

    def __str__(self) -> str:
        lines = [self.message]
        lines.extend(f"  - {p}" for p in self.problems if not p.warning)
        return "\n".join(lines)


class DataError(ReportgenError):
    """The ledger cannot be read or is invalid; carries every problem found, not only the first."""

    exit_code = 2


class ConfigError(ReportgenError):
    """The report configuration or a style profile is invalid."""

    exit_code = 3


class TemplateError(ReportgenError):
    """A template is missing, fails to render, or emits markup outside the vocabulary."""

    exit_code = 4


class OutputError(ReportgenError):
    """An output could not be written (disk, permissions, a missing system library)."""

    exit_code = 5


@dataclass
class ProblemList:
    """Collects problems while reading a file, to raise them all at once."""

    file: str | None = None
    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        message: str,
        row: int | str | None = None,
        field: str | None = None,
        warning: bool = False,
    ) -> None:
        self.items.append(Problem(message, self.file, row, field, warning))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_errors(self, message: str) -> None:
        if self.errors:
            raise DataError(message, list(self.items))
