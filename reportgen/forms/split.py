"""Per-unit fill-in forms: one protected workbook per lead unit, plus a list of what was sent.

Only a unit's own rows are in its form; the task columns are locked, the progress and status
cells are open (the status a drop-down). Sheet protection has no password: it guards against
slips, not against a determined user, and collect reports any task text that was changed.
"""
from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from reportgen.forms.keys import UNASSIGNED, FormHeader, FormKey, digest, write_keys
from reportgen.model import Item, Ledger, StatusScale
from reportgen.writers.staging import Staging
from reportgen.writers.xlsx import build_workbook, save_workbook
from reportgen.writers.xlsx.cells import DEFAULT_COLUMNS

MANIFEST = "发送清单.xlsx"
EDITABLE = ("progress", "status")
_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, limit: int = 60) -> str:
    """A file name (without suffix) that Windows, macOS and Linux all accept."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "未命名"
    if cleaned.upper() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return cleaned[:limit]


def group_rows(ledger: Ledger) -> dict[str, list[tuple[int, int]]]:
    """(item index, unit-row index) pairs by lead unit, in ledger order; no unit → 未分配."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for item_index, item in enumerate(ledger.items):
        for row_index, row in enumerate(item.rows):
            groups.setdefault(row.lead_unit or UNASSIGNED, []).append((item_index, row_index))
    return groups


def _sub_ledger(ledger: Ledger, pairs: list[tuple[int, int]]) -> Ledger:
    """The ledger reduced to the given unit rows, items in ledger order."""
    items: list[Item] = []
    last: int | None = None
    for item_index, row_index in pairs:
        item = ledger.items[item_index]
        row = item.rows[row_index].model_copy()
        if item_index != last:
            items.append(item.model_copy(update={"rows": [row]}))
            last = item_index
        else:
            items[-1].rows.append(row)
    return ledger.model_copy(update={"items": items})


def form_columns(columns: list[str] | None) -> list[str]:
    """The form's columns: the ledger's, with progress and status always present."""
    chosen = list(columns or DEFAULT_COLUMNS)
    for key in ("task", *EDITABLE):
        if key not in chosen:
            chosen.append(key)
    return chosen


def split(ledger: Ledger, out_dir: Path, *, scale: StatusScale | None = None,
          columns: list[str] | None = None) -> list[Path]:
    """Write one fill-in form per lead unit into ``out_dir`` and the list 发送清单.xlsx.

    Returns the forms' paths in ledger order of their units (the list is ``out_dir/MANIFEST``).
    All files are staged and moved in together: a failure leaves the folder as it was.
    """
    scale = scale or ledger.scale
    chosen = form_columns(columns)
    used: set[str] = set()
    written: list[tuple[str, Path, int, int]] = []
    with Staging(out_dir, owner=None) as staging:
        for unit, pairs in group_rows(ledger).items():
            stem = safe_filename(unit)
            name, n = stem, 1
            while name.lower() in used or name == Path(MANIFEST).stem:
                n += 1
                name = f"{stem}_{n}"
            used.add(name.lower())
            _write_form(ledger, unit, pairs, staging.path(f"{name}.xlsx"), scale, chosen)
            written.append((unit, out_dir / f"{name}.xlsx", len(pairs),
                            len({i for i, _ in pairs})))
        _write_manifest(ledger, written, staging.path(MANIFEST))
        staging.commit([path.name for _, path, _, _ in written] + [MANIFEST])
    return [path for _, path, _, _ in written]


def _write_form(ledger: Ledger, unit: str, pairs: list[tuple[int, int]], path: Path,
                scale: StatusScale, columns: list[str]) -> None:
    sub = _sub_ledger(ledger, pairs)
    workbook, layout, _ = build_workbook(sub, scale=scale, columns=columns, summary=False,
                                         file=str(path), editable=EDITABLE,
                                         heading=f"{ledger.title or '台账'}（{unit}填报）")
    ws = workbook.active
    protection = ws.protection
    protection.sheet = True
    protection.formatRows = False  # allowed: a unit may make a row taller
    protection.formatColumns = False
    protection.autoFilter = False
    protection.sort = True
    keys: list[FormKey] = []
    for (excel_row, _, _), (item_index, row_index) in zip(layout.rows, pairs, strict=True):
        item = ledger.items[item_index]
        row = item.rows[row_index]
        keys.append(FormKey(len(keys) + 1, excel_row, item_index, row_index, item.seq,
                            digest(item.task), digest(row.progress), row.status, row.unit,
                            item.id))
    key_column = len(layout.columns) + 1
    titles = {key: str(ws.cell(layout.header_row, col).value or "")
              for key, col in layout.columns.items()}
    write_keys(workbook, ws, FormHeader(unit, ledger.title, ledger.period or "", layout.columns,
                                        ws.title, titles=titles, header_row=layout.header_row,
                                        key_column=key_column), keys)
    # Sorting through the filter moves the hidden key column with its rows.
    ws.auto_filter.ref = (f"A{layout.header_row}:{get_column_letter(key_column)}"
                          f"{max(layout.last_row, layout.header_row)}")
    save_workbook(workbook, path)


def _write_manifest(ledger: Ledger, written: list[tuple[str, Path, int, int]],
                    path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "发送清单"
    ws.append([f"{ledger.title or '台账'} 填报表发送清单"])
    ws.append(["序号", "单位", "文件", "事项数", "任务数"])
    for number, (unit, form, rows, items) in enumerate(written, start=1):
        ws.append([number, unit, form.name, items, rows])
    ws.append(["合计", f"{len(written)}个单位", "", len(ledger.items), len(ledger.rows)])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for letter, width in zip("ABCDE", (8, 24, 32, 8, 8), strict=True):
        ws.column_dimensions[letter].width = width
    save_workbook(workbook, path)
