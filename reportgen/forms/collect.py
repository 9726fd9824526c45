"""Collect returned fill-in forms: merge their progress and status into a new ledger, and report.

Rows are matched by the form's hidden key (item and row index, checked against a hash of the
task text), so a unit reordering nothing and editing only its open cells merges exactly. Nothing
is lost or silently overwritten: an empty return keeps the existing text, an invalid status keeps
the old one, a value the office changed after sending is kept and reported as a conflict.
"""
from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from reportgen.errors import OutputError
from reportgen.forms.keys import UNASSIGNED, FormHeader, FormKey, digest, read_keys
from reportgen.forms.report import Finding, MergeReport, write_report
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.loaders.xlsx_file import cell_text as xlsx_cell_text
from reportgen.model import Item, Ledger, StatusScale, UnitRow
from reportgen.writers.staging import Staging


@dataclass
class CollectResult:
    """The merged ledger (a new object; the input is untouched) and the merge report."""

    ledger: Ledger
    report: MergeReport


def cell_text(value: Any) -> str | None:
    """A returned cell as text, read as the XLSX loader reads cells; blank is None."""
    text = xlsx_cell_text(value)
    if text is None:
        return None
    text = text.replace("\r\n", "\n")
    return text if text.strip() else None


def _finding(item: Item, row: UnitRow, file: str | None = None, form_row: int | None = None,
             detail: str = "") -> Finding:
    return Finding(row.unit or UNASSIGNED, item.seq, item.task, file, form_row, detail)


def _open(path: Path) -> Workbook | str:
    """The workbook, or a Chinese reason why it cannot be read."""
    if not path.is_file():
        return "文件不存在"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        return f"不是有效的 .xlsx 文件（{exc}）"
    except OSError as exc:
        return f"无法读取（{exc.strerror or exc}）"


class _Merger:
    """State of one collect run: the new ledger, the rows seen, the report."""

    def __init__(self, ledger: Ledger, scale: StatusScale) -> None:
        self.ledger = ledger.model_copy(deep=True)
        self.original = ledger
        self.scale = scale
        self.report = MergeReport()
        self.seen: dict[tuple[int, int], str] = {}
        self.lead_units = {row.lead_unit or UNASSIGNED for _, row in ledger.rows}
        self.by_hash: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
        for i, item in enumerate(ledger.items):
            for j, row in enumerate(item.rows):
                self.by_hash.setdefault((digest(item.task), row.unit), []).append((i, j))

    def read(self, path: Path) -> None:
        name = path.name
        self.report.files.append(str(path))
        opened = _open(path)
        if isinstance(opened, str):
            self.report.unreadable.append(Finding(file=name, detail=opened))
            return
        keyed = read_keys(opened)
        if keyed is None:
            self.report.unmatched.append(Finding(
                file=name, detail="不是由 reportgen split 生成的填报表（缺少隐藏的对应关系表），未合并"))
            return
        header, keys = keyed
        if header.unit not in self.lead_units:
            self.report.unknown_units.append(Finding(
                unit=header.unit, file=name, detail="该单位在台账中没有牵头任务；仍按任务内容核对合并"))
        if header.sheet not in opened.sheetnames or not {"progress", "status", "task"} \
                <= set(header.columns):
            self.report.unmatched.append(Finding(unit=header.unit, file=name,
                                                 detail="填报表的工作表或列已被改动，无法合并"))
            return
        ws = opened[header.sheet]
        for key in keys:
            self.merge_row(ws, header, key, name)
        self.extra_rows(ws, header, keys, name)

    def locate(self, key: FormKey) -> tuple[int, int] | None:
        items = self.original.items
        if 0 <= key.item_index < len(items):
            item = items[key.item_index]
            if digest(item.task) == key.task_hash and key.row_index < len(item.rows) \
                    and item.rows[key.row_index].unit == key.unit:
                return key.item_index, key.row_index
        matches = self.by_hash.get((key.task_hash, key.unit), [])
        return matches[0] if len(matches) == 1 else None

    def merge_row(self, ws: Any, header: FormHeader, key: FormKey, name: str) -> None:
        place = self.locate(key)
        task_text = cell_text(ws.cell(key.item_task_row, header.columns["task"]).value)
        if place is None:
            self.report.unmatched.append(Finding(
                key.unit, key.seq, task_text, name, key.form_row,
                "台账中找不到这一任务（台账在下发后可能已改动），未合并"))
            return
        item_index, row_index = place
        item = self.ledger.items[item_index]
        row = item.rows[row_index]
        if place in self.seen:
            self.report.duplicates.append(_finding(
                item, row, name, key.form_row, f"已从 {self.seen[place]} 读取，本份未合并"))
            return
        self.seen[place] = name
        if digest(task_text) != key.task_hash:
            self.report.altered_tasks.append(_finding(
                item, row, name, key.item_task_row, f"报送的任务内容：{task_text or '（空）'}"))
        progress = cell_text(ws.cell(key.form_row, header.columns["progress"]).value)
        status = cell_text(ws.cell(key.form_row, header.columns["status"]).value)
        changed = self.merge_progress(item, row, key, progress, name)
        changed += self.merge_status(item, row, key, status, name)
        if changed:
            self.report.updated.append(_finding(item, row, name, key.form_row,
                                                "、".join(changed)))
        else:
            self.report.unchanged += 1

    def merge_progress(self, item: Item, row: UnitRow, key: FormKey, value: str | None,
                       name: str) -> list[str]:
        if value is None:
            if row.has_progress:
                self.report.kept_existing.append(_finding(item, row, name, key.form_row,
                                                          "报送的进展为空"))
            return []
        if digest(value) == digest(row.progress) or digest(value) == key.progress_hash:
            return []  # the same text, or the unit left what it was sent
        if digest(row.progress) != key.progress_hash:
            self.report.conflicts.append(_finding(
                item, row, name, key.form_row, f"进展情况：台账现值已变，报送值为“{_short(value)}”"))
            return []
        row.progress = value
        return ["进展情况"]

    def merge_status(self, item: Item, row: UnitRow, key: FormKey, value: str | None,
                     name: str) -> list[str]:
        if value is None:
            return []
        value = value.strip()
        if value not in self.scale.names:
            self.report.bad_statuses.append(_finding(
                item, row, name, key.form_row,
                f"报送“{value}”，应为{'、'.join(self.scale.names)}之一；保留原值“{row.status or ''}”"))
            return []
        if value == row.status or value == key.status:
            return []
        if row.status != key.status:
            self.report.conflicts.append(_finding(
                item, row, name, key.form_row,
                f"完成情况：台账现值“{row.status or ''}”在下发后已变，报送值为“{value}”"))
            return []
        row.status = value
        return ["完成情况"]

    def extra_rows(self, ws: Any, header: FormHeader, keys: list[FormKey], name: str) -> None:
        """Rows with content below the keyed rows (a unit added a task) are reported."""
        last = max((k.form_row for k in keys), default=0)
        for number, values in enumerate(ws.iter_rows(min_row=last + 1, values_only=True),
                                        start=last + 1):
            texts = [cell_text(v) for v in values]
            if any(texts):
                self.report.unmatched.append(Finding(
                    header.unit, None, " ".join(t for t in texts if t)[:60], name, number,
                    "填报表中新增的行，台账中没有对应任务，未合并"))

    def finish(self) -> CollectResult:
        for i, item in enumerate(self.ledger.items):
            for j, row in enumerate(item.rows):
                if (i, j) not in self.seen:
                    self.report.not_returned.append(_finding(item, row, detail="未收到报送"))
        return CollectResult(self.ledger, self.report)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "……"


def collect(ledger: Ledger, returned: list[Path], *,
            scale: StatusScale | None = None) -> CollectResult:
    """Merge the returned forms into a copy of ``ledger``; every row of it is kept."""
    merger = _Merger(ledger, scale or ledger.scale)
    for path in returned:
        merger.read(Path(path))
    return merger.finish()


def report_path(ledger_path: Path) -> Path:
    """Where the merge report of a collect goes: beside the new ledger, 〈name〉_合并报告.md."""
    return ledger_path.with_name(f"{ledger_path.stem}_合并报告.md")


def save_result(result: CollectResult, path: Path, *,
                scale: StatusScale | None = None) -> list[Path]:
    """Write the merged ledger (.yaml/.yml or .xlsx, by suffix) and the merge report beside it.

    Returns the paths written: the ledger, then the report.
    """
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        raise OutputError(f"合并后的台账只能写成 .yaml 或 .xlsx，而不是“{path.name}”")
    report = report_path(path)
    with Staging(path.parent, owner=None) as staging:  # both files or neither
        if suffix == ".xlsx":
            from reportgen.writers.xlsx import write_ledger

            write_ledger(result.ledger, staging.path(path.name), scale=scale)
        else:
            dump_yaml(result.ledger, staging.path(path.name))
        write_report(result.report, staging.path(report.name))
        staging.commit([path.name, report.name])
    return [path, report]
