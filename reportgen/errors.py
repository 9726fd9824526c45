"""The one error hierarchy of reportgen; each kind maps to an exit status and a Chinese message."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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


class MarkupError(TemplateError):
    """Markup outside the vocabulary; the pipeline names the document and template (``about``).

    Here, not in the vocabulary reader, so that a PDF worker's error keeps its kind on its way
    back to the build (pipeline.parallel looks the kind up in this module by name).
    """

    def about(self, document: str, template: str) -> TemplateError:
        return TemplateError(f"文档“{document}”（模板 {template}）：{self.message}", self.problems)


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


def listed(names: list[str], limit: int = 10) -> str:
    """Names for a message: the first ``limit`` joined with 、, and 等 when there are more."""
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


# pydantic's error types in the words a clerk reads; {name} is filled from the error's context.
_VALIDATION = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知的键（请检查拼写）",
    "string_type": "应是文字",
    "int_type": "应是整数（如 8）",
    "int_parsing": "应是整数（如 8）",
    "int_from_float": "应是整数，不能带小数",
    "float_type": "应是数字（如 1.5）",
    "float_parsing": "应是数字（如 1.5）",
    "finite_number": "应是有限的数字",
    "bool_type": "应是 true 或 false",
    "bool_parsing": "应是 true 或 false",
    "date_type": "应是日期，写成 2022-11-12 的形式",
    "date_parsing": "应是日期，写成 2022-11-12 的形式",
    "date_from_datetime_parsing": "应是日期，写成 2022-11-12 的形式",
    "date_from_datetime_inexact": "应是日期，不带时刻",
    "list_type": "应是列表（每项一行，以“- ”开头）",
    "dict_type": "应是“键: 值”形式的映射",
    "model_type": "应是“键: 值”形式的映射",
    "model_attributes_type": "应是“键: 值”形式的映射",
    "literal_error": "应是以下之一：{expected}",
    "enum": "应是以下之一：{expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应是 {multiple_of} 的倍数",
    "string_too_short": "至少要 {min_length} 个字",
    "string_too_long": "最多 {max_length} 个字",
    "too_short": "至少要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_pattern_mismatch": "写法不对",
}
_OWN = {"value_error": "Value error, ", "assertion_error": "Assertion failed, "}
_INPUT_CHARS = 60  # of the offending value, quoted after the message


def validation_message(error: Mapping[str, Any]) -> str:
    """One pydantic validation error (an item of ``ValidationError.errors()``) in Chinese, with
    the value that was given; our validators' own (Chinese) messages are kept as they are."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind in _OWN:
        text = message.removeprefix(_OWN[kind])
    elif kind in _VALIDATION:
        context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
        if "expected" in context:  # "'a', 'b' or 'c'"
            context["expected"] = context["expected"].replace(" or ", "、").replace(", ", "、")
        try:
            text = _VALIDATION[kind].format_map(context)
        except (KeyError, ValueError):
            text = message
    else:
        text = message
    if kind == "missing" or "input" not in error:
        return text
    given = repr(error["input"])
    if len(given) > _INPUT_CHARS:
        given = given[:_INPUT_CHARS] + "…"
    return f"{text}（得到 {given}）"
