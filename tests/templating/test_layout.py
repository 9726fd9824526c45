"""Table layout decided once for Word and PDF, and the GB/T 9704 signature indents."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from reportgen import pipeline
from reportgen.profile import load_profile
from reportgen.templating.layout import (
    MM,
    fit_widths,
    mark_keep,
    signature_indents,
    table_width_pt,
    text_width,
)

ROOT = Path(__file__).resolve().parents[2]
TITLES = {"seq": "序号", "task": "工作任务", "unit": "牵头单位", "person": "责任人",
          "progress": "进展情况", "status": "完成情况"}
KEYS = list(TITLES)


def test_header_titles_and_status_words_fit_one_line() -> None:
    profile = load_profile()
    widths = fit_widths(KEYS, TITLES, ["积极", "正常", "一般", "滞后", "序时推进"], profile)
    assert round(sum(widths), 2) == 100
    total = table_width_pt(profile)
    pad = 2 * profile.table_layout.cell_padding_mm * MM
    for key, width in zip(KEYS, widths, strict=True):
        # 黑体 小四 (12 pt) titles: 完成情况 needs 48 pt plus the padding
        assert width * total / 100 - pad >= text_width(TITLES[key], 12), key
    # the room comes from the widest column, the progress text
    assert widths[KEYS.index("progress")] < 44 / 98 * 100


def test_short_rows_are_kept_whole_tall_rows_may_break() -> None:
    profile = load_profile()
    widths = fit_widths(KEYS, TITLES, [], profile)
    rows = [{"cells": [{"key": "progress", "span": 1, "paras": ["短" * 40]}]},
            {"cells": [{"key": "progress", "span": 1, "paras": ["长" * 40] * 12}]},
            # an item cell merged over several rows does not count for the row it starts
            {"cells": [{"key": "task", "span": 3, "paras": ["任务" * 200]},
                       {"key": "progress", "span": 1, "paras": ["短"]}]}]
    mark_keep(rows, KEYS, widths, profile)
    assert [row["keep"] for row in rows] == [True, False, True]


def test_signature_without_seal_follows_7_3_5_3() -> None:
    # 12 characters of signature, 7 of date (digits are half width): signature two in,
    # the date starting two characters right of the signature's first character
    assert signature_indents("中共湛河区委区政府督查局", "2022年11月12日") == \
        {"signature": "2", "date": "5"}
    # a date longer than the signature ends two in and pushes the signature left
    assert signature_indents("督查室", "2022年11月12日") == {"signature": "8", "date": "2"}


def test_sealed_signature_is_centred_over_a_date_four_in() -> None:
    assert signature_indents("督查室", "2022年11月12日", sealed=True) == \
        {"signature": "6", "date": "4"}
    assert signature_indents("中共湛河区委区政府督查局", "2022年11月12日", sealed=True) == \
        {"signature": "1.5", "date": "4"}


def test_word_signature_and_date_indents(tmp_path: Path) -> None:
    pipeline.build(ROOT / "examples" / "zhanhe-2022-08" / "config.yaml", tmp_path, ["docx"])
    word = docx.Document(str(tmp_path / "督查通报第8期.docx"))
    by_text = {p.text: p for p in word.paragraphs}
    signature = by_text["中共湛河区委区政府督查局"]._p.pPr.find(qn("w:ind"))
    date = by_text["2022年11月12日"]._p.pPr.find(qn("w:ind"))
    assert signature.get(qn("w:rightChars")) == "200"
    assert date.get(qn("w:rightChars")) == "500"
