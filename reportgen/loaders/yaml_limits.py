"""YAML loaders with depth, node and alias limits, for the pure-Python and the libyaml parser.

Composing YAML is linear in the input; what explodes is whatever walks the composed graph
afterwards: an alias is the same node object reached again, so ten nested aliases of ten
("billion laughs") or merge keys (``<<``) of merge keys make 10^9 nodes for whoever expands
them, and an alias inside its own anchor makes a cycle. ``LimitsMixin.get_single_node`` checks
the composed graph once, iteratively, before anyone expands it: nesting depth and node count
with every alias expanded, distinct nodes, alias count, what aliases add, and no cycle. It overrides only the public
``get_single_node``, so the same check runs over PyYAML's ``Composer`` and over libyaml's
``CParser`` (whose composing happens in C). On the pure-Python parser ``compose_node`` also
counts depth while composing, before Python's recursion limit would be reached.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from reportgen.loaders.limits import (
    MAX_YAML_ALIASES,
    MAX_YAML_DEPTH,
    MAX_YAML_EXPANSION,
    MAX_YAML_NODES,
)


class YamlLimitError(yaml.YAMLError):
    """A YAML document beyond a limit; ``message`` is Chinese, ``line`` 1-based or None."""

    def __init__(self, message: str, node: yaml.Node | None = None) -> None:
        self.line: int | None = node.start_mark.line + 1 if node is not None else None
        where = f"第{self.line}行：" if self.line else ""
        self.message = f"{where}{message}"
        super().__init__(self.message)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_graph(root: yaml.Node) -> None:
    """Raise YamlLimitError if the graph under ``root`` is cyclic or too big once expanded.

    One iterative depth-first pass; every node's expanded size and height are computed once
    (memoised by identity), so the cost is linear in the composed nodes, not in the expansion.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            height[key] = 1 + max((height[id(c)] for c in children), default=0)
            open_nodes.discard(key)
            # The subtree holds at most ``distinct`` composed nodes; the rest is expansion.
            if size[key] > distinct + MAX_YAML_EXPANSION:
                raise YamlLimitError(
                    f"别名（*）与合并键（<<）展开后多出 {MAX_YAML_EXPANSION} 个以上的节点，"
                    "疑为“别名炸弹”，拒绝读取", node)
            if height[key] > MAX_YAML_DEPTH:
                raise YamlLimitError(f"嵌套超过 {MAX_YAML_DEPTH} 层（含别名展开），拒绝读取", node)
            continue
        if key in size:
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise YamlLimitError(f"别名（*）超过 {MAX_YAML_ALIASES} 处，拒绝读取", node)
            continue
        if key in open_nodes:
            raise YamlLimitError("锚点（&）在自身内部被别名（*）引用，构成循环引用，拒绝读取", node)
        distinct += 1
        if distinct > MAX_YAML_NODES:
            raise YamlLimitError(f"超过 {MAX_YAML_NODES} 个节点，拒绝读取", node)
        if len(open_nodes) >= MAX_YAML_DEPTH:
            raise YamlLimitError(f"嵌套超过 {MAX_YAML_DEPTH} 层，拒绝读取", node)
        children = _children(node)
        if not children:
            size[key], height[key] = 1, 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children))


class LimitsMixin:
    """Put first in a loader's bases: checks limits on the composed document (any parser)."""

    _depth = 0

    def get_single_node(self) -> Any:
        try:
            node = super().get_single_node()  # type: ignore[misc]
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" not in str(exc.problem):  # libyaml stops at 1000 levels
                raise
            line = f"第{exc.problem_mark.line + 1}行：" if exc.problem_mark else ""
            raise YamlLimitError(f"{line}嵌套超过 {MAX_YAML_DEPTH} 层，拒绝读取") from None
        if node is not None:
            check_graph(node)
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Pure-Python composer only (libyaml composes in C and stops at 1000 levels)."""
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                raise YamlLimitError(f"第{mark.line + 1}行：嵌套超过 {MAX_YAML_DEPTH} 层，拒绝读取")
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class LimitedSafeLoader(LimitsMixin, yaml.SafeLoader):
    """``yaml.SafeLoader`` (pure Python) with the limits of this module."""


LimitedCSafeLoader: type[Any] | None = None
if hasattr(yaml, "CSafeLoader"):  # libyaml present

    class _LimitedCSafeLoader(LimitsMixin, yaml.CSafeLoader):
        """``yaml.CSafeLoader`` (libyaml) with the limits of this module."""

    LimitedCSafeLoader = _LimitedCSafeLoader


def on_libyaml(name: str, *mixins: type, **attributes: Any) -> type[Any] | None:
    """A loader class of ``mixins`` and class ``attributes`` on LimitedCSafeLoader (libyaml's
    parser), the twin of one its caller builds on LimitedSafeLoader; None without libyaml."""
    if LimitedCSafeLoader is None:
        return None
    return type(name, (*mixins, LimitedCSafeLoader), attributes)


# PyYAML's problems (the pure parser's words: libyaml's refusals are read again by it), in the
# words a clerk reads; matched at the start of the problem, or of the context for the last two.
_PROBLEMS = [
    ("mapping values are not allowed", "此处不能再有“键: 值”（常见原因：冒号后缺空格、缩进不齐，"
                                       "或文字里有英文冒号加空格，这样的文字请加引号）"),
    ("could not find expected ':'", "缺少冒号（键与值之间应是英文冒号加空格“: ”）"),
    ("expected <block end>, but found '<scalar>'", "值后面多了文字，或缩进不齐（常见原因：引号后还有文字）"),
    ("expected <block end>", "缩进不齐或少了冒号（同一层的键、同一列表的“- ”应对齐）"),
    ("expected ',' or ']'", "方括号 [ ] 列表没有正确结束（缺少逗号或“]”）"),
    ("expected ',' or '}'", "花括号 { } 没有正确结束（缺少逗号或“}”）"),
    ("found undefined alias", "引用了未定义的锚点（*名称 之前须有 &名称）"),
    ("found unexpected end of stream", "引号没有闭合，文件就结束了"),
    ("found unknown escape character", "双引号里有无效的反斜杠转义（含反斜杠的文字请改用单引号）"),
    ("found character '\\t' that cannot start any token",
     "有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("found character", "有不能出现在此处的字符（该处文字请加引号）"),
    ("expected '<document start>'", "文件中有多余的内容（如多了“]”或“}”）"),
    ("expected alphabetic or numeric character", "锚点（&）或别名（*）后缺少名称"),
    ("expected a comment or a line break", "值后面多了文字（常见原因：引号后还有文字）"),
    ("found unhashable key", "键不能是列表或映射"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
]


def yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """What PyYAML found wrong, in Chinese (its own words when the problem is not a known one);
    a problem our constructors raised in Chinese (an impossible date) as it is."""
    if re.search(r"[\u4e00-\u9fff]", exc.problem or ""):
        return str(exc.problem)
    for said in (exc.problem or "", exc.context or ""):
        for start, text in _PROBLEMS:
            if said.startswith(start):
                return text
    return f"YAML 语法错误（{exc.problem or exc}）"


__all__ = ["LimitedCSafeLoader", "LimitedSafeLoader", "LimitsMixin", "YamlLimitError",
           "check_graph", "on_libyaml", "yaml_problem"]
