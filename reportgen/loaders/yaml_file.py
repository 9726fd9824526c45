"""The YAML ledger reader (the canonical format), with YAML paths and line numbers in messages.

Scalars stay text: PyYAML's YAML 1.1 rules would turn ``no``/``on`` into booleans, 2022-12-31
into a date and 1.10 into 1.1; here only an empty value, ``~`` and ``null`` mean "nothing".
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import DataError, Problem, ProblemList
from reportgen.loaders.clean import clean_field
from reportgen.loaders.fields import (
    FIELD_ALIASES,
    ITEM_FIELDS,
    ROW_FIELDS,
    TOP_ALIASES,
    UNITS_KEYS,
    field_for,
)
from reportgen.loaders.raw import Cell, RawItem, RawLedger, RawRow
from reportgen.loaders.textfile import read_text
from reportgen.loaders.yaml_limits import (
    LimitedSafeLoader,
    YamlLimitError,
    on_libyaml,
    yaml_problem,
)

_NULL = "tag:yaml.org,2002:null"
_TEXT_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class TextLoader(LimitedSafeLoader):
    """A limited SafeLoader that resolves no plain scalar except null: the rest is text."""

    yaml_implicit_resolvers = _TEXT_RESOLVERS


# The same on libyaml, when PyYAML was built with it (yaml_limits checks both alike).
CTextLoader = on_libyaml("CTextLoader", yaml_implicit_resolvers=_TEXT_RESOLVERS)


# The loader the ledger reader uses: libyaml's parser when PyYAML was built with it (about 3×
# faster on a 5,000-row ledger; what a plain scalar means is still decided by the Python
# resolver above, and the limits of yaml_limits hold on it as on the Python parser).
FastTextLoader: type[Any] = CTextLoader or TextLoader


class Tree:
    """Plain values from YAML nodes, remembering the line of every path."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        self.lines: dict[str, int] = {}

    def where(self, path: str) -> str:
        line = self.lines.get(path)
        return f"{path}（第{line}行）" if line else path

    def value(self, node: yaml.Node, path: str) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL else str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        return None  # pragma: no cover - composer yields only these three node kinds

    def mapping(self, node: yaml.MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add("键必须是文字", self.where(path))
                continue
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key == "<<" and isinstance(value_node, yaml.MappingNode):
                for k, v in self.mapping(value_node, child).items():
                    result.setdefault(k, v)
                continue
            if key in result:
                self.lines[child] = key_node.start_mark.line + 1
                self.problems.add(f"键“{key}”重复出现", self.where(child), key)
                continue
            self.lines[child] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, child)
        return result


def _strip_unprintable(text: str, problems: ProblemList) -> str:
    """Remove the characters PyYAML refuses (control characters), warning with their lines."""
    if not yaml.reader.Reader.NON_PRINTABLE.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        found = yaml.reader.Reader.NON_PRINTABLE.findall(line)
        if found:
            codes = "、".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
            problems.add(f"已删除控制字符 {codes}", number, warning=True)
            lines[number - 1] = yaml.reader.Reader.NON_PRINTABLE.sub("", line)
    return "\n".join(lines)


def compose(text: str, path: Path, loader_class: type[Any] | None = None) -> yaml.Node | None:
    """The document's node graph, within the limits of yaml_limits; a DataError otherwise."""
    loader = (loader_class or FastTextLoader)(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except YamlLimitError as exc:
        problem = Problem(f"YAML 超出读取限制：{exc.message}", str(path), exc.line)
        raise DataError(f"台账文件 {path} 超出读取限制：{exc.message}", [problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"第{mark.line + 1}行第{mark.column + 1}列：" if mark else ""
        detail = yaml_problem(exc)
        problem = Problem(f"YAML 语法错误：{detail}", str(path), mark.line + 1 if mark else None)
        raise DataError(f"台账文件 {path} 不是有效的 YAML：{line}{detail}", [problem]) from None
    except yaml.YAMLError as exc:
        raise DataError(f"台账文件 {path} 不是有效的 YAML：{exc}") from None
    finally:
        loader.dispose()


class _Reader:
    """Turns the plain tree into raw items, field by field, naming every path in problems."""

    def __init__(self, tree: Tree, problems: ProblemList) -> None:
        self.tree = tree
        self.problems = problems

    def text(self, value: Any, path: str, key: str) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n".join(value)
        self.problems.add("应是一段文字，而不是列表或映射", self.tree.where(path), key)
        return None

    def cell(self, field: str, value: Any, path: str, key: str) -> Cell:
        where = self.tree.where(path)
        if field == "unit" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = " ".join(value)
        text = self.text(value, path, key)
        invalid = text is None and value is not None
        return Cell(clean_field(field, text, self.problems, where, key), where, key, invalid)

    def unit_rows(self, value: Any, path: str, key: str) -> list[RawRow]:
        if not isinstance(value, list):
            self.problems.add("单位列表应是以“-”开头的列表", self.tree.where(path), key)
            return []
        rows: list[RawRow] = []
        for i, entry in enumerate(value):
            entry_path = f"{path}[{i}]"
            if isinstance(entry, str):  # "- 区财政局": a unit with nothing reported yet
                entry = {"unit": entry}
            if not isinstance(entry, dict):
                self.problems.add("每个单位应是“unit: …”形式的映射", self.tree.where(entry_path))
                continue
            row = RawRow(self.tree.where(entry_path))
            for k, v in entry.items():
                field = field_for(k)
                if field not in ROW_FIELDS:
                    self.unknown(k, f"{entry_path}.{k}", ROW_FIELDS)
                    continue
                row.cells[field] = self.cell(field, v, f"{entry_path}.{k}", k)
            rows.append(row)
        return rows

    def unknown(self, key: str, path: str, allowed: tuple[str, ...]) -> None:
        def spellings(name: str) -> str:
            if name == "units":
                return "/".join(UNITS_KEYS[1:])
            return "/".join(a for a, c in FIELD_ALIASES.items() if c == name and not a.isascii())

        names = "、".join(f"{f}（{spellings(f)}）" for f in allowed)
        self.problems.add(f"未知的键“{key}”；此处可用：{names}", self.tree.where(path), key)

    def item(self, entry: Any, path: str) -> RawItem | None:
        if not isinstance(entry, dict):
            self.problems.add("每个事项应是“task: …”形式的映射", self.tree.where(path))
            return None
        item = RawItem(self.tree.where(path))
        own = RawRow(self.tree.where(path))
        units_key: str | None = None
        for key, value in entry.items():
            child = f"{path}.{key}"
            field = field_for(key)
            if key in UNITS_KEYS or (field == "unit" and isinstance(value, list)
                                     and any(isinstance(v, dict) for v in value)):
                units_key = key
                item.rows = self.unit_rows(value, child, key)
            elif field in ITEM_FIELDS:
                item.cells[field] = self.cell(field, value, child, key)
            elif field in ROW_FIELDS:
                own.cells[field] = self.cell(field, value, child, key)
            else:
                self.unknown(key, child, ITEM_FIELDS + ROW_FIELDS + ("units",))
        if units_key is not None:
            for cell in own.cells.values():
                if cell.value:
                    self.problems.add(f"已有单位列表“{units_key}”，{cell.label} 应写在各单位之下",
                                      cell.where, cell.label)
        elif not own.empty:
            item.rows = [own]
        if "task" not in item.cells:
            item.cells["task"] = Cell(None, self.tree.where(path), "task")
        return item


def _notes(reader: _Reader, value: Any, key: str) -> list[str]:
    """The ledger's notes: a list of lines (or one text)."""
    if isinstance(value, list) and all(isinstance(v, str) or v is None for v in value):
        lines = [reader.cell("notes", v, f"{key}[{i}]", key).value for i, v in enumerate(value)]
        return [line for line in lines if line]
    text = reader.cell("notes", value, key, key).value
    return text.split("\n") if text else []


def read_yaml(path: Path, problems: ProblemList) -> RawLedger:
    """Read a YAML ledger into raw items; syntax errors raise at once, the rest are collected."""
    from reportgen.loaders.yaml_fast import plain_ledger

    tree = Tree(problems)
    found, data = plain_ledger(_strip_unprintable(read_text(path, "台账"), problems), path, tree)
    if not found:
        raise DataError(f"台账文件 {path} 是空的")
    reader = _Reader(tree, problems)
    raw = RawLedger()
    if isinstance(data, list):
        data = {"items": data}
    if not isinstance(data, dict):
        raise DataError(f"台账文件 {path} 应是含 title、items 等键的 YAML 映射，而不是一段文字")
    items: Any = None
    items_key = "items"
    for key, value in data.items():
        name = TOP_ALIASES.get(key)
        if name in ("title", "period", "date"):
            cell = reader.cell("title", value, key, key)
            setattr(raw, name, cell.value)
            if name == "date":
                raw.date_where = cell.where
        elif name == "status_scale":
            raw.scale, raw.scale_where = value, tree.where(key)
        elif name == "notes":
            raw.notes = _notes(reader, value, key)
        elif name == "items":
            items, items_key = value, key
            if not isinstance(value, list):
                problems.add("items 应是以“-”开头的事项列表", tree.where(key), key)
                items = []
        else:
            allowed = "、".join(k for k in TOP_ALIASES)
            problems.add(f"未知的键“{key}”；顶层可用：{allowed}", tree.where(key), key)
    del data
    items = items or []
    for i, entry in enumerate(items):
        items[i] = None  # each item's plain values freed once read (a large ledger's peak)
        item = reader.item(entry, f"{items_key}[{i}]")
        if item is not None:
            raw.items.append(item)
    return raw
