"""Every built-in template emits only the document vocabulary (docs/vocabulary.md)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from reportgen.analysis.stats import compute
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.model import Ledger
from reportgen.profile import load_profile
from reportgen.templating.kinds import KINDS
from reportgen.templating.render import render_document
from reportgen.vocabulary import COLUMN_KEYS
from reportgen.vocabulary_blocks import Group, Para, Table
from reportgen.vocabulary_reader import parse

ATTRIBUTES = {"class", "rowspan", "colspan", "data-status", "data-right-chars", "data-chars"}
HEAD = {"html": {"lang"}, "head": set(), "meta": {"charset", "name", "content"},
        "title": set(), "col": {"class", "style"}}


@pytest.mark.parametrize("kind", sorted(k for k, kind in KINDS.items() if not kind.per_unit))
@pytest.mark.parametrize("columns", [None, sorted(COLUMN_KEYS)])
def test_template_emits_only_vocabulary(small_ledger: Ledger, kind: str,
                                        columns: list[str] | None) -> None:
    params = {"issue_no": 3, "cc": "区委办公室", "requirements": ["要求。"]} \
        if kind == "bulletin" else {}
    spec = DocumentSpec(kind=kind, params=params, columns=columns, title="标题")
    config = ReportConfig(ledger=Path("台账.yaml"), office="测试区督查局",
                          date=dt.date(2022, 11, 12), documents=[spec])
    document = render_document(spec, small_ledger, compute(small_ledger), config, load_profile())
    sections = parse(document.html)  # raises TemplateError on any element outside the vocabulary
    blocks = [b for s in sections for b in s.blocks]
    assert any(isinstance(b, (Para, Group)) for b in blocks)
    tables = [b for b in blocks if isinstance(b, Table)]
    if kind in ("bulletin", "attachment"):
        assert len(tables) == 1
        assert abs(sum(tables[0].widths) - 100) < 0.1
        if columns:
            assert tables[0].keys == columns
    root = lxml.html.document_fromstring(document.html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        allowed = HEAD.get(element.tag, ATTRIBUTES)
        assert set(element.attrib) <= allowed, (element.tag, dict(element.attrib))


def test_duban_notice_sets_its_addressee_flush_left() -> None:
    """The 主送机关 line of a 督办通知单 is p.addressee (顶格, GB/T 9704 7.3.2), in the vocabulary."""
    from reportgen.pipeline.duban import render_notices

    example = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08" / "督办.yaml"
    documents = render_notices(example)
    assert documents
    for document in documents:
        sections = parse(document.html)
        paras = [b for s in sections for b in s.blocks if isinstance(b, Para)]
        addressee = [p for p in paras if p.role == "addressee"]
        assert len(addressee) == 1
        assert "".join(r.text for r in addressee[0].runs).endswith("：")
        # right under the 版头, before any body paragraph
        assert [p.role for p in paras].index("addressee") < [p.role for p in paras].index("body")
        root = lxml.html.document_fromstring(document.html)
        for element in root.iter():
            if isinstance(element.tag, str):
                assert set(element.attrib) <= HEAD.get(element.tag, ATTRIBUTES)
