"""Collect returned fill-in forms: merge their progress and status into a new ledger, and report.

Rows are matched by the hidden key each form row carries (forms.keys), and columns by their
headers and places (forms.layout), so a unit that sorts its sheet, deletes or inserts rows or
columns, or renames a header still merges exactly; a damaged key is refused, never guessed. Nothing
is lost or silently overwritten: an empty return keeps the existing text, an invalid status keeps
the old one, a value the office changed after sending is kept and reported as a conflict.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from reportgen.errors import DataError, OutputError
from reportgen.forms.keys import (
    KEY_SHEET,
    UNASSIGNED,
    FormHeader,
    FormKey,
    FormKeyError,
    digest,
    keys_from_rows,
    verify_token,
)
from reportgen.forms.layout import FormLayout, locate
from reportgen.forms.report import Finding, MergeReport, UnitSummary, write_report
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.loaders.xlsx_file import cell_text as xlsx_cell_text
from reportgen.loaders.xlsx_file import open_workbook, sheet_data
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


FORM = "填报表"  # how messages name a returned form


def _sheet_rows(workbook: Any, name: str, path: Path) -> list[tuple[Any, ...]]:
    """A sheet's rows as cell texts (row 1 first, empty rows kept), within the loaders' limits.

    Raises DataError for a sheet over the row, column or text limits, or one that cannot be read.
    """
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sheet = workbook[name]
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise DataError(f"{FORM}文件 {path} 的“{name}”不是工作表（图表页？）")
    data = sheet_data(workbook, sheet, path, formulas=True)  # a text a unit began with "="
    return [tuple(data.rows.get(number, ())) for number in range(1, max(data.rows, default=0) + 1)]


class _Merger:
    """State of one collect run: the new ledger, the rows seen, the report."""

    def __init__(self, ledger: Ledger, scale: StatusScale) -> None:
        self.ledger = ledger.model_copy(deep=True)
        self.original = ledger
        self.scale = scale
        self.report = MergeReport()
        self.seen: dict[tuple[int, int], str] = {}
        self.deleted: set[tuple[int, int]] = set()
        self.lead_units = {row.lead_unit or UNASSIGNED for _, row in ledger.rows}
        self.by_hash: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
        self.by_id: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
        for i, item in enumerate(ledger.items):
            for j, row in enumerate(item.rows):
                self.by_hash.setdefault((digest(item.task), row.unit), []).append((i, j))
                if item.id:
                    self.by_id.setdefault((item.id, row.unit), []).append((i, j))

    def read(self, path: Path) -> None:
        """Merge one returned form; a file that cannot be read safely is reported, not merged.

        A returned form comes from someone else: it is opened as the XLSX loader opens a
        ledger (limits.check_path and check_zip first: no FIFO or device, no oversized file,
        no zip bomb, DTD or password), and its sheets are streamed within the row, column and
        text limits.
        """
        name = path.name
        self.report.files.append(str(path))
        try:
            workbook = open_workbook(path, FORM, FORM)
        except DataError as exc:
            self.report.unreadable.append(Finding(file=name, detail=exc.message))
            return
        try:
            self.read_workbook(workbook, path)
        except FormKeyError as exc:
            self.report.refused.append(Finding(file=name, detail=exc.message))
        except DataError as exc:
            self.report.unreadable.append(Finding(file=name, detail=exc.message))
        finally:
            workbook.close()

    def read_workbook(self, workbook: Any, path: Path) -> None:
        name = path.name
        if KEY_SHEET not in workbook.sheetnames:
            self.report.unmatched.append(Finding(
                file=name, detail="不是 reportgen 拆分出的填报表（缺少隐藏的对应关系表，可能是另存或重新做的表），"
                "未合并；请让该单位在发给它的表上填写"))
            return
        header, keys = keys_from_rows([list(r) for r in _sheet_rows(workbook, KEY_SHEET, path)])
        other = self.other_ledger(header)
        if other:
            self.report.refused.append(Finding(unit=header.unit, file=name, detail=other))
            return
        if header.unit not in self.lead_units:
            self.report.unknown_units.append(Finding(
                unit=header.unit, file=name, detail="该单位在台账中没有牵头任务；仍按任务内容核对合并"))
        if header.sheet not in workbook.sheetnames:
            self.report.refused.append(Finding(unit=header.unit, file=name,
                                               detail=f"找不到工作表“{header.sheet}”（已改名或删除），未合并"))
            return
        rows = _sheet_rows(workbook, header.sheet, path)
        try:
            layout = locate(rows, header)
        except FormKeyError as exc:
            self.report.refused.append(Finding(unit=header.unit, file=name, detail=exc.message))
            return
        self.merge_form(rows, header, keys, layout, name)

    def other_ledger(self, header: FormHeader) -> str | None:
        """Why a form belongs to another ledger or period, or None if it is this one's."""
        title, period = self.original.title or "", self.original.period or ""
        if (header.title, header.period) == (title, period):
            return None
        return (f"这是“{header.title}”（{header.period or '未注明时期'}）的填报表，不是本台账"
                f"“{title}”（{period or '未注明时期'}）的，未合并")

    def merge_form(self, rows: list[tuple[Any, ...]], header: FormHeader, keys: list[FormKey],
                   layout: FormLayout, name: str) -> None:
        summary = UnitSummary(header.unit, name, columns=list(layout.notes))
        by_number = {key.number: key for key in keys}
        found: set[int] = set()
        for number in range(layout.header_row + 1, len(rows) + 1):
            values = rows[number - 1]
            token = values[layout.key_column - 1] if len(values) >= layout.key_column else None
            if token is None or not str(token).strip():
                self.added_row(values, layout, header, name, number, summary)
                continue
            try:
                key = verify_token(token, header, by_number)
            except FormKeyError as exc:
                self.report.tampered.append(Finding(header.unit, None, _row_text(values, layout),
                                                    name, number, exc.message))
                summary.refused += 1
                continue
            if key.number in found:
                self.report.duplicates.append(Finding(
                    key.unit, key.seq, _row_text(values, layout), name, number,
                    "同一行在本表中出现两次（复制的行？），只合并第一次出现的"))
                continue
            found.add(key.number)
            self.merge_row(values, layout, key, name, number, summary)
        for key in keys:
            if key.number not in found:
                place = self.locate(key)
                task = self.original.items[place[0]].task if place else None
                if place:
                    self.deleted.add(place)
                self.report.deleted.append(Finding(key.unit, key.seq, task, name, key.form_row,
                                                   "该行已从填报表中删除，未合并，台账保留原值"))
                summary.missing += 1
        self.report.units.append(summary)

    def added_row(self, values: tuple[Any, ...], layout: FormLayout, header: FormHeader,
                  name: str, number: int, summary: UnitSummary) -> None:
        """A row without a key that has content: a unit's addition, kept in full, not merged."""
        cells = [(layout.titles.get(c, get_column_letter(c)), cell_text(v))
                 for c, v in enumerate(values, start=1) if c != layout.key_column]
        filled = [(title, text) for title, text in cells if text]
        if not filled:
            return
        task_column = layout.columns.get("task")
        task = cell_text(values[task_column - 1]) if task_column and \
            len(values) >= task_column else None
        self.report.added.append(Finding(
            header.unit, None, task, name, number,
            "；".join(f"{title or '（无表头）'}：{text}" for title, text in filled)))
        summary.added += 1

    def locate(self, key: FormKey) -> tuple[int, int] | None:
        items = self.original.items
        if 0 <= key.item_index < len(items):
            item = items[key.item_index]
            if digest(item.task) == key.task_hash and key.row_index < len(item.rows) \
                    and item.rows[key.row_index].unit == key.unit:
                return key.item_index, key.row_index
        if key.item_id:  # the task's stable id survives the office editing the task text
            by_id = self.by_id.get((key.item_id, key.unit), [])
            if len(by_id) == 1:
                return by_id[0]
        matches = self.by_hash.get((key.task_hash, key.unit), [])
        return matches[0] if len(matches) == 1 else None

    def merge_row(self, values: tuple[Any, ...], layout: FormLayout, key: FormKey, name: str,
                  number: int, summary: UnitSummary) -> None:
        def cell(column_key: str) -> str | None:
            column = layout.columns.get(column_key)
            return cell_text(values[column - 1]) if column and len(values) >= column else None

        place = self.locate(key)
        task_text = cell("task")
        if place is None:
            self.report.unmatched.append(Finding(
                key.unit, key.seq, task_text, name, number,
                "台账中找不到这一任务（台账在下发后可能已改动），未合并"))
            return
        item_index, row_index = place
        item = self.ledger.items[item_index]
        row = item.rows[row_index]
        if place in self.seen:
            self.report.duplicates.append(_finding(
                item, row, name, number, f"已从 {self.seen[place]} 读取，本份未合并"))
            return
        self.seen[place] = name
        # A merged task cell is empty below its first row: only a text that is there is checked.
        if task_text is not None and digest(task_text) != key.task_hash:
            self.report.altered_tasks.append(_finding(
                item, row, name, number, f"报送的任务内容：{task_text}"))
        changed = self.merge_progress(item, row, key, cell("progress"), name, number)
        changed += self.merge_status(item, row, key, cell("status"), name, number)
        if changed:
            self.report.updated.append(_finding(item, row, name, number, "、".join(changed)))
            summary.updated += 1
        else:
            self.report.unchanged += 1
            summary.unchanged += 1

    def merge_progress(self, item: Item, row: UnitRow, key: FormKey, value: str | None,
                       name: str, number: int) -> list[str]:
        if value is None:
            if row.has_progress:
                self.report.kept_existing.append(_finding(item, row, name, number,
                                                          "报送的进展为空"))
            return []
        if digest(value) == digest(row.progress) or digest(value) == key.progress_hash:
            return []  # the same text, or the unit left what it was sent
        if digest(row.progress) != key.progress_hash:
            self.report.conflicts.append(_finding(
                item, row, name, number, f"进展情况：台账现值已变，报送值为“{_short(value)}”"))
            return []
        row.progress = value
        return ["进展情况"]

    def merge_status(self, item: Item, row: UnitRow, key: FormKey, value: str | None,
                     name: str, number: int) -> list[str]:
        if value is None:
            return []
        value = value.strip()
        if value not in self.scale.names:
            self.report.bad_statuses.append(_finding(
                item, row, name, number,
                f"报送“{value}”，应为{'、'.join(self.scale.names)}之一；保留原值“{row.status or ''}”"))
            return []
        if value == row.status or value == key.status:
            return []
        if row.status != key.status:
            self.report.conflicts.append(_finding(
                item, row, name, number,
                f"完成情况：台账现值“{row.status or ''}”在下发后已变，报送值为“{value}”"))
            return []
        row.status = value
        return ["完成情况"]

    def finish(self) -> CollectResult:
        for i, item in enumerate(self.ledger.items):
            for j, row in enumerate(item.rows):
                if (i, j) not in self.seen and (i, j) not in self.deleted:
                    self.report.not_returned.append(_finding(item, row, detail="未收到报送"))
        return CollectResult(self.ledger, self.report)


def _row_text(values: tuple[Any, ...], layout: FormLayout) -> str | None:
    texts = [t for c, v in enumerate(values, start=1)
             if c != layout.key_column and (t := cell_text(v))]
    return " ".join(texts)[:60] if texts else None


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
