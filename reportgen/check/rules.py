"""What a check reports: one result per rule (pass, fail, warn, n/a), per document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "warn", "na"]

STATUS_LABELS: dict[str, str] = {"pass": "符合", "fail": "不符合", "warn": "提醒", "na": "不适用"}

# Every rule: its id, its Chinese name, and the concern it belongs to (the structural and the
# rendered measurement of one requirement share a concern).
RULES: dict[str, tuple[str, str]] = {
    # structural (.docx, as declared)
    "paper": ("纸张大小与方向", "paper"),
    "margins": ("页边距", "margins"),
    "grid_lines": ("每页行数", "lines"),
    "grid_chars": ("每行字数", "chars"),
    "body_font": ("正文字体", "body_font"),
    "body_size": ("正文字号", "body_size"),
    "title_font": ("标题字体", "title_font"),
    "title_size": ("标题字号", "title_size"),
    "heading1_font": ("一级标题字体", "heading1_font"),
    "heading2_font": ("二级标题字体", "heading2_font"),
    "heading_size": ("各级标题字号", "heading_size"),
    "page_number_field": ("页码格式", "page_numbers"),
    "page_number_sides": ("页码位置（单页右、双页左）", "page_number_sides"),
    "masthead_rule": ("版头红色分隔线", "masthead_rule"),
    "doc_number": ("发文字号括号", "doc_number"),
    "attachment_label": ("附件标识", "attachment_label"),
    "colophon": ("版记分隔线", "colophon"),
    # rendered pages (a PDF, or a .docx laid out by LibreOffice)
    "page_paper": ("页面大小", "paper"),
    "page_margins": ("页边距（按文字位置）", "margins"),
    "page_type_area": ("正文不超出版心", "margins"),
    "page_lines": ("每页行数", "lines"),
    "page_chars": ("每行字数", "chars"),
    "page_body_size": ("正文字号", "body_size"),
    "page_numbers": ("页码", "page_numbers"),
    "page_number_position": ("页码位置", "page_number_sides"),
    "page_fonts": ("各角色字体", "fonts"),
    "page_fonts_embedded": ("字体嵌入", "fonts_embedded"),
}

# A rule that cannot be judged while another concern fails (its figure follows from it).
DEPENDS: dict[str, tuple[str, ...]] = {
    "grid_chars": ("body_size",),
    "page_chars": ("body_size",),
}


@dataclass
class RuleResult:
    """One rule applied to one document."""

    rule: str
    status: Status
    measured: str  # what was found, in Chinese, with figures
    expected: str = ""  # what the profile asks for
    fix: str = ""  # on failure: what to change, in Word/WPS terms
    source: str = "docx"  # docx (declared), rendered (LibreOffice layout) or pdf

    @property
    def name(self) -> str:
        return RULES[self.rule][0]

    @property
    def concern(self) -> str:
        return RULES[self.rule][1]

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "concern": self.concern,
                "status": self.status, "measured": self.measured, "expected": self.expected,
                "fix": self.fix, "source": self.source}


@dataclass
class DocumentReport:
    """Every rule's result for one file, or why the file could not be read."""

    path: str
    kind: str  # docx or pdf
    results: list[RuleResult] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all
    notes: list[str] = field(default_factory=list)  # e.g. why the pages were not rendered

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail"]

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "ok": self.ok, "error": self.error,
                "notes": self.notes, "results": [r.to_json() for r in self.results]}


def settle(results: list[RuleResult]) -> list[RuleResult]:
    """Mark rules whose figure follows from another failed concern as not judged."""
    failed = {r.concern for r in results if r.status == "fail"}
    for result in results:
        blockers = [c for c in DEPENDS.get(result.rule, ()) if c in failed]
        if result.status == "fail" and blockers:
            names = "、".join(dict.fromkeys(r.name for r in results if r.concern in blockers
                                            and r.status == "fail"))
            result.status = "na"
            result.measured += f"（取决于{names}，先改正后再判断）"
            result.fix = ""
    return results
