"""The build pipeline: load → validate → analyse → render → write, one linear run.

Outputs are written into a staging folder first and moved into place only when every writer
succeeded, all together or none (writers.staging), so a failed build leaves no half-written
files and keeps older outputs intact. Output names are checked before anything is rendered.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reportgen.analysis.stats import Stats, apply_overrides, compute, override_warnings
from reportgen.errors import ConfigError, Problem, ReportgenError
from reportgen.loaders import LoadResult, load_ledger
from reportgen.loaders.limits import check_path
from reportgen.loaders.textfile import decode
from reportgen.loaders.yaml_limits import LimitedSafeLoader
from reportgen.model import Ledger, StatusScale
from reportgen.pipeline.outputs import (
    check_formats,
    inputs_of,
    plan_outputs,
    refuse_overwriting_inputs,
)
from reportgen.resources import find

# Templates, profiles and writers are imported by the functions that build: validate and
# stats, which only read a ledger, start without Jinja2 and the writers' libraries.
if TYPE_CHECKING:
    from reportgen.analysis.compare import Comparison
    from reportgen.analysis.deadlines import RowLight
    from reportgen.config import ReportConfig
    from reportgen.document import Document
    from reportgen.profile import StyleProfile

# Formats whose documents are cut at page breaks (序号 and 工作任务 repeated with （续）).
PAGINATED = frozenset({"docx", "pdf"})
# Progress callback: what is being done, steps done so far, steps in all (0 while unknown).
Step = Callable[[str, int, int], None]


def _quiet(text: str, done: int, total: int) -> None:
    return None


@dataclass
class Analysis:
    """A loaded ledger with its statistics, as ``validate`` and ``stats`` need it."""

    ledger: Ledger
    scale: StatusScale
    stats: Stats
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class BuildResult:
    """What a build wrote, and the warnings met on the way."""

    outputs: list[Path]
    warnings: list[Problem]
    documents: list[Document]


TOP_KEY = re.compile(r"""^["']?([A-Za-z_][\w-]*)["']?\s*:(?:\s|$)""", re.MULTILINE)
_SNIFF_PARSE_BYTES = 1024 * 1024


def is_config(path: Path) -> bool:
    """A YAML file with a ``documents`` key, or an empty one, is a report config.

    Decides from the top-level keys without parsing a whole ledger, and reads GBK/GB18030 and
    UTF-16 like the loaders do, so a config saved by WPS in GBK is not mistaken for a ledger.
    An empty YAML file counts as a config, and load_config then says that it is empty.
    """
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    try:
        check_path(path, "配置")
        text, _ = decode(path.read_bytes(), path, "配置")
    except (ReportgenError, OSError):
        return False  # then read as a ledger, whose reader names the problem
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if not body.strip(" \t\r\n\ufeff-."):
        return True
    keys = set(TOP_KEY.findall(text))
    if keys:
        return "documents" in keys
    if len(text) > _SNIFF_PARSE_BYTES:
        return False
    try:  # flow style ({ledger: …, documents: […]}): small enough to parse
        data = yaml.load(text, Loader=LimitedSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, ValueError, TypeError):
        return False
    return isinstance(data, dict) and "documents" in data


def default_config(ledger_path: Path) -> ReportConfig:
    """The built-in config (configs/default.yaml) pointed at a bare ledger file."""
    from reportgen.config import config_from_dict

    source = find("configs", "default.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["ledger"] = str(ledger_path.resolve())
    return config_from_dict(data, str(source), ledger_path.resolve().parent)


def resolve_config(target: Path) -> ReportConfig:
    """A config file as it is, or the default config for a bare ledger."""
    from reportgen.config import load_config

    if not target.exists():
        raise ConfigError(f"找不到文件 {target}")
    return load_config(target) if is_config(target) else default_config(target)


def analyse(ledger_path: Path, config: ReportConfig | None = None) -> Analysis:
    """Load and validate a ledger and compute its statistics (with the config's overrides)."""
    result: LoadResult = load_ledger(
        ledger_path,
        aliases=config.unit_aliases if config else None,
        scale=config.scale if config else None,
        unique_seq=config.unique_seq if config else False,
    )
    scale = (config.scale if config else None) or result.ledger.scale
    stats = compute(result.ledger, scale)
    override_problems: list[Problem] = []
    if config:
        overrides = config.stats.model_dump()
        override_problems = [Problem(text, None, None, "stats", warning=True)
                             for text in override_warnings(stats, overrides)]
        stats = apply_overrides(stats, overrides)
    warnings = list(result.warnings)
    if config and not config.encoding.startswith("utf-8"):
        name = "GBK/GB18030" if config.encoding == "gb18030" else config.encoding.upper()
        warnings.insert(0, Problem(f"配置文件不是 UTF-8 编码，已按 {name} 读取；建议另存为 UTF-8",
                                   warning=True))
    warnings += override_problems
    return Analysis(result.ledger, scale, stats, warnings)


def analyse_target(target: Path) -> Analysis:
    """Statistics of a config's ledger (with its aliases and overrides) or of a bare ledger."""
    if is_config(target):
        from reportgen.config import load_config

        config = load_config(target)
        return analyse(config.resolve(config.ledger), config)
    return analyse(target)


def validate(ledger_path: Path) -> Analysis:
    """``analyse`` plus warnings about unit names that look alike (区交通局 / 区交通运输局)
    and about 时限 that cannot be read or were taken from the task text.

    Given a report config, its ledger is read with the config's unit_aliases (each rewrite
    listed) and stats overrides (each contradiction listed).
    """
    from reportgen.analysis.names import similar_units
    from reportgen.pipeline.lights import ledger_lights

    if is_config(ledger_path):
        from reportgen.config import load_config

        config = load_config(ledger_path)
        ledger_file = config.resolve(config.ledger)
        analysis = analyse(ledger_file, config)
    else:
        ledger_file = ledger_path
        analysis = analyse(ledger_path)
    analysis.warnings.extend(ledger_lights(analysis.ledger, source=str(ledger_file))[1])
    for first, second in similar_units(analysis.stats.unit_names):
        analysis.warnings.append(Problem(
            f"单位名称相近：“{first}”与“{second}”，如为同一单位请在配置的 unit_aliases 中统一",
            str(ledger_path), warning=True))
    return analysis


@dataclass
class Prepared:
    """A config's documents rendered and checked, nothing written yet."""

    config: ReportConfig
    analysis: Analysis
    profile: StyleProfile
    documents: list[Document]
    out_dir: Path
    warnings: list[Problem]


def prepare(target: Path, output_dir: Path | None = None, step: Step = _quiet,
            loaded: Callable[[ReportConfig], None] | None = None) -> Prepared:
    """Load, validate, analyse and render every document of a config; write nothing.

    The output names are checked before rendering (two documents on one file, an output over
    an input), so ``build`` fails on them before any template runs. Previews use this too.
    ``loaded`` is told the config as soon as it is read (build starts its workers then).
    """
    from reportgen.profile import load_profile
    from reportgen.templating.render import named_markup, render_document
    from reportgen.writers.fit import fit

    config = resolve_config(target)
    if loaded is not None:
        loaded(config)
    step("读取台账", 0, 0)
    analysis = analyse(config.resolve(config.ledger), config)
    profile = load_profile(config.profile, config.user_dirs)
    out_dir = output_dir or config.resolve(config.output_dir)
    names = plan_outputs(config, analysis.ledger, str(target))
    refuse_overwriting_inputs([out_dir / name for name in names], inputs_of(target, config),
                              "请用 -o 另选输出文件夹，或在配置中给文档另起文件名（file）")
    periods, row_lights, period_warnings = _periods(config, analysis)
    extra = _duban_context(config, analysis)
    step("生成文档", 0, 0)
    documents = [named_markup(fit, render_document(
        spec, analysis.ledger, analysis.stats, config, profile, compare=periods,
        lights=row_lights, extra=extra)) for spec in config.documents]
    return Prepared(config, analysis, profile, documents, out_dir, period_warnings)


def _duban_context(config: ReportConfig, analysis: Analysis) -> dict[str, Any] | None:
    """The unit ranking and the 通报批评 list, when the config asks for them."""
    from reportgen.pipeline import duban

    extra: dict[str, Any] = {}
    if config.ranking.in_bulletin or config.ranking.sheet:
        extra["ranking"] = duban.ranking_context(config, analysis)
    wanted = [s.params for s in config.documents if s.kind == "bulletin"
              and s.params.get("criticism")]
    if wanted:
        times = int(wanted[0].get("criticise_after", 3))
        extra["criticised"] = duban.criticism_context(config, analysis.ledger, times)
    return extra or None


def build(
    target: Path,
    output_dir: Path | None = None,
    formats: list[str] | None = None,
    step: Step = _quiet,
    jobs: int | None = None,
) -> BuildResult:
    """Build every document of a config (or the default documents of a bare ledger).

    With ``jobs`` cores (default: the cores not busy with other work) and two PDFs or more to
    render, the PDFs are written side by side in worker processes (pipeline.parallel);
    ``jobs=1`` writes every file in this process.
    """
    from reportgen.pipeline.parallel import WriteJob, starter, write_all
    from reportgen.pipeline.prestart import all_cores, idle_cores
    from reportgen.writers import suffix
    from reportgen.writers.staging import Staging

    if formats is not None:
        check_formats(formats)
    cores = jobs or idle_cores(all_cores())
    prepared = prepare(target, output_dir, step, loaded=starter(cores, formats))
    config, analysis, documents = prepared.config, prepared.analysis, prepared.documents
    profile, out_dir, period_warnings = prepared.profile, prepared.out_dir, prepared.warnings
    pairs: list[tuple[Document, str]] = []
    for spec, document in zip(config.documents, documents, strict=True):
        for fmt in spec.formats:
            if formats is None or fmt in formats:
                suffix(fmt)  # fail on an unknown format before writing anything (the
                # writer itself is imported where it writes: not before the PDFs are handed out)
                pairs.append((document, fmt))
    publish = config.publish is not None and (formats is None or "pdf" in formats)
    if not pairs and not publish:
        wanted = f"要生成 {'、'.join(formats)} 格式" if formats else "列出任何格式（formats）"
        raise ConfigError(f"配置 {target} 中没有文档{wanted}，未生成任何文件；"
                          "请检查 -f 或各文档的 formats")
    _check_markup(documents, pairs, publish)
    warnings = list(analysis.warnings) + period_warnings
    pdf_profile = profile if publish or any(fmt in ("pdf", "html") for _, fmt in pairs) else None
    # Word and PDF files show their items cut at page breaks (writers.paginate) and their 版记
    # placed (writers.colophon): done by whoever writes the file, a worker for a PDF written
    # side by side.
    write_jobs = [WriteJob(f"{document.name}{suffix(fmt)}", fmt, (document,),
                           paginate=fmt in PAGINATED) for document, fmt in pairs]
    if config.publish is not None and publish:
        from reportgen.pipeline.publish import public_documents

        public = public_documents(config.publish, config, analysis.ledger, analysis.stats,
                                  profile, documents)
        write_jobs.append(WriteJob(f"{config.publish.file}.pdf", "publish", tuple(public),
                                   config.publish.file, config.office, paginate=True))
    with Staging(out_dir, owner=str(target.resolve())) as staging:
        written = write_all(write_jobs, staging.dir, cores, step, pdf_profile)
        warnings += written.warnings
        documents = written.documents(documents)
        names = [job.name for job in write_jobs]
        total = len(write_jobs)
        committed = staging.commit(names)
        step("完成", total, total)
    warnings.extend(Problem(f"已替换 {path}：该文件此前不是由本配置生成的（原文件已被覆盖）",
                            str(target), warning=True) for path in committed.foreign)
    if not committed.manifest_written:
        warnings.append(Problem(f"无法更新 {out_dir} 中的生成记录 .reportgen-manifest.json",
                                str(target), warning=True))
    return BuildResult(committed.outputs, warnings, documents)


def _check_markup(documents: list[Document], jobs: list[tuple[Document, str]],
                  publish: bool) -> None:
    """Refuse markup outside the vocabulary before it is staged or laid out (Word files too)."""
    from reportgen.templating.render import named_markup
    from reportgen.vocabulary_reader import check

    wanted = {id(d) for d, fmt in jobs if fmt in PAGINATED or fmt == "html"}
    for document in documents:
        if publish or id(document) in wanted:
            named_markup(lambda d: check(d.html), document)


def _periods(config: ReportConfig, analysis: Analysis,
             ) -> tuple[Comparison | None, list[RowLight], list[Problem]]:
    """The comparison the config asks for, the deadline lights, and the notes about both."""
    from reportgen.pipeline.compare import config_comparison
    from reportgen.pipeline.lights import ledger_lights

    found = config_comparison(config, analysis.ledger)
    row_lights, notes = ledger_lights(analysis.ledger, config, scale=analysis.scale,
                                      source=str(config.resolve(config.ledger)))
    return (found.comparison if found else None), row_lights, \
        (found.warnings if found else []) + notes
