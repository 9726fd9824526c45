"""A working folder as front ends see it: its ledgers and configs, new configs, errors in Chinese."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.config import config_from_dict
from reportgen.errors import ConfigError, OutputError, Problem, ReportgenError
from reportgen.forms.split import safe_filename
from reportgen.loaders import LOADERS
from reportgen.pipeline.core import TOP_KEY, is_config
from reportgen.templating.kinds import KINDS, get_kind
from reportgen.writers import WRITERS
from reportgen.writers.atomic import atomic_path
from reportgen.writers.staging import read_manifest

# Folders never listed: tools' and reportgen's own (staging folders start with a dot too).
SKIPPED_DIRS = {"__pycache__", "node_modules", "venv"}
MAX_DEPTH = 3
MAX_FILES = 500
_MATCHES_SNIFF = 4096  # bytes read to tell a matches file by its top-level key
MAX_CONFIG_BYTES = 1024 * 1024  # listing pages parse YAML files up to this size to find configs

# Report kinds as a clerk names them, in the order a form offers them.
KIND_LABELS: dict[str, str] = {
    "bulletin": "督查通报",
    "attachment": "附件（进展情况表）",
    "progress_report": "重点工作完成情况报告",
    "summary": "分类进展情况报告",
    "duban": "督办通知单（按单位分别生成）",
}


def ledger_suffixes() -> list[str]:
    """File suffixes the loaders read (the registry decides; new importers appear here)."""
    return sorted(LOADERS)


def output_formats() -> list[str]:
    """Output format names the writers know."""
    return list(WRITERS)


def kinds() -> dict[str, str]:
    """Known report kinds with their Chinese names; a kind without a label shows its key."""
    return {name: KIND_LABELS.get(name, name) for name in KINDS}


def _walk(workdir: Path) -> list[Path]:
    """Files under ``workdir`` (a few levels deep, hidden folders and files skipped), sorted."""
    found: list[Path] = []
    root = workdir.resolve()
    for folder, dirs, files in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS
                         and depth < MAX_DEPTH)
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(folder) / name)
            if len(found) >= MAX_FILES:
                return found
    return found


def _small_config(path: Path) -> bool:
    """``is_config`` for files small enough to be a config (a big YAML file is a ledger)."""
    try:
        return path.stat().st_size <= MAX_CONFIG_BYTES and is_config(path)
    except OSError:
        return False


def list_configs(workdir: Path) -> list[Path]:
    """Report configs in the working folder (YAML files with a ``documents`` key)."""
    return [p for p in _walk(workdir) if _small_config(p)]


def is_duban_config(path: Path) -> bool:
    """Whether a config holds a 督办 document (built by ``reportgen duban``, not ``build``)."""
    from reportgen.config import load_config

    try:
        return any(d.kind == "duban" for d in load_config(path).documents)
    except ReportgenError:
        return False


def list_ledgers(workdir: Path) -> list[Path]:
    """Files in the working folder that a loader may read: not configs, not the files a build
    wrote (named in its folder's manifest: an Excel 台账 written last month is an output, not
    this month's ledger), not a comparison's matches file."""
    suffixes = set(ledger_suffixes())
    written: dict[Path, set[str]] = {}

    def generated(path: Path) -> bool:
        if path.parent not in written:
            written[path.parent] = {name for names in read_manifest(path.parent).values()
                                    for name in names}
        return path.name in written[path.parent]

    return [p for p in _walk(workdir) if p.suffix.lower() in suffixes
            and not p.name.startswith("~$") and not generated(p) and not _small_config(p)
            and not _matches_file(p)]


def _matches_file(path: Path) -> bool:
    """A comparison's matches file (one top-level key, ``matches``: pipeline.compare)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_MATCHES_SNIFF).decode("utf-8", "replace")
    except OSError:
        return False
    keys = set(TOP_KEY.findall(head))
    return keys == {"matches"}


def wanted_name(stem: str, suffix: str) -> str:
    """The name ``free_name`` gives when no file is in the way."""
    return f"{safe_filename(stem)}{suffix}"


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix`` made safe for every system, numbered so no file is overwritten."""
    base = safe_filename(stem)
    path, n = folder / f"{base}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}_{n}{suffix}"
    return path


@dataclass
class NewConfig:
    """What a clerk fills in to make a report config with one document."""

    ledger: str  # path of the ledger relative to the working folder
    kind: str
    title: str = ""
    office: str = ""
    date: dt.date | None = None
    issue_no: int | None = None  # 期数 (bulletin)
    file: str = ""  # output file stem; default from the kind
    basis: str = ""
    as_of: str = ""
    requirements: list[str] = field(default_factory=list)
    attachment_title: str = ""
    formats: list[str] = field(default_factory=lambda: ["docx", "pdf"])
    publish: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The config as it is written to YAML; only the keys the kind's parameters know."""
        known = get_kind(self.kind).params.model_fields if self.kind in KINDS else {}
        wanted: dict[str, Any] = {"issue_no": self.issue_no, "title": self.title,
                                  "basis": self.basis, "as_of": self.as_of,
                                  "requirements": self.requirements,
                                  "attachment_title": self.attachment_title}
        params = {k: v for k, v in wanted.items() if k in known and v not in (None, "", [])}
        document: dict[str, Any] = {"kind": self.kind}
        if self.file:
            document["file"] = self.file
        document["formats"] = self.formats
        if self.title and "title" not in known:
            document["title"] = self.title
        document["params"] = params
        data: dict[str, Any] = {"ledger": self.ledger, "output_dir": "输出"}
        if self.office:
            data["office"] = self.office
        if self.date:
            data["date"] = self.date
        data["documents"] = [document]
        if self.publish and self.file:
            data["publish"] = {"file": f"{self.file}（公开版）"}
        return data


def check_config_data(data: dict[str, Any], source: str, base_dir: Path) -> None:
    """Validate a config as a build would before writing anything (schema, kinds, parameters)."""
    config = config_from_dict(data, source, base_dir)
    problems: list[Problem] = []
    for spec in config.documents:
        label = spec.file or spec.title or spec.kind
        try:
            get_kind(spec.kind).validate(spec.params, label)
            for fmt in spec.formats:
                if fmt not in WRITERS:
                    raise ConfigError(f"不支持的输出格式“{fmt}”，可用的格式："
                                      + "、".join(WRITERS))
        except ConfigError as exc:
            problems.extend(exc.problems or [Problem(exc.message, source)])
    if problems:
        raise ConfigError(f"配置文件 {source} 有 {len(problems)} 处错误", problems)


def save_new_config(workdir: Path, new: NewConfig, name: str) -> Path:
    """Validate ``new`` and write it as a new config file in the working folder (never over one)."""
    path = free_name(workdir, Path(name).stem if name else "config", ".yaml")
    data = new.to_dict()
    check_config_data(data, path.name, workdir.resolve())
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    try:
        with atomic_path(path) as temp:
            temp.write_text("# 由 reportgen serve 生成的报告配置\n" + text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入配置文件 {path}：{exc}") from None
    return path


@dataclass
class Failure:
    """An error as the command line prints it: the message, then every problem."""

    message: str
    problems: list[Problem]
    exit_code: int

    def lines(self) -> list[str]:
        return [f"错误：{self.message}", *(f"  - {p}" for p in self.problems)]


def explain(exc: BaseException) -> Failure:
    """The Chinese text the CLI prints for an error (reportgen's own, or a file operation)."""
    if isinstance(exc, ReportgenError):
        return Failure(exc.message, list(exc.problems), exc.exit_code)
    if isinstance(exc, OSError):
        return Failure(f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）", [], 5)
    return Failure(f"内部错误：{type(exc).__name__}: {exc}", [], 1)
