"""The report configuration (YAML): which ledger, which documents, and the office's choices."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from reportgen.errors import ConfigError, Problem, validation_message
from reportgen.loaders.clean import describe_removed, remove_controls
from reportgen.loaders.limits import MAX_PROPERTY_CHARS
from reportgen.loaders.textfile import decode, read_bytes
from reportgen.loaders.yaml_limits import (
    LimitedSafeLoader,
    YamlLimitError,
    on_libyaml,
    yaml_problem,
)
from reportgen.model import Status, StatusScale

DEFAULT_FORMATS = ("docx", "pdf")
# Names Windows reserves for devices, with or without an extension (CON, con.txt, COM1…).
RESERVED_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                            *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})
_DRIVE = re.compile(r"^[A-Za-z]:")
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def file_stem_problem(name: str) -> str | None:
    """Why ``name`` cannot be an output file stem (a bare file name in the output folder)."""
    if not name.strip():
        return "文件名为空"
    if "/" in name or "\\" in name:
        return "文件名不能含路径分隔符 / 或 \\（输出只写在输出文件夹中）"
    if _DRIVE.match(name):
        return "文件名不能以盘符开头"
    if ".." in name:
        return "文件名不能含“..”"
    if _BAD_CHARS.search(name):
        return '文件名不能含控制字符或 < > : " | ? *'
    if name.startswith("."):
        return "文件名不能以“.”开头"
    if name != name.rstrip(" ."):
        return "文件名不能以空格或“.”结尾"
    if name.split(".")[0].rstrip(" ").upper() in RESERVED_NAMES:
        return f"“{name}”是 Windows 保留的设备名（CON、NUL、PRN、AUX、COM1、LPT1 等）"
    if len(name.encode("utf-8")) > 200:
        return "文件名过长（超过 200 字节）"
    return None


def _stem(value: str | None) -> str | None:
    problem = None if value is None else file_stem_problem(value)
    if problem:
        raise ValueError(problem)
    return value


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

    _file = field_validator("file")(_stem)

    @field_validator("formats")
    @classmethod
    def _once_each(cls, formats: list[str]) -> list[str]:
        """``[docx, docx]`` is docx once (twice wrote one file twice and failed the build)."""
        return list(dict.fromkeys(formats))


class StatsOverrides(BaseModel):
    """Figures and lists the office wants stated differently from what the ledger computes."""

    model_config = ConfigDict(extra="forbid")

    items: int | None = None
    unit_rows: int | None = None
    units: int | None = None
    good_units: list[str] | None = None
    lagging_units: list[str] | None = None


class CompareSpec(BaseModel):
    """Earlier periods to compare the ledger with: the periods recorded in the history store
    before this one (``from_history: true``), or ledger files named here (paths from the config):
    last period's ledger and, for streaks over more periods, older ones (oldest first).
    """

    model_config = ConfigDict(extra="forbid")

    from_history: bool = False  # 上期与往期取自历史库（db:），按期次排序在本期之前的各期
    previous: Path | None = None  # 上期台账
    history: list[Path] = Field(default_factory=list)  # older periods, oldest first
    earlier: Path | None = None  # a chosen earlier period for a second comparison
    matches: Path | None = None  # the user's matches file (accepted / rejected pairs)
    lag_periods: int = Field(default=2, ge=1)  # N in "lagging N periods in a row"

    @model_validator(mode="after")
    def _one_source(self) -> CompareSpec:
        if self.from_history and (self.previous is not None or self.history):
            raise ValueError("写了 from_history: true（上期与往期取自历史库）时，"
                             "不再给出 previous 或 history")
        if not self.from_history and self.previous is None:
            raise ValueError("需要 previous（上期台账文件），或 from_history: true（取自历史库）")
        return self


class DeadlineSpec(BaseModel):
    """How 时限 turn into lights: the report date, the warning window and the finished grades."""

    model_config = ConfigDict(extra="forbid")

    report_date: dt.date | None = None  # default: the config's date, the ledger's, else today
    warn_days: int = Field(default=30, ge=0)  # 黄 when due within this many days
    done_statuses: list[str] = Field(default_factory=lambda: ["已完成", "完成"])


class ColophonSpec(BaseModel):
    """版记 (GB/T 9704 7.4) at the foot of the last page: 抄送, 印发机关 and 印发日期."""

    model_config = ConfigDict(extra="forbid")

    cc: str | None = None  # 抄送, e.g. 区委办，区政府办。
    issued_by: str | None = None  # 印发机关; default: the config's office
    issued_date: dt.date | None = None  # 印发日期; default: the document's date


class PublishSpec(BaseModel):
    """The 公开版: one PDF of the chosen documents, page numbers running on, fit to publish.

    What must not be published is left out: table columns (default the 责任人), the persons'
    names and phone numbers wherever they appear, and any words the office lists.
    """

    model_config = ConfigDict(extra="forbid")

    file: str
    documents: list[str] | None = None  # file stems of the documents; default all
    drop_columns: list[str] = Field(default_factory=lambda: ["person"])
    mask_words: list[str] = Field(default_factory=list)  # each replaced by ×××
    mask_persons: bool = True  # names of the ledger's 责任人 anywhere in the text
    mask_phones: bool = True  # mobile and landline numbers
    keep_lagging_units: bool = True  # name the units with lagging items in the 基本情况

    _file = field_validator("file")(_stem)


class Limits(BaseModel):
    """Limits on what a template may cost (see docs/security.md)."""

    model_config = ConfigDict(extra="forbid")

    render_seconds: float = Field(default=60.0, gt=0, le=3600)  # per document
    render_output_mb: float = Field(default=50.0, gt=0, le=2048)  # HTML of one document


class RankingSpec(BaseModel):
    """The unit ranking (红黑榜): score weights and what to publish (reportgen.analysis.ranking)."""

    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float] = Field(default_factory=dict)  # good, lagging, overdue, trend
    top: int = Field(default=5, ge=0)  # 红榜: the best N ranks (ties included)
    bottom: int = Field(default=0, ge=0)  # 黑榜: the worst N units; 0 = publish no black list
    in_bulletin: bool = False  # a 红榜/黑榜 table in the bulletin
    sheet: bool = False  # a 单位排名 sheet in the Excel 台账


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
    # The period history: a SQLite file inside the config's folder (relative path) or a
    # postgresql+psycopg:// URL; default reportgen.db in the working folder.
    db: str | None = None
    # 版记 for every document; the bulletin always has one (印发机关 and 印发日期 at least).
    colophon: ColophonSpec | None = None
    # 署名与成文日期: False for a document without a seal (GB/T 9704 7.3.5.3: signature two
    # characters in from the right, the date under it two characters further right); True
    # for a sealed one (7.3.5.1: date four characters in, signature centred over it).
    sealed: bool = False
    ranking: RankingSpec = Field(default_factory=RankingSpec)
    base_dir: Path = Path(".")  # the config's folder; set by load_config
    _encoding: str = PrivateAttr(default="utf-8")  # as load_config read the file

    @field_validator("unit_aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        return value or {}

    @property
    def encoding(self) -> str:
        """The encoding the config file was read in (utf-8, gb18030 or utf-16)."""
        return self._encoding

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
        problems = [Problem(validation_message(e), source, _location(e["loc"]))
                    for e in exc.errors()]
        raise ConfigError(f"配置文件 {source} 有 {len(problems)} 处错误", problems) from None
    _check_output_dir(config, source)
    problems = text_problems(data, source)
    if problems:
        raise ConfigError(f"配置文件 {source} 有 {len(problems)} 处错误", problems)
    return config


def _check_output_dir(config: ReportConfig, source: str) -> None:
    """A config's output_dir must lie inside the config's folder (the CLI's -o may go anywhere)."""
    value = config.output_dir
    inside = not value.is_absolute() and not _DRIVE.match(str(value))
    if inside:
        try:
            base = config.base_dir.resolve()
            inside = (base / value).resolve().is_relative_to(base)
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop
            inside = False
    if not inside:
        raise ConfigError(
            f"配置文件 {source} 的 output_dir “{value}” 不在配置文件所在的文件夹 {config.base_dir} 内："
            "共享来的配置不能把文件写到别处。请改成该文件夹内的相对路径（如 输出），"
            "或在命令行用 -o 指定输出文件夹",
            [Problem("输出文件夹须在配置文件所在文件夹内", source, None, "output_dir")])


# Config texts that become Word/Excel document properties (python-docx refuses longer ones).
_PROPERTY_KEYS = frozenset({"office", "title"})


def text_problems(data: Any, source: str, path: str = "") -> list[Problem]:
    """Texts a writer would refuse later, found now: hidden characters (control, bidi,
    zero-width) anywhere, and a title or office over the document-property limit."""
    found: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(value, str) and key in _PROPERTY_KEYS and len(value) > MAX_PROPERTY_CHARS:
                found.append(Problem(f"有 {len(value)} 个字，超过 Word/Excel 文档属性上限 "
                                     f"{MAX_PROPERTY_CHARS} 个字", source, child))
            found.extend(text_problems(key, source, child) if isinstance(key, str) else [])
            found.extend(text_problems(value, source, child))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(text_problems(value, source, f"{path}[{index}]"))
    elif isinstance(data, str):
        _, removed = remove_controls(data)
        if removed:
            found.append(Problem(describe_removed(removed).replace("已删除", "含有", 1)
                                 + "，请删去", source, path or None))
    return found


class _Dates:
    """An impossible date (2022-02-30) as an error naming its line rather than a ValueError."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        loader: Any = cls
        loader.add_constructor("tag:yaml.org,2002:timestamp", loader.construct_yaml_timestamp)

    def construct_yaml_timestamp(self: Any, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"日期“{node.value}”不存在（请检查月份与日）", node.start_mark) from None


class ConfigLoader(_Dates, LimitedSafeLoader):
    """Configs and style profiles: PyYAML's safe types, the limits of yaml_limits, dates checked."""


# The same loader on libyaml's parser (constructor and resolver are the same Python classes):
# a style profile parses in 2 ms instead of 15. Whatever it refuses is read again by
# ConfigLoader, so a user sees the same message with or without libyaml.
ConfigCLoader = on_libyaml("ConfigCLoader", _Dates)


def read_yaml(path: Path, kind: str = "配置") -> tuple[Any, str]:
    """The parsed content of a config-like YAML file and its encoding; ConfigError otherwise.

    The file is checked before reading (limits.check_path), decoded as UTF-8, GBK/GB18030 or
    UTF-16 like ledgers, and parsed within the YAML limits. An empty file (or one holding only
    comments) is a ConfigError that says so.
    """
    text, encoding = decode(read_bytes(path, kind, ConfigError), path, kind, ConfigError)
    try:
        data = _load(text)
    except YamlLimitError as exc:
        raise ConfigError(f"{kind}文件 {path} 超出读取限制：{exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"第{mark.line + 1}行：" if mark else ""
        raise ConfigError(f"{kind}文件 {path} 不是有效的 YAML：{line}{yaml_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{kind}文件 {path} 不是有效的 YAML：{exc}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
        raise ConfigError(f"{kind}文件 {path} 中有无法读取的值：{exc}") from None
    if data is None:
        raise ConfigError(f"{kind}文件 {path} 是空的（只有空白或注释）。报告配置至少需要 ledger 与 "
                          "documents 两个键；若要直接用台账生成，台账应含 items 键")
    return data, encoding


def _load(text: str) -> Any:
    """``text`` parsed by ConfigCLoader when libyaml is present; anything it refuses, and any
    text without libyaml, by ConfigLoader (whose errors read_yaml reports)."""
    if ConfigCLoader is not None:
        try:
            return yaml.load(text, Loader=ConfigCLoader)  # noqa: S506 - a SafeLoader subclass
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            pass
    return yaml.load(text, Loader=ConfigLoader)  # noqa: S506 - a SafeLoader subclass


def load_config(path: Path) -> ReportConfig:
    """Read and validate a report config file (UTF-8 or GBK/GB18030; see ``encoding``)."""
    data, encoding = read_yaml(path)
    config = config_from_dict(data, str(path), path.resolve().parent)
    config._encoding = encoding
    return config
