"""The ledger's field names and their Chinese aliases, shared by YAML keys and table headers."""
from __future__ import annotations

import re

# Item-level fields (one value per item) and row-level fields (one value per unit row).
ITEM_FIELDS = ("id", "seq", "section", "task", "target", "deadline", "notes")
ROW_FIELDS = ("unit", "person", "progress", "status")

# Chinese display name of each field, used in messages.
FIELD_LABELS: dict[str, str] = {
    "id": "任务ID",
    "seq": "序号",
    "section": "分类",
    "task": "工作任务",
    "target": "目标",
    "deadline": "时限",
    "notes": "备注",
    "unit": "责任单位",
    "person": "责任人",
    "progress": "进展情况",
    "status": "完成情况",
}

# Every accepted spelling (English key, Chinese key, table header) → canonical field.
FIELD_ALIASES: dict[str, str] = {
    "id": "id", "任务ID": "id", "任务编码": "id",
    "seq": "seq", "序号": "seq", "编号": "seq",
    "section": "section", "分类": "section", "类别": "section", "板块": "section",
    "task": "task", "工作任务": "task", "事项名称": "task", "重点工作": "task",
    "重点任务": "task", "工作事项": "task", "任务": "task", "督查事项": "task",
    "target": "target", "目标": "target", "工作目标": "target", "目标任务": "target",
    "deadline": "deadline", "时限": "deadline", "完成时限": "deadline", "时间节点": "deadline",
    "notes": "notes", "备注": "notes",
    "unit": "unit", "责任单位": "unit", "牵头单位": "unit", "主要责任单位": "unit",
    "单位": "unit",
    "person": "person", "责任人": "person",
    "progress": "progress", "进展情况": "progress", "各项工作进展情况": "progress",
    "落实情况": "progress", "工作进展": "progress", "进展": "progress",
    "status": "status", "完成情况": "status", "状态": "status",
}

# Top-level keys of a YAML ledger.
TOP_ALIASES: dict[str, str] = {
    "title": "title", "标题": "title",
    "period": "period", "时期": "period",
    "date": "date", "日期": "date",
    "status_scale": "status_scale", "状态等级": "status_scale",
    "items": "items", "事项": "items", "任务清单": "items",
    "notes": "notes", "备注": "notes",
}

UNITS_KEYS = ("units", "单位列表")

_SPACE = re.compile(r"[\s\u3000]+")
_SUFFIX_NOTE = re.compile(r"^(?P<name>[^（(]+)[（(].*[)）]$")


def normalise_header(text: str) -> str:
    """A header or key as written, without spaces, line breaks or a trailing colon."""
    return _SPACE.sub("", text).rstrip(":：")


def field_for(name: str) -> str | None:
    """The canonical field for a header or key, or None if it is not a known one.

    A header with a parenthesised note, like 完成情况（积极/正常/一般/滞后）, counts as its name.
    """
    key = normalise_header(name)
    if key in FIELD_ALIASES:
        return FIELD_ALIASES[key]
    lowered = key.lower()
    if lowered in FIELD_ALIASES:
        return FIELD_ALIASES[lowered]
    match = _SUFFIX_NOTE.match(key)
    if match:
        return FIELD_ALIASES.get(match.group("name"))
    return None


def known_headers() -> str:
    """The Chinese headers a table may use, for error messages."""
    return "、".join(k for k in FIELD_ALIASES if not k.isascii())
