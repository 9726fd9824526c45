"""A rendered document: the semantic HTML of one report plus what writers need besides it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reportgen.analysis.stats import Stats
from reportgen.model import Ledger, StatusScale
from reportgen.profile import StyleProfile


@dataclass
class Document:
    """One document of a build, ready for the writers (docx, pdf, html, xlsx)."""

    name: str  # output file stem, e.g. 督查通报第8期
    kind: str  # report kind, e.g. bulletin
    title: str
    html: str  # the document in the vocabulary of docs/vocabulary.md
    ledger: Ledger
    stats: Stats
    scale: StatusScale
    profile: StyleProfile
    office: str = ""
    date: dt.date | None = None
    columns: list[str] = field(default_factory=list)  # table column keys (xlsx writer)
    column_titles: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
