"""The progress_report kind: the source's own 序号, label, intro and title; an optional count."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.analysis.stats import compute
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.errors import ConfigError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.profile import load_profile
from reportgen.templating.render import render_document


def report(ledger: Ledger, tmp_path: Path, **params: object) -> str:
    spec = DocumentSpec(kind="progress_report", params=params)
    config = ReportConfig(ledger=Path("台账.yaml"), office="测试区督查局",
                          date=dt.date(2023, 7, 10), documents=[spec], base_dir=tmp_path)
    return render_document(spec, ledger, compute(ledger), config, load_profile()).html


def body(html: str) -> list[str]:
    start = html.index('<section class="portrait">') + len('<section class="portrait">')
    return [line for line in html[start:html.index("</section>")].splitlines() if line]


def half_year() -> Ledger:
    return Ledger(title="上半年重点工作完成情况", items=[
        Item(seq="7", section="一、扩大投资", task="加快项目建设。",
             rows=[UnitRow(progress="已开工56个。\n竣工12个。")]),
        Item(seq="12", section="一、扩大投资", task="储备专项债项目。", rows=[UnitRow()]),
        Item(seq="30", section="保障民生", task="新建公园5个；", rows=[UnitRow()]),
    ])


def test_tasks_keep_their_own_numbers_and_nothing_is_invented(tmp_path: Path) -> None:
    assert body(report(half_year(), tmp_path)) == [
        '<h1 class="title">上半年重点工作完成情况</h1>',
        "<h2>一、扩大投资</h2>",
        "<h4>7.加快项目建设。</h4>", "<p>落实情况：已开工56个。</p>", "<p>竣工12个。</p>",
        "<h4>12.储备专项债项目。</h4>", "<p>落实情况：暂未报送进展</p>",
        "<h2>二、保障民生</h2>",  # a section without a number of its own is numbered
        "<h4>30.新建公园5个；</h4>", "<p>落实情况：暂未报送进展</p>",
    ]


def test_intro_before_title_no_title_label_style_and_inline(tmp_path: Path) -> None:
    lines = body(report(half_year(), tmp_path, intro="市政府办公室：", show_title=False,
                        basis="现报告如下：", seq_style="（1）", progress_label="进展情况：",
                        progress_inline=True, no_progress_marker="", closing="某某局",
                        show_date=True))
    assert lines == [
        "<p>市政府办公室：</p>", "<p>现报告如下：</p>", "<h2>一、扩大投资</h2>",
        "<p>（7）加快项目建设。进展情况：已开工56个。</p>", "<p>竣工12个。</p>",
        "<h4>（12）储备专项债项目。</h4>", "<h2>二、保障民生</h2>", "<h4>（30）新建公园5个；</h4>",
        '<p class="signature">某某局</p>', '<p class="date">2023年7月10日</p>',
    ]


def test_the_count_sentence_is_an_option_and_grammatical(tmp_path: Path) -> None:
    html = report(half_year(), tmp_path, summary=True, seq_style="1、")
    assert ("<p>本期共3项重点工作任务，已报送进展1项，暂未报送进展2项："
            "12、储备专项债项目；30、新建公园5个。</p>") in html
    assert "。；" not in html and "。。" not in html
    everything = Ledger(title="t", items=[Item(task="甲", rows=[UnitRow(progress="好。")])])
    assert "<p>本期共1项重点工作任务，已报送进展1项。</p>" in report(everything, tmp_path,
                                                                 summary=True)


def test_unit_rows_name_unit_and_person(tmp_path: Path) -> None:
    ledger = Ledger(title="t", items=[Item(seq="1", task="甲", rows=[
        UnitRow(unit="区财政局", person="王某", progress="好。"), UnitRow(unit="区发改委")])])
    lines = body(report(ledger, tmp_path))
    assert lines[1:] == ["<h4>1.甲</h4>", "<p>落实情况：</p>", "<p>区财政局（王某）：好。</p>",
                         "<p>区发改委：暂未报送进展</p>"]


def test_unknown_param_lists_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        report(half_year(), tmp_path, progress_lable="进展：")
    text = str(info.value)
    assert "progress_lable" in text and "progress_label" in text and "show_title" in text
