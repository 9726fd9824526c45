"""Rendering report kinds to the document vocabulary: parameters, statistics sentence, errors."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.analysis.stats import apply_overrides, compute
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.document import Document
from reportgen.errors import ConfigError, TemplateError
from reportgen.model import Ledger
from reportgen.profile import StyleProfile, load_profile
from reportgen.templating.kinds import KINDS
from reportgen.templating.render import render_document

BULLETIN_PARAMS = {"issue_no": 8, "title": "关于2022年重点工作任务最新进展情况通报",
                   "basis": "按照安排和要求，现将有关情况通报如下：", "as_of": "截至10月底",
                   "requirements": ["四季度是定全年的收官季。", "各单位务必冲刺。"],
                   "cc": "区委办公室"}


@pytest.fixture
def profile() -> StyleProfile:
    return load_profile()


def config(tmp_path: Path, *specs: DocumentSpec) -> ReportConfig:
    return ReportConfig(ledger=Path("台账.yaml"), office="测试区督查局", date=dt.date(2022, 11, 12),
                        documents=list(specs), base_dir=tmp_path)


def render(spec: DocumentSpec, ledger: Ledger, tmp_path: Path, profile: StyleProfile) -> Document:
    return render_document(spec, ledger, compute(ledger), config(tmp_path, spec), profile)


def test_bulletin_statistics_sentence(small_ledger: Ledger, tmp_path: Path,
                                      profile: StyleProfile) -> None:
    doc = render(DocumentSpec(kind="bulletin", params=BULLETIN_PARAMS), small_ledger, tmp_path,
                 profile)
    assert doc.name == "督查通报第8期"
    assert doc.title == "关于2022年重点工作任务最新进展情况通报"
    assert ("2022年我区重点推进的4大项共计6项工作任务，涉及4家主要责任单位。") in doc.html
    assert ("截至10月底，积极推进事项2件，占比40%；进展“正常”事项1件，占比20%；"
            "进展“一般”事项1件，占比20%；进展“滞后”事项1件，占比20%。") in doc.html
    assert "区财政局、区发改委等部门重点工作任务完成质量较高；区统计局等部门存在进展“滞后”事项。" in doc.html
    assert '<p class="masthead-issue">第8期</p>' in doc.html
    assert '<p class="attachment-note">附件：测试区2022年重点工作任务推进情况台账</p>' in doc.html
    assert '<p class="date" data-right-chars="2">2022年11月12日</p>' in doc.html
    assert '<p class="signature" data-right-chars="5">测试区督查局</p>' in doc.html
    assert "<p>各单位务必冲刺。</p>" in doc.html
    assert '<td rowspan="3" class="seq center">2</td>' in doc.html
    assert '<td class="progress missing">暂未报送进展</td>' in doc.html
    assert doc.columns == ["seq", "task", "unit", "person", "progress", "status"]


def test_bulletin_uses_overridden_lists(small_ledger: Ledger, tmp_path: Path,
                                        profile: StyleProfile) -> None:
    spec = DocumentSpec(kind="bulletin", params=BULLETIN_PARAMS)
    stats = apply_overrides(compute(small_ledger), {"units": 35, "good_units": ["区委组织部"],
                                                    "lagging_units": []})
    doc = render_document(spec, small_ledger, stats, config(tmp_path, spec), profile)
    assert "涉及35家主要责任单位" in doc.html
    assert "区委组织部等部门重点工作任务完成质量较高。" in doc.html
    assert "存在进展" not in doc.html


def test_attachment_columns_and_titles(small_ledger: Ledger, tmp_path: Path,
                                       profile: StyleProfile) -> None:
    spec = DocumentSpec(kind="attachment", title="2020年度市政府重大督查事项4月份进展情况",
                        columns=["seq", "task", "unit", "progress", "status"],
                        column_titles={"status": "状态"})
    doc = render(spec, small_ledger, tmp_path, profile)
    assert doc.name == "附件"
    assert '<h1 class="attachment-title">2020年度市政府重大督查事项4月份进展情况</h1>' in doc.html
    assert "<th>事项名称</th><th>责任单位</th><th>各项工作进展情况</th><th>状态</th>" in doc.html
    assert '<section class="landscape">' in doc.html


def test_progress_report_marks_missing_progress(small_ledger: Ledger, tmp_path: Path,
                                                profile: StyleProfile) -> None:
    spec = DocumentSpec(kind="progress_report", params={"title": "重点工作完成情况",
                                                        "no_progress_marker": "未报送"})
    html = render(spec, small_ledger, tmp_path, profile).html
    assert "<h2>一、加快构建现代产业体系</h2>" in html
    assert "<h2>二、持续保障和改善民生</h2>" in html
    assert "<h4>2.争取更多项目资金</h4>" in html
    assert "<p>区发改委（裴永乐）：申请中央预算内资金。</p>" in html
    assert "<h4>4.完善城乡低保制度</h4>\n<p>落实情况：未报送</p>" in html
    assert "本期共" not in html  # the count sentence is an option, off by default


def test_summary_has_office_line_and_sections(small_ledger: Ledger, tmp_path: Path,
                                              profile: StyleProfile) -> None:
    spec = DocumentSpec(kind="summary", params={"title": "重点工作进展情况报告",
                                                "office": "三门峡市政府督查室"})
    html = render(spec, small_ledger, tmp_path, profile).html
    assert ('<p class="office-line"><span class="left">三门峡市政府督查室</span>'
            '<span class="right">2022年11月12日</span></p>') in html
    assert html.index("<h2>一、加快构建现代产业体系</h2>") < html.index("<p>录入项目库。</p>")


@pytest.mark.parametrize(("params", "key"), [
    ({"title": "x"}, "issue_no"),
    ({"issue_no": 8, "titel": "x"}, "titel"),
    ({"issue_no": "八"}, "issue_no"),
])
def test_bad_params_name_document_and_key(small_ledger: Ledger, tmp_path: Path,
                                          profile: StyleProfile, params: dict[str, object],
                                          key: str) -> None:
    spec = DocumentSpec(kind="bulletin", file="通报", params=params)
    with pytest.raises(ConfigError) as info:
        render(spec, small_ledger, tmp_path, profile)
    assert "通报" in str(info.value) and key in str(info.value)


def test_unknown_kind_and_column(small_ledger: Ledger, tmp_path: Path,
                                 profile: StyleProfile) -> None:
    with pytest.raises(ConfigError, match="bulletin"):
        render(DocumentSpec(kind="memo"), small_ledger, tmp_path, profile)
    with pytest.raises(ConfigError, match="colour"):
        render(DocumentSpec(kind="attachment", columns=["seq", "colour"]), small_ledger,
               tmp_path, profile)


def test_user_template_overrides_builtin(small_ledger: Ledger, tmp_path: Path,
                                         profile: StyleProfile) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "attachment.html.j2").write_text(
        '<section class="landscape"><p class="attachment-label">{{ params.label }}（自定义）</p>'
        "</section>", encoding="utf-8")
    doc = render(DocumentSpec(kind="attachment"), small_ledger, tmp_path, profile)
    assert "附件（自定义）" in doc.html


def test_template_errors_name_file_and_line(small_ledger: Ledger, tmp_path: Path,
                                            profile: StyleProfile) -> None:
    (tmp_path / "templates").mkdir()
    path = tmp_path / "templates" / "summary.html.j2"
    path.write_text("<section class=\"portrait\">\n<p>{{ params.no_such_key }}</p>\n</section>",
                    encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(DocumentSpec(kind="summary"), small_ledger, tmp_path, profile)
    assert "summary.html.j2" in str(info.value) and "第2行" in str(info.value)
    path.write_text("{% if %}", encoding="utf-8")
    with pytest.raises(TemplateError, match="第1行"):
        render(DocumentSpec(kind="summary"), small_ledger, tmp_path, profile)


def test_every_kind_renders(small_ledger: Ledger, tmp_path: Path, profile: StyleProfile) -> None:
    for name in (k for k, kind in KINDS.items() if not kind.per_unit):  # 督办: test_duban_build
        params = {"issue_no": 1} if name == "bulletin" else {}
        doc = render(DocumentSpec(kind=name, params=params), small_ledger, tmp_path, profile)
        for _item, row in small_ledger.rows:
            for line in (row.progress or "").splitlines():
                assert line in doc.html, (name, line)
        assert doc.html.count("暂未报送进展") >= 1
