"""Ledger YAML on libyaml, with the pure-Python reader's results and messages, faster.

``yaml_file.CTextLoader`` already composes in libyaml's C code; two Python steps remained hot
on a large ledger: PyYAML's resolver, called for every scalar, loops over regular expressions
to find that a text is a text, and ``yaml_limits.check_graph`` keeps per-node tables to size
alias expansions. ``FastCTextLoader`` resolves with a set lookup (only null is implicit, as in
``TextLoader``) and, when the text holds no ``*`` and so no alias, checks the limits with one
depth-and-count walk of the tree; otherwise the full ``check_graph``. Any error is read again by
the pure-Python ``TextLoader``, so a user gets the same message whichever parser is present.

A text without aliases is not composed at all: ``plain_ledger`` builds the plain values
straight from libyaml's events (``EventTree``), with the node count, depth and anchor rules of
the composed path, so no node graph (two marks per node: most of the memory of a large
ledger) is ever held. Anything it does not handle (an alias, a limit crossed, a syntax error,
a second document) sends the text down the composing path, which gives the canonical result.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_YAML_DEPTH, MAX_YAML_NODES
from reportgen.loaders.yaml_file import CTextLoader, TextLoader, Tree, compose
from reportgen.loaders.yaml_limits import YamlLimitError, check_graph

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # SafeLoader's YAML 1.1 null, exactly
_NULL_TAG = "tag:yaml.org,2002:null"
_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


def check_tree(root: yaml.Node) -> None:
    """``check_graph`` for a graph without aliases (a tree): depth and node count only.

    The same pre-order and messages as ``check_graph``, without its per-node tables.
    """
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        count += 1
        if count > MAX_YAML_NODES:
            raise YamlLimitError(f"超过 {MAX_YAML_NODES} 个节点，拒绝读取", node)
        if depth > MAX_YAML_DEPTH:
            raise YamlLimitError(f"嵌套超过 {MAX_YAML_DEPTH} 层，拒绝读取", node)
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                push((value, depth + 1))
                push((key, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for value in reversed(node.value):
                push((value, depth + 1))


class _FastResolver:
    """Resolution of ``TextLoader``'s rules by a set lookup (no path resolvers are registered)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value in _NULLS:
            return _NULL_TAG
        return _DEFAULT_TAGS[kind]


FastCTextLoader: type[Any] | None = None
if CTextLoader is not None:

    class _FastCTextLoader(_FastResolver, CTextLoader):  # type: ignore[misc, valid-type]
        """libyaml composing, text-only scalars, the limits checked on the composed graph."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._may_alias = "*" in stream

        def get_single_node(self) -> Any:
            node = yaml.CSafeLoader.get_single_node(self)  # composed in C, checked below
            if node is not None:
                (check_graph if self._may_alias else check_tree)(node)
            return node

    FastCTextLoader = _FastCTextLoader

# The loader the ledger reader uses (tests set it to TextLoader to compare the two paths).
LEDGER_LOADER: type[Any] = FastCTextLoader or TextLoader


def compose_ledger(text: str, path: Path) -> yaml.Node | None:
    """The ledger's node graph by ``LEDGER_LOADER``; any error as the pure-Python loader says it."""
    if LEDGER_LOADER is TextLoader:
        return compose(text, path, TextLoader)
    try:
        return compose(text, path, LEDGER_LOADER)
    except (DataError, yaml.YAMLError, ValueError, RecursionError):
        return compose(text, path, TextLoader)  # raises the canonical error (or reads it)


class _Fallback(Exception):
    """The text needs the composing path (an alias, a limit, an error, a second document)."""


def _line(event: Any) -> int:
    line: int = event.start_mark.line + 1
    return line


class EventTree:
    """Plain values from libyaml's events, as ``Tree.value`` makes them from the node graph.

    Counts nodes and depth in the same pre-order as ``check_tree`` and refuses a repeated
    anchor as the composer does, by giving up (``_Fallback``) rather than by its own message.
    """

    def __init__(self, text: str, tree: Tree) -> None:
        from yaml._yaml import CParser

        self.parser = CParser(text)
        self.get: Callable[[], Any] = self.parser.get_event
        self.peek: Callable[[], Any] = self.parser.peek_event
        self.tree = tree
        self.lines = tree.lines
        self.count = 0
        self.anchors: set[str] = set()

    def document(self) -> tuple[bool, Any]:
        """Whether the stream holds a document, and its plain value."""
        try:
            self.get()  # stream start
            event = self.get()
            if isinstance(event, yaml.StreamEndEvent):
                return False, None
            value = self.value(self.get(), "", 1)
            self.get()  # document end
            if not isinstance(self.get(), yaml.StreamEndEvent):
                raise _Fallback  # a second document: the composer's message
            return True, value
        except (yaml.YAMLError, ValueError, RecursionError):
            raise _Fallback from None
        finally:
            self.parser.dispose()

    def _enter(self, event: Any, depth: int) -> None:
        self.count += 1
        if self.count > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
            raise _Fallback
        anchor = event.anchor
        if anchor is not None:
            if anchor in self.anchors:
                raise _Fallback
            self.anchors.add(anchor)

    def value(self, event: Any, path: str, depth: int) -> Any:
        self._enter(event, depth)
        self.lines.setdefault(path, _line(event))
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                return None if event.implicit[0] and event.value in _NULLS else event.value
            return None if tag == _NULL_TAG else event.value
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            event = self.get()
            while type(event) is not yaml.SequenceEndEvent:
                items.append(self.value(event, f"{path}[{len(items)}]", depth + 1))
                event = self.get()
            return items
        if kind is yaml.MappingStartEvent:
            return self.mapping(path, depth)
        raise _Fallback  # an alias

    def skip(self, event: Any, depth: int) -> None:
        """Count a node that is not kept (a key that is not text, a repeated key's value)."""
        self._enter(event, depth)
        kind = type(event)
        if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            event = self.get()
            while type(event) is not yaml.SequenceEndEvent \
                    and type(event) is not yaml.MappingEndEvent:
                self.skip(event, depth + 1)
                event = self.get()
        elif kind is not yaml.ScalarEvent:
            raise _Fallback

    def mapping(self, path: str, depth: int) -> dict[str, Any]:
        """``Tree.mapping``: keys are text, ``<<`` merges a mapping, a repeated key is a problem."""
        result: dict[str, Any] = {}
        lines, problems = self.lines, self.tree.problems
        event = self.get()
        while type(event) is not yaml.MappingEndEvent:
            if type(event) is not yaml.ScalarEvent:
                self.skip(event, depth + 1)
                problems.add("键必须是文字", self.tree.where(path))
                self.skip(self.get(), depth + 1)
                event = self.get()
                continue
            self._enter(event, depth + 1)
            key = event.value
            child = f"{path}.{key}" if path else key
            line = _line(event)
            if key == "<<" and isinstance(self.peek(), yaml.MappingStartEvent):
                merged = self.get()
                self._enter(merged, depth + 1)
                for k, v in self.mapping(child, depth + 1).items():
                    result.setdefault(k, v)
            elif key in result:
                lines[child] = line
                problems.add(f"键“{key}”重复出现", self.tree.where(child), key)
                self.skip(self.get(), depth + 1)
            else:
                lines[child] = line
                result[key] = self.value(self.get(), child, depth + 1)
            event = self.get()
        return result


def plain_ledger(text: str, path: Path, tree: Tree) -> tuple[bool, Any]:
    """Whether the ledger text holds a document, and its plain value (lines kept in ``tree``).

    Straight from libyaml's events when it can (see ``EventTree``); otherwise composed by
    ``compose_ledger`` and walked by ``tree``.
    """
    if LEDGER_LOADER is FastCTextLoader and FastCTextLoader is not None and "*" not in text:
        attempt = Tree(type(tree.problems)(tree.problems.file))
        try:
            found, data = EventTree(text, attempt).document()
        except _Fallback:
            pass
        else:
            tree.lines.update(attempt.lines)
            tree.problems.items.extend(attempt.problems.items)
            return found, data
    node = compose_ledger(text, path)
    if node is None:
        return False, None
    return True, tree.value(node, "")
