"""Former home of the vocabulary reader, kept so old imports work: see reportgen.vocabulary_reader."""
from __future__ import annotations

from reportgen.vocabulary_reader import (
    Block,
    Cell,
    Group,
    PageBreak,
    Para,
    Run,
    Section,
    Table,
    check,
    parse,
)

__all__ = ["Block", "Cell", "Group", "PageBreak", "Para", "Run", "Section", "Table", "check",
           "parse"]
