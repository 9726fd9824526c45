"""The merge report of collect: what was updated, missing, altered or refused, as Markdown or xlsx."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from reportgen.errors import OutputError
from reportgen.writers.atomic import atomic_path


@dataclass(frozen=True)
class Finding:
    """One line of the report: which file and form row, which ledger row, and what happened."""

    unit: str | None = None
    seq: str | None = None
    task: str | None = None
    file: str | None = None
    row: int | None = None
    detail: str = ""


@dataclass
class UnitSummary:
    """One returned form in numbers: rows updated, unchanged, deleted, added, refused."""

    unit: str
    file: str
    updated: int = 0
    unchanged: int = 0
    missing: int = 0  # rows split wrote that are no longer in the form
    added: int = 0  # rows without a key that have content
    refused: int = 0  # rows whose key was damaged
    columns: list[str] = field(default_factory=list)  # columns moved, renamed, added


# Report sections in print order: attribute name → Chinese heading.
SECTIONS: dict[str, str] = {
    "updated": "已更新的任务",
    "not_returned": "未报送的任务",
    "deleted": "填报表中被删除的行（台账保留原值）",
    "added": "单位新增的行（台账中没有，未合并，原文照录）",
    "altered_tasks": "单位改动了任务内容（已保留原任务内容）",
    "conflicts": "台账在下发后已改动，报送值未覆盖（请人工核对）",
    "bad_statuses": "完成情况不在状态等级内（保留原值）",
    "duplicates": "重复报送（保留先读到的一份）",
    "kept_existing": "报送的进展为空，保留台账原有进展",
    "unknown_units": "台账中没有的单位",
    "tampered": "隐藏对应关系被改动的行（未合并）",
    "refused": "拒收的填报表（未合并）",
    "unmatched": "对不上台账任何任务的行或文件",
    "unreadable": "无法读取的文件",
}


@dataclass
class MergeReport:
    """Everything collect noticed; no list is ever silently dropped."""

    files: list[str] = field(default_factory=list)
    unchanged: int = 0
    updated: list[Finding] = field(default_factory=list)
    not_returned: list[Finding] = field(default_factory=list)
    deleted: list[Finding] = field(default_factory=list)
    added: list[Finding] = field(default_factory=list)
    altered_tasks: list[Finding] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    bad_statuses: list[Finding] = field(default_factory=list)
    duplicates: list[Finding] = field(default_factory=list)
    kept_existing: list[Finding] = field(default_factory=list)
    unknown_units: list[Finding] = field(default_factory=list)
    tampered: list[Finding] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)
    unmatched: list[Finding] = field(default_factory=list)
    unreadable: list[Finding] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)

    def section(self, name: str) -> list[Finding]:
        found: list[Finding] = getattr(self, name)
        return found

    @property
    def problems(self) -> int:
        """Findings that need a person's attention (everything but updates)."""
        return sum(len(self.section(name)) for name in SECTIONS if name != "updated")

    def summary(self) -> str:
        """One Chinese line for the terminal."""
        parts = [f"读取 {len(self.files)} 个文件", f"更新 {len(self.updated)} 项",
                 f"未变 {self.unchanged} 项"]
        parts += [f"{SECTIONS[name].split('（')[0]} {len(self.section(name))} 项"
                  for name in SECTIONS if name != "updated" and self.section(name)]
        return "；".join(parts)


COLUMNS = ("单位", "序号", "工作任务", "文件", "行", "说明")
UNIT_COLUMNS = ("单位", "文件", "更新", "未变", "删除的行", "新增的行", "被拒的行", "列的变动")


def _unit_cells(unit: UnitSummary) -> list[str | int]:
    return [unit.unit, unit.file, unit.updated, unit.unchanged, unit.missing, unit.added,
            unit.refused, "；".join(unit.columns) or "无"]


def _cells(finding: Finding) -> list[str | int | None]:
    return [finding.unit, finding.seq, finding.task, finding.file, finding.row, finding.detail]


def to_markdown(report: MergeReport) -> str:
    """The report as Markdown: a summary line, then one table per non-empty section."""
    lines = ["# 填报表合并报告", "", report.summary(), ""]
    if report.units:
        lines += [f"## 各单位情况（{len(report.units)}）", "",
                  "| " + " | ".join(UNIT_COLUMNS) + " |", "|" + "---|" * len(UNIT_COLUMNS)]
        lines += ["| " + " | ".join(_md(str(c)) for c in _unit_cells(u)) + " |"
                  for u in report.units]
        lines.append("")
    for name, heading in SECTIONS.items():
        found = report.section(name)
        lines += [f"## {heading}（{len(found)}）", ""]
        if not found:
            lines += ["无", ""]
            continue
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        for finding in found:
            cells = ["" if c is None else _md(str(c)) for c in _cells(finding)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def write_report(report: MergeReport, path: Path) -> None:
    """Write the merge report as .md (or .markdown/.txt) or .xlsx, chosen by the suffix."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".md", ".markdown", ".txt"):
            with atomic_path(path) as temp:
                temp.write_text(to_markdown(report) + "\n", encoding="utf-8")
        elif suffix == ".xlsx":
            workbook = _workbook(report)
            with atomic_path(path) as temp:
                workbook.save(temp)
        else:
            raise OutputError(f"合并报告只能写成 .md 或 .xlsx，而不是“{path.name}”")
    except OSError as exc:
        raise OutputError(f"无法写入合并报告 {path}：{exc}") from None


def _workbook(report: MergeReport) -> Workbook:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    ws = workbook.active
    ws.title = "合并报告"
    ws.append(["填报表合并报告"])
    ws.append([report.summary()])
    if report.units:
        ws.append([])
        ws.append([f"各单位情况（{len(report.units)}）"])
        ws.append(list(UNIT_COLUMNS))
        for unit in report.units:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c
                       for c in _unit_cells(unit)])
    for name, heading in SECTIONS.items():
        found = report.section(name)
        ws.append([])
        ws.append([f"{heading}（{len(found)}）"])
        if found:
            ws.append(list(COLUMNS))
        for finding in found:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c
                       for c in _cells(finding)])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for letter, width in zip("ABCDEF", (18, 6, 40, 24, 6, 50), strict=True):
        ws.column_dimensions[letter].width = width
    return workbook


__all__ = ["Finding", "MergeReport", "SECTIONS", "UnitSummary", "to_markdown", "write_report"]
