"""The report configuration (YAML): which ledger, which documents, and the office's choices."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reportgen.errors import ConfigError, Problem
from reportgen.model import Status, StatusScale

DEFAULT_FORMATS = ("docx", "pdf")


class DocumentSpec(BaseModel):
    """One document to build: its kind (template), output file stem, formats and parameters."""

    model_config = ConfigDict(extra="forbid")

    kind: str  # bulletin, attachment, progress_report, summary (see templating.kinds)
    file: str | None = None  # output file stem; default from the kind, e.g. 督查通报第8期
    formats: list[str] = Field(default_factory=lambda: list(DEFAULT_FORMATS))
    title: str | None = None
    columns: list[str] | None = None  # table column keys, e.g. [seq, task, unit, progress]
    column_titles: dict[str, str] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)  # kind-specific, validated by the kind


class StatsOverrides(BaseModel):
    """Figures and lists the office wants stated differently from what the ledger computes."""

    model_config = ConfigDict(extra="forbid")

    items: int | None = None
    unit_rows: int | None = None
    units: int | None = None
    good_units: list[str] | None = None
    lagging_units: list[str] | None = None


class CompareSpec(BaseModel):
    """Earlier periods to compare the ledger with, given as ledger files (paths from the config).

    Until the period store feeds the history, the office names last period's ledger and, if it
    wants streaks over more periods, older ones (oldest first).
    """

    model_config = ConfigDict(extra="forbid")

    previous: Path  # 上期台账
    history: list[Path] = Field(default_factory=list)  # older periods, oldest first
    earlier: Path | None = None  # a chosen earlier period for a second comparison
    matches: Path | None = None  # the user's matches file (accepted / rejected pairs)
    lag_periods: int = Field(default=2, ge=1)  # N in "lagging N periods in a row"


class DeadlineSpec(BaseModel):
    """How 时限 turn into lights: the report date, the warning window and the finished grades."""

    model_config = ConfigDict(extra="forbid")

    report_date: dt.date | None = None  # default: the config's date, the ledger's, else today
    warn_days: int = Field(default=30, ge=0)  # 黄 when due within this many days
    done_statuses: list[str] = Field(default_factory=lambda: ["已完成", "完成"])


class PublishSpec(BaseModel):
    """The combined publishing PDF: several documents in one file, page numbers running on."""

    model_config = ConfigDict(extra="forbid")

    file: str
    documents: list[str] | None = None  # file stems of the documents; default all


class Limits(BaseModel):
    """Limits on what a template may cost (see docs/security.md)."""

    model_config = ConfigDict(extra="forbid")

    render_seconds: float = Field(default=60.0, gt=0, le=3600)  # per document
    render_output_mb: float = Field(default=50.0, gt=0, le=2048)  # HTML of one document


class ReportConfig(BaseModel):
    """A whole report configuration; paths are relative to the config file."""

    model_config = ConfigDict(extra="forbid")

    ledger: Path
    output_dir: Path = Path("输出")
    profile: str = "gbt9704"
    office: str = ""  # the issuing office (发文机关), also the PDF author
    date: dt.date | None = None  # 成文日期; default: the ledger's date, else today
    status_scale: list[Status] | None = None
    unit_aliases: dict[str, str] = Field(default_factory=dict)
    unique_seq: bool = False  # refuse a 序号 used by two items
    stats: StatsOverrides = Field(default_factory=StatsOverrides)
    documents: list[DocumentSpec] = Field(min_length=1)
    publish: PublishSpec | None = None
    compare: CompareSpec | None = None  # off unless a previous period is given
    deadlines: DeadlineSpec = Field(default_factory=DeadlineSpec)
    limits: Limits = Field(default_factory=Limits)
    base_dir: Path = Path(".")  # the config's folder; set by load_config

    @field_validator("unit_aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        return value or {}

    @property
    def scale(self) -> StatusScale | None:
        return StatusScale(statuses=tuple(self.status_scale)) if self.status_scale else None

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.base_dir / path

    @property
    def user_dirs(self) -> tuple[Path, ...]:
        """Folders whose templates and profiles override the built-in ones."""
        return (self.base_dir / "templates", self.base_dir)


def _location(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                   for i, p in enumerate(loc))


def config_from_dict(data: Any, source: str, base_dir: Path) -> ReportConfig:
    """Validate a parsed config; every problem is reported with its key path."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}：配置文件应是“键: 值”形式的 YAML 映射")
    try:
        config = ReportConfig.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        problems = [Problem(f"{e['msg']}（得到 {e.get('input')!r}）", source, _location(e["loc"]))
                    for e in exc.errors()]
        raise ConfigError(f"配置文件 {source} 有 {len(problems)} 处错误", problems) from None
    return config


def load_config(path: Path) -> ReportConfig:
    """Read and validate a report config file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件 {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 YAML：{exc}") from None
    return config_from_dict(data, str(path), path.resolve().parent)
