"""Golden tests: the Word documents built from the seed examples state the seeds' facts."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from reportgen.config import load_config
from reportgen.document import Document
from reportgen.pipeline import analyse
from reportgen.profile import load_profile
from reportgen.templating.render import render_document
from reportgen.writers.docx import write

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def build(example: str, out_dir: Path) -> tuple[Document, WordDocument]:
    config = load_config(EXAMPLES / example / "config.yaml")
    analysis = analyse(config.resolve(config.ledger), config)
    profile = load_profile(config.profile, config.user_dirs)
    document = render_document(config.documents[0], analysis.ledger, analysis.stats, config,
                               profile)
    path = out_dir / f"{document.name}.docx"
    write(document, path)
    return document, docx.Document(str(path))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cell_text(tc: object) -> str:
    return "\n".join(p.xpath("string(.)") for p in tc.xpath("./w:p"))  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def zhanhe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, WordDocument]:
    return build("zhanhe-2022-08", tmp_path_factory.mktemp("zhanhe"))


def test_seed_002_bulletin_states_the_figures(zhanhe: tuple[Document, WordDocument]) -> None:
    _, word = zhanhe
    sentence = next(p.text for p in word.paragraphs if "大项" in p.text)
    assert "2022年我区重点推进的48大项共计56项工作任务，涉及35家主要责任单位。" in sentence
    assert ("截至10月底，积极推进事项22件，占比39%；进展“正常”事项18件，占比32%；"
            "进展“一般”事项6件，占比11%；进展“滞后”事项10件，占比18%。") in sentence
    assert "区委组织部、区委宣传部" in sentence and "商务局等部门重点工作任务完成质量较高" in sentence
    assert sentence.endswith("区机关事务服务中心等部门存在进展“滞后”事项。")
    texts = [p.text for p in word.paragraphs]
    assert texts[:2] == ["督查通报", "第8期"]
    assert "二、工作要求" in texts
    assert "中共湛河区委区政府督查局" in texts and "2022年11月12日" in texts


def test_seed_002_table_holds_every_progress_text_in_order(
        zhanhe: tuple[Document, WordDocument]) -> None:
    document, word = zhanhe
    rows = word.tables[0]._tbl.tr_lst
    assert len(rows) == 1 + 56
    progress = [squash(cell_text(r.tc_lst[4])) for r in rows[1:]]
    expected = [squash(row.progress or "暂未报送进展") for _, row in document.ledger.rows]
    assert progress == expected
    statuses = [cell_text(r.tc_lst[5]) for r in rows[1:]]
    assert statuses.count("积极") == 22 and statuses.count("滞后") == 10
    assert word.sections[1].page_width > word.sections[1].page_height


def test_seed_000_attachment_merges_items_7_10_16(tmp_path: Path) -> None:
    document, word = build("pingdingshan-2020-04", tmp_path)
    assert document.name == "附件"
    section = word.sections[0]
    assert section.page_width > section.page_height and section.orientation == 1
    rows = word.tables[0]._tbl.tr_lst
    assert [cell_text(tc) for tc in rows[0].tc_lst] == ["序号", "事项名称", "责任单位",
                                                        "各项工作进展情况"]
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    merged: dict[str, int] = {}
    current = ""
    for row in rows[1:]:
        first = row.tc_lst[0]
        merge = first.tcPr.find(qn("w:vMerge"))
        if merge is None:
            current = ""
        elif merge.get(qn("w:val")) == "restart":
            current = cell_text(first)
            merged[current] = 1
        else:
            assert current, "a continued cell follows a restarted one"
            merged[current] += 1
    assert {"7", "10", "16"} <= set(merged)
    assert all(count >= 2 for count in merged.values())
    assert len(rows) - 1 == len(document.ledger.rows)
