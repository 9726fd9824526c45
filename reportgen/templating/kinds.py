"""The registry of report kinds: template, parameters, default file name and columns of each."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportgen.errors import ConfigError, Problem, validation_message

NO_PROGRESS_MARKER = "暂未报送进展"


class _Params(BaseModel):
    """Base of the kinds' parameter models: unknown keys are errors, not ignored.

    Validators are built when a kind's parameters are first validated: a build uses one or two
    of the seven models, and building them all cost every build some milliseconds.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)


class BulletinParams(_Params):
    """督查通报 (seed 002): 版头, title, 基本情况 from the statistics, 工作要求, the ledger attached."""

    issue_no: int = Field(ge=1)  # 第 N 期
    title: str | None = None  # default: the document spec's title
    basis: str = ""  # opening paragraph (the basis of the work)
    as_of: str = "目前"  # e.g. 截至10月底
    scope: str = "我区"  # 2022年{scope}重点推进的…
    overview: str = ("从总体情况看，各承办单位能够认真贯彻落实各项工作部署和要求，紧盯目标任务，"
                     "夯实工作责任，聚力推动落实。")
    status_phrases: dict[str, str] = Field(default_factory=lambda: {"积极": "积极推进事项"})
    requirements: list[str] = Field(default_factory=list)  # 二、工作要求 paragraphs
    attachment_title: str | None = None  # default: the ledger's title
    attachment_label: str = "附件"
    signature: str | None = None  # default: the config's office
    cc: str | None = None  # 抄送 (版记)
    masthead: str = "督查通报"
    no_progress_marker: str = NO_PROGRESS_MARKER
    # The comparison paragraph after 基本情况; it appears only when the config names a previous
    # period (compare:), and this turns it off even then.
    compare_paragraph: bool = True
    # 通报批评: items of the ledger under 督办 ``criticise_after`` times or more this year (the
    # notices the period history remembers, reportgen duban); off by default.
    criticism: bool = False
    criticise_after: int = Field(default=3, ge=2)


class AttachmentParams(_Params):
    """附件 (seed 000): label, title and the landscape table."""

    label: str = "附件"
    title: str | None = None  # default: the document spec's title, else the ledger's
    no_progress_marker: str = NO_PROGRESS_MARKER


class ProgressReportParams(_Params):
    """重点工作完成情况: sections, numbered tasks, 落实情况 under each."""

    intro: str = Field("", description="标题之前的段落（可多行，每行一段），如主送机关或说明")
    title: str | None = Field(None, description="标题；默认取文档配置的 title 或台账标题")
    show_title: bool = Field(True, description="是否印标题；原文无标题时为 false")
    basis: str = Field("", description="标题之后、第一部分之前的段落（可多行，每行一段）")
    seq_style: Literal["1.", "1．", "1、", "（1）", "(1)"] = Field(
        "1.", description="任务序号的写法：1. 1、 （1）；序号取自台账，不重新编号")
    progress_label: str = Field(
        "落实情况：", description="进展前的标签，如 落实情况： 进展情况：；空字符串表示不加")
    progress_label_alone: bool = Field(
        False, description="进展标签单独成段，进展另起一段（不分单位的任务）")
    progress_inline: bool = Field(
        False, description="进展紧接在任务同一段（“1.任务。落实情况：……”），而非另起一段")
    summary: bool = Field(
        False, description="在开头段落后加一句统计：共几项任务、已报送几项、未报送的是哪几项")
    no_progress_marker: str = Field(
        NO_PROGRESS_MARKER, description="无进展时写的字样；空字符串表示什么也不写")
    closing: str = Field("", description="文末落款（可选；默认不印）")
    show_date: bool = Field(False, description="落款下是否印成文日期")


class SummaryParams(_Params):
    """Category summary (seed 003): office and date line, title, basis, prose per section."""

    office: str | None = None  # default: the config's office
    title: str | None = None
    basis: str = ""
    no_progress_marker: str = NO_PROGRESS_MARKER


class DubanSelect(_Params):
    """Which unit rows put their unit under 督办 (any rule is enough)."""

    statuses: list[str] | None = None  # default: the scale's lagging statuses (滞后)
    lights: list[str] = Field(default_factory=list)  # deadline lights, e.g. [红]
    no_progress: bool = False
    lagging_periods: int | None = Field(default=None, ge=2)


class DubanParams(_Params):
    """督办通知单 per unit (with 回执), 催办通知 for repeats, a dispatch list and a combined PDF."""

    title: str = "督办通知单"
    urge_title: str = "催办通知"
    reply_title: str = "督办事项办理情况回执"
    folder: str = "督办通知单"  # folder of the per-unit Word files
    combined: str = "督办通知单（汇总）"  # combined PDF, page numbers running on
    dispatch_list: str = "督办发送清单"  # xlsx for the clerk's dispatch record
    number_prefix: str = "督办"  # 督办〔2022〕1号
    first_number: int = Field(default=1, ge=1)  # when the history has no earlier number
    select: DubanSelect = Field(default_factory=DubanSelect)
    source: str = ""  # 任务来源
    assigned: dt.date | None = None  # 交办时间; default: the report date
    working_days: int = Field(default=5, ge=1, le=60)  # 办理时限 = 交办时间 + N working days
    requirements: list[str] = Field(default_factory=lambda: [
        "请对照督办事项，深入分析进展滞后的原因，明确责任领导和具体责任人，制定切实可行的整改措施，"
        "倒排工期、挂图作战，确保按时保质完成。",
        "主要负责同志要亲自研究部署，分管负责同志要具体抓好落实，对工作中遇到的困难和问题，"
        "需要区委区政府协调解决的，要及时报告，不得等待观望、拖延推诿。"])
    urge_requirements: list[str] = Field(default_factory=lambda: [
        "请主要负责同志亲自研究部署，逐项明确整改时限和责任人，每周报送一次进展，"
        "直至事项办结。",
        "逾期仍未取得实质性进展的，将在督查通报中予以通报批评，并按有关规定追究相关人员责任。"])
    feedback: str = ("请于办理时限前将办理情况（包括工作进展、存在问题、下步措施和完成时限）书面报送"
                     "督查机关，同时附回执并加盖单位公章。逾期未报送的，视为未按要求办理。")
    contact: str = ""
    phone: str = ""
    office: str | None = None  # 督查机关; default: the config's office
    reply_lines: int = Field(default=8, ge=1, le=40)  # blank lines for 办理情况 on the 回执
    criticise_after: int = Field(default=3, ge=2)  # the N-th notice for an item → 通报批评
    no_progress_marker: str = NO_PROGRESS_MARKER


@dataclass(frozen=True)
class Kind:
    """One report kind: its template, its parameter model and its defaults."""

    name: str
    template: str
    params: type[_Params]
    stem: str  # default output file stem, formatted with the parameters
    columns: tuple[str, ...] = ()
    column_titles: dict[str, str] = field(default_factory=dict)  # beyond COLUMN_TITLES
    per_unit: bool = False  # one document per unit (督办), built by pipeline.duban
    purpose: str = ""  # what the document is, in Chinese, for help texts

    def validate(self, params: dict[str, Any], document: str) -> _Params:
        """The parameters of one document, defaults filled in; problems named by key."""
        try:
            return self.params.model_validate(params)
        except ValidationError as exc:
            valid = list(self.params.model_fields)
            problems = [Problem(_message(e, valid), document, None,
                                ".".join(str(p) for p in e["loc"]) or None)
                        for e in exc.errors()]
            raise ConfigError(f"文档“{document}”（{self.name}）的参数 params 有误",
                              problems) from None


def _message(error: Any, valid: list[str]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少必填参数"
    if kind == "extra_forbidden":
        return "未知参数（请检查拼写）；可用的参数：" + "、".join(valid)
    return validation_message(error)


KINDS: dict[str, Kind] = {
    "bulletin": Kind("bulletin", "bulletin.html.j2", BulletinParams, "督查通报第{issue_no}期",
                     ("seq", "task", "unit", "person", "progress", "status"),
                     purpose="督查通报：版头、标题、基本情况（统计）、工作要求、落款，后附台账"),
    "attachment": Kind("attachment", "attachment.html.j2", AttachmentParams, "{label}",
                       ("seq", "task", "unit", "progress"),
                       {"task": "事项名称", "unit": "责任单位", "progress": "各项工作进展情况"},
                       purpose="附件：横向进展情况表"),
    "progress_report": Kind("progress_report", "progress_report.html.j2", ProgressReportParams,
                            "重点工作完成情况",
                            purpose="重点工作完成情况报告：部分、带原序号的任务、各任务的落实情况"),
    "summary": Kind("summary", "summary.html.j2", SummaryParams, "重点工作进展情况报告",
                    purpose="分类进展情况报告：每个分类一个标题，其下为进展文字"),
    "duban": Kind("duban", "duban.html.j2", DubanParams, "{folder}", per_unit=True,
                  purpose="督办通知单：每个单位一份，列出其滞后、逾期或无进展的事项"),
}


# Meanings of the parameters that carry no description of their own (help texts only).
PARAM_MEANINGS: dict[str, str] = {
    "issue_no": "期数：第 N 期（必填）",
    "title": "标题；默认取文档配置的 title 或台账标题",
    "basis": "开头段落（工作依据）",
    "as_of": "统计截止的说法，如 截至10月底",
    "scope": "范围，用于“2022年我区重点推进的……”",
    "overview": "基本情况中的总体评价句",
    "status_phrases": "各状态在基本情况中的说法，如 积极: 积极推进事项",
    "requirements": "二、工作要求 的段落（列表）",
    "attachment_title": "附件标题；默认取台账标题",
    "attachment_label": "附件标签",
    "signature": "落款；默认取配置的 office",
    "cc": "抄送（版记）",
    "masthead": "版头名称",
    "no_progress_marker": "无进展时写的字样",
    "label": "附件标签，如 附件、附件1",
    "office": "发文机关（标题上方一行）；默认取配置的 office",
}


def describe(kind: Kind) -> list[tuple[str, str, str]]:
    """The parameters of a kind for help texts: name, default as written in YAML, meaning."""
    rows = []
    for name, info in kind.params.model_fields.items():
        if info.is_required():
            default = "（必填）"
        else:
            value = info.get_default(call_default_factory=True)
            default = "（无）" if value is None else repr(value) if isinstance(value, str) \
                else str(value).lower() if isinstance(value, bool) else str(value)
        rows.append((name, default, info.description or PARAM_MEANINGS.get(name, "")))
    return rows


def get_kind(name: str) -> Kind:
    """The kind named ``name``; an unknown name lists the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        known = "、".join(KINDS)
        raise ConfigError(f"未知的文档类型“{name}”，可用的类型：{known}") from None
