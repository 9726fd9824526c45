"""The registry of report kinds: template, parameters, default file name and columns of each."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportgen.errors import ConfigError, Problem

NO_PROGRESS_MARKER = "暂未报送进展"

class _Params(BaseModel):
    """Base of the kinds' parameter models: unknown keys are errors, not ignored."""

    model_config = ConfigDict(extra="forbid")


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


class AttachmentParams(_Params):
    """附件 (seed 000): label, title and the landscape table."""

    label: str = "附件"
    title: str | None = None  # default: the document spec's title, else the ledger's
    no_progress_marker: str = NO_PROGRESS_MARKER


class ProgressReportParams(_Params):
    """重点工作完成情况: sections, numbered tasks, 落实情况 under each."""

    title: str | None = None
    basis: str = ""
    no_progress_marker: str = NO_PROGRESS_MARKER


class SummaryParams(_Params):
    """Category summary (seed 003): office and date line, title, basis, prose per section."""

    office: str | None = None  # default: the config's office
    title: str | None = None
    basis: str = ""
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

    def validate(self, params: dict[str, Any], document: str) -> _Params:
        """The parameters of one document, defaults filled in; problems named by key."""
        try:
            return self.params.model_validate(params)
        except ValidationError as exc:
            problems = [Problem(_message(e), document, None,
                                ".".join(str(p) for p in e["loc"]) or None)
                        for e in exc.errors()]
            raise ConfigError(f"文档“{document}”（{self.name}）的参数 params 有误",
                              problems) from None


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少必填参数"
    if kind == "extra_forbidden":
        return "未知参数（请检查拼写）"
    return f"{error['msg']}（得到 {error.get('input')!r}）"


KINDS: dict[str, Kind] = {
    "bulletin": Kind("bulletin", "bulletin.html.j2", BulletinParams, "督查通报第{issue_no}期",
                     ("seq", "task", "unit", "person", "progress", "status")),
    "attachment": Kind("attachment", "attachment.html.j2", AttachmentParams, "{label}",
                       ("seq", "task", "unit", "progress"),
                       {"task": "事项名称", "unit": "责任单位", "progress": "各项工作进展情况"}),
    "progress_report": Kind("progress_report", "progress_report.html.j2", ProgressReportParams,
                            "重点工作完成情况"),
    "summary": Kind("summary", "summary.html.j2", SummaryParams, "重点工作进展情况报告"),
}


def get_kind(name: str) -> Kind:
    """The kind named ``name``; an unknown name lists the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        known = "、".join(KINDS)
        raise ConfigError(f"未知的文档类型“{name}”，可用的类型：{known}") from None
