"""Ledger YAML on libyaml, with the pure-Python reader's results and messages, faster.

``yaml_file.CTextLoader`` already composes in libyaml's C code; two Python steps remained hot
on a large ledger: PyYAML's resolver, called for every scalar, loops over regular expressions
to find that a text is a text, and ``yaml_limits.check_graph`` keeps per-node tables to size
alias expansions. ``FastCTextLoader`` resolves with a set lookup (only null is implicit, as in
``TextLoader``) and, when the text holds no ``*`` and so no alias, checks the limits with one
depth-and-count walk of the tree; otherwise the full ``check_graph``. Any error is read again by
the pure-Python ``TextLoader``, so a user gets the same message whichever parser is present.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_YAML_DEPTH, MAX_YAML_NODES
from reportgen.loaders.yaml_file import CTextLoader, TextLoader, compose
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
