"""The 公开版: the chosen documents rendered again without what must not be published.

By default the 责任人 column is dropped, the ledger's persons' names and phone numbers are
masked wherever they appear, and the office's own list of words (``publish.mask_words``) too;
``publish.keep_lagging_units: false`` leaves the names of lagging units out of the 基本情况.
"""
from __future__ import annotations

import dataclasses
import re

from reportgen.analysis.stats import Stats
from reportgen.config import PublishSpec, ReportConfig
from reportgen.document import Document
from reportgen.errors import ConfigError
from reportgen.model import Ledger, split_units
from reportgen.profile import StyleProfile
from reportgen.templating.kinds import get_kind
from reportgen.templating.render import render_document

MASK = "×××"
# Mobile numbers (11 digits from 1[3-9]) and landlines with an area code (0xx-xxxxxxx).
PHONES = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_TEXT = re.compile(r">([^<]+)<")


def person_names(ledger: Ledger) -> list[str]:
    """Every 责任人 name of the ledger (joint cells split), longest first."""
    names = {name for item in ledger.items for row in item.rows
             for name in split_units(row.person) if len(name) >= 2}
    return sorted(names, key=lambda n: (-len(n), n))


def masked(html: str, words: list[str], phones: bool) -> str:
    """``html`` with each of ``words`` and (if ``phones``) phone numbers replaced in its text."""
    pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None

    def text(match: re.Match[str]) -> str:
        value = match.group(1)
        if pattern is not None:
            value = pattern.sub(MASK, value)
        if phones:
            value = PHONES.sub(MASK, value)
        return f">{value}<"

    return _TEXT.sub(text, html)


def public_documents(spec: PublishSpec, config: ReportConfig, ledger: Ledger, stats: Stats,
                     profile: StyleProfile, built: list[Document]) -> list[Document]:
    """The documents of the 公开版, rendered again for publishing.

    ``built`` are the build's documents, one per ``config.documents`` entry; those named in
    ``spec.documents`` (default all) are published.
    """
    words = list(spec.mask_words) + (person_names(ledger) if spec.mask_persons else [])
    public_stats = stats if spec.keep_lagging_units else dataclasses.replace(
        stats, lagging_units=[])
    wanted = spec.documents
    missing = sorted(set(wanted or []) - {d.name for d in built})
    if missing:
        raise ConfigError("publish.documents 中的文档不存在：" + "、".join(missing))
    out = []
    for doc_spec, document in zip(config.documents, built, strict=True):
        if wanted is not None and document.name not in wanted:
            continue
        columns = list(doc_spec.columns or get_kind(doc_spec.kind).columns)
        kept = [c for c in columns if c not in spec.drop_columns]
        if columns and not kept:
            raise ConfigError("publish.drop_columns 去掉了表格的全部列")
        public_spec = doc_spec.model_copy(update={"columns": kept or None})
        document = render_document(public_spec, ledger, public_stats, config, profile)
        out.append(dataclasses.replace(document, html=masked(document.html, words,
                                                             spec.mask_phones)))
    return out
