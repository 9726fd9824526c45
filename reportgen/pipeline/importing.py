"""The import room: documents an office already has → one canonical YAML ledger (and a config).

``import_files`` reads each file (Word, text, .xls, legacy formats, or any ledger format),
recognises its ledger, joins the files in the order given, and writes the YAML ledger;
optionally a report config whose one document rebuilds the imported document as it was.
Nothing read is dropped: lines that fit no field are in the notes (the item's, or the
ledger's at the end), and the summary quotes each with its position.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import DataError, OutputError, Problem, ProblemList
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.loaders import LOADERS
from reportgen.loaders.assemble import build_ledger
from reportgen.loaders.importing import BLOCK_READERS, recognise_file
from reportgen.loaders.recognise import Recognition, assign_ids
from reportgen.model import Item, Ledger
from reportgen.pipeline.outputs import refuse_overwriting_inputs
from reportgen.writers.atomic import atomic_path

CONFIG_HEADER = "# 由 reportgen import 生成：按导入的原样重建文档。\n"  # marks a config it may rewrite


@dataclass
class ImportedFile:
    """One file as imported: what was recognised, the ledger it gave, the warnings."""

    path: Path
    recognition: Recognition
    ledger: Ledger
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    """The joined ledger, the files it came from, and what was written."""

    ledger: Ledger
    files: list[ImportedFile]
    written: list[Path] = field(default_factory=list)


def import_file(path: Path, ids: bool = True) -> ImportedFile:
    """Read and recognise one file of any supported type; DataError if it holds no ledger.

    ``ids``: give every item without one a stable id derived from its 序号 (see assign_ids).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    problems = ProblemList(file=str(path))
    if suffix in BLOCK_READERS:
        recognition = recognise_file(path, problems, ids)
    elif suffix in LOADERS:
        raw = LOADERS[suffix](path, problems)
        if ids:
            assign_ids(raw)
        recognition = Recognition(str(path), "台账", raw, title=raw.title,
                                  params={"title": raw.title} if raw.title else {})
    else:
        known = "、".join(sorted(set(BLOCK_READERS) | set(LOADERS)))
        raise DataError(f"不能导入“{suffix or '无后缀'}”文件（{path}）；可导入：{known}")
    ledger = build_ledger(recognition.raw, problems)
    problems.raise_if_errors(f"导入 {path} 时发现 {len(problems.errors)} 处错误")
    return ImportedFile(path, recognition, ledger, problems.warnings)


def _joined(files: list[ImportedFile]) -> Ledger:
    """One ledger from several: items in file order, the first title and period, ids unique."""
    first = files[0].ledger
    items: list[Item] = []
    seen: Counter[str] = Counter()
    for imported in files:
        for item in imported.ledger.items:
            if item.id:
                seen[item.id] += 1
                if seen[item.id] > 1:
                    item = item.model_copy(update={"id": f"{item.id}-{seen[item.id]}"})
            items.append(item)
    return Ledger(
        title=next((f.ledger.title for f in files if f.ledger.title), ""),
        period=next((f.ledger.period for f in files if f.ledger.period), None),
        date=next((f.ledger.date for f in files if f.ledger.date), None),
        scale=first.scale, items=items,
        notes=[note for f in files for note in f.ledger.notes],
    )


def rebuild_config(result: ImportResult, ledger_path: Path, config_path: Path) -> dict[str, Any]:
    """A report config that rebuilds the first imported document from the written ledger."""
    recognition = result.files[0].recognition
    kind = recognition.kind
    params = {k: v for k, v in recognition.params.items() if v is not None}
    if kind == "summary":
        params = {k: v for k, v in params.items() if k in ("title", "basis", "office")}
    elif kind == "attachment":
        params = {k: v for k, v in params.items() if k in ("title", "label")}
    stem = Path(recognition.source).stem
    try:
        ledger_ref = str(ledger_path.resolve().relative_to(config_path.resolve().parent))
    except ValueError:
        ledger_ref = str(ledger_path.resolve())
    document: dict[str, Any] = {"kind": kind, "file": f"{stem}（重建）",
                                "formats": ["docx", "pdf"], "params": params}
    if kind == "attachment" and recognition.columns:  # the source's own columns and headers
        keys = list(dict.fromkeys(key for key, _ in recognition.columns))
        document["columns"] = keys
        document["column_titles"] = {key: label for key, label in recognition.columns
                                     if key in keys}
    data: dict[str, Any] = {"ledger": ledger_ref, "documents": [document]}
    if result.ledger.date:
        data["date"] = result.ledger.date
    return data


def import_files(paths: list[Path], output: Path, config: Path | None = None,
                 ids: bool = True) -> ImportResult:
    """Import ``paths`` into one YAML ledger at ``output`` (and a rebuild config at ``config``).

    Everything is read and checked before anything is written.
    """
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"导入结果应写成 YAML 台账（.yaml），而不是 {output.name}")
    written = [output] if config is None else [output, config]
    refuse_overwriting_inputs(written, [Path(p) for p in paths], "请换一个输出文件名")
    if config is not None:
        _refuse_own_config(config)
    files = [import_file(Path(p), ids) for p in paths]
    result = ImportResult(_joined(files), files)
    config_text = None
    if config is not None:
        data = rebuild_config(result, output, config)
        config_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    output.parent.mkdir(parents=True, exist_ok=True)
    dump_yaml(result.ledger, output)
    result.written.append(output)
    if config is not None and config_text is not None:
        try:
            with atomic_path(config) as temp:
                temp.write_text(CONFIG_HEADER + config_text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"无法写入配置文件 {config}：{exc}") from None
        result.written.append(config)
    return result


def _refuse_own_config(config: Path) -> None:
    """A config there already that this command did not write is the clerk's own: keep it."""
    if not config.exists():
        return
    try:
        with config.open("rb") as handle:
            first = handle.read(len(CONFIG_HEADER.encode("utf-8")))
    except OSError:
        first = b""
    if first != CONFIG_HEADER.encode("utf-8"):
        raise OutputError(f"{config} 已存在，不是 reportgen import 写出的配置（可能是手写的报告配置），"
                          "未做任何改动；请用 --config 另给一个文件名")


def _quote(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def summary_lines(imported: ImportedFile) -> list[str]:
    """The recognition summary of one file, in Chinese, one statement a line."""
    r = imported.recognition
    ledger = imported.ledger
    rows = sum(len(item.rows) for item in ledger.items)
    missing = [item for item in ledger.items if not item.has_progress]
    sections = len(ledger.sections)
    statuses = Counter(row.status for _, row in ledger.rows if row.status)
    lines = [f"{imported.path}：{r.shape}"
             + (f"（编码 {r.encoding}）" if r.encoding else "")
             + (f"，由 {r.tables} 张表格接续而成" if r.tables > 1 else "")]
    lines.append(f"  部分 {sections} 个，任务 {len(ledger.items)} 项，单位进展 {rows} 行，"
                 f"无进展的任务 {len(missing)} 项"
                 + ("：" + "、".join(i.seq or _quote(i.task, 12) for i in missing)
                    if missing else ""))
    if statuses:
        found = "，".join(f"{name} {count}" for name, count in statuses.items())
        colour = f"（其中 {r.colour_statuses} 个来自单元格颜色）" if r.colour_statuses else ""
        lines.append(f"  状态：{found}{colour}")
    else:
        lines.append("  状态：无")
    lines.append(f"  标题：{r.title or '（无）'}" + (f"；时期：{ledger.period}" if ledger.period else "")
                 + (f"；日期：{ledger.date.isoformat()}" if ledger.date else ""))
    for label, texts in (("前言（标题前）", r.intro), ("开头段落（标题后）", r.basis)):
        for text in texts:
            lines.append(f"  {label}：{_quote(text)}")
    for key in ("seq_style", "progress_label", "progress_label_alone", "progress_inline",
                "no_progress_marker"):
        if key in r.params:
            lines.append(f"  {_PARAM_LABELS[key]}：{_shown(r.params[key])}")
    lines.append(f"  未能归类 {len(r.unplaced)} 处" + ("（已记入备注，未丢弃）：" if r.unplaced else ""))
    for unplaced in r.unplaced:
        place = "事项备注" if unplaced.target == "item" else "台账末尾备注"
        lines.append(f"    - {unplaced.where}（{unplaced.reason}，记入{place}）：“{_quote(unplaced.text)}”")
    lines.extend(f"  提醒：{remark}" for remark in r.remarks)
    return lines


_PARAM_LABELS = {"seq_style": "序号写法", "progress_label": "进展标签",
                 "progress_inline": "结果与任务同行", "no_progress_marker": "无进展标记",
                 "progress_label_alone": "标签单独成段"}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return f"“{value}”" if value else "（无）"
