"""The 督办 room: notices per unit for the selected rows, a combined PDF and a dispatch list.

``build_duban`` reads a config whose ``documents`` hold a ``kind: duban`` entry, selects the
unit rows (reportgen.analysis.duban), numbers the notices after the last number of the year
that the history remembers, renders one 督办通知单 or 催办通知 per unit from the ``duban``
template, and writes the set all-or-nothing: a folder of Word files, one PDF with page numbers
running on, and the 发送清单 workbook. The notices are then recorded in the history so numbers
never repeat within a year and the next period can escalate.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reportgen.analysis.duban import (
    IssuedNotice,
    Notice,
    Selection,
    escalate,
    number_notices,
    select,
    set_due_dates,
)
from reportgen.analysis.ranking import UnitScore, Weights
from reportgen.analysis.stats import compute
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.document import Document
from reportgen.errors import ConfigError, OutputError, Problem, listed, validation_message
from reportgen.model import Item, Ledger
from reportgen.pipeline.core import Analysis, Step, _quiet, analyse, resolve_config
from reportgen.profile import load_profile
from reportgen.templating.kinds import DubanParams, get_kind
from reportgen.templating.render import render_document

DISPATCH_HEADERS = ("序号", "承办单位", "通知类型", "编号", "督办事项", "办理时限", "联系人",
                    "联系电话", "签收人", "签收日期")
DISPATCH_WIDTHS = (6, 18, 10, 18, 60, 16, 10, 14, 10, 12)


class NoticeRegistry(Protocol):
    """Where issued notices are remembered (the period history)."""

    def issued(self, year: int) -> list[IssuedNotice]:
        """Every notice issued in ``year``, in number order."""

    def record(self, period: str, year: int, notices: list[IssuedNotice]) -> None:
        """Remember ``notices`` as this period's set, replacing what an earlier build of the
        same period recorded (its numbers stay used)."""


@dataclass
class DubanResult:
    """What a 督办 build selected and wrote."""

    notices: list[Notice]
    outputs: list[Path]
    criticised: list[tuple[str, Item]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def period_name(ledger: Ledger, date: dt.date) -> str:
    """The period a notice belongs to: the ledger's, else its report date."""
    return ledger.period or date.isoformat()


def duban_spec(config: ReportConfig) -> DocumentSpec:
    """The config's one ``kind: duban`` document."""
    specs = [s for s in config.documents if s.kind == "duban"]
    if len(specs) != 1:
        found = "没有" if not specs else f"有 {len(specs)} 个"
        raise ConfigError(f"配置中{found} kind: duban 的文档；督办通知单需要恰好一个")
    return specs[0]


def plan(target: Path, registry: NoticeRegistry | None = None,
         history: list[Ledger] | None = None) -> tuple[ReportConfig, DubanParams, list[Notice],
                                                       list[tuple[str, Item]], Ledger]:
    """Select, escalate, number and date the notices of a config, writing nothing."""
    from reportgen.analysis.duban import lagging_streaks
    from reportgen.pipeline.compare import earlier_ledgers

    config = resolve_config(target)
    spec = duban_spec(config)
    params = get_kind("duban").validate(spec.params, spec.file or "duban")
    assert isinstance(params, DubanParams)
    analysis = analyse(config.resolve(config.ledger), config)
    ledger = analysis.ledger
    rule = Selection(statuses=tuple(params.select.statuses) if params.select.statuses else None,
                     lights=tuple(params.select.lights), no_progress=params.select.no_progress,
                     lagging_periods=params.select.lagging_periods)
    if history is None:
        history = earlier_ledgers(config, ledger)
    streaks = lagging_streaks([*history, ledger], analysis.scale) if history else None
    notices = select(ledger, analysis.scale, rule, lights=row_lights(ledger, config),
                     streaks=streaks)
    date = config.date or ledger.date or dt.date.today()
    issued = registry.issued(date.year) if registry else []
    period = period_name(ledger, date)
    earlier = [n for n in issued if n.period != period]
    kept = {n.unit: n for n in issued if n.period == period}
    criticised = escalate(notices, earlier, params.criticise_after)
    first = max([n.seq for n in issued] + [params.first_number - 1]) + 1
    number_notices(notices, date.year, first, params.number_prefix, kept)
    set_due_dates(notices, params.assigned or date, params.working_days)
    return config, params, notices, criticised, ledger


def row_lights(ledger: Ledger, config: ReportConfig) -> dict[tuple[str, str], str]:
    """The deadline light of every unit row at the report date, keyed by (item key, unit)."""
    from reportgen.analysis.duban import item_key
    from reportgen.pipeline.lights import ledger_lights

    found, _ = ledger_lights(ledger, config)
    keyed = {}
    for light in found:
        unit = light.row.lead_unit or light.item.lead_unit
        if unit:
            keyed[(item_key(light.item), unit)] = light.light
    return keyed


def build_duban(target: Path, output_dir: Path | None = None,
                registry: NoticeRegistry | None = None, history: list[Ledger] | None = None,
                step: Step = _quiet, db: str | None = None) -> DubanResult:
    """Build the 督办 set of a config (see the module docstring).

    The notices are remembered in ``registry``; by default that is the period store named by
    ``db`` (the user's flag), else the config's ``db`` key, else ./reportgen.db.
    """
    if registry is None:
        from reportgen.pipeline.history import NoticeRegistry as StoreRegistry
        from reportgen.pipeline.history import database

        registry = StoreRegistry(database(db, resolve_config(target)))
    config, params, notices, criticised, ledger = plan(target, registry, history)
    documents = _render_all(config, params, notices, ledger, step)
    out_dir = output_dir or config.resolve(config.output_dir)
    owner = f"{target.resolve()}#duban"
    warnings = _replaced(out_dir / params.folder, documents) if notices else []
    outputs = _write(documents, notices, params, config, out_dir, owner, step) if notices else []
    if registry is not None:
        date = config.date or ledger.date or dt.date.today()
        period = period_name(ledger, date)
        registry.record(period, date.year, [IssuedNotice(n.number, date.year, n.seq, n.unit,
                                                         period, n.level, n.item_keys, n.due)
                                            for n in notices])
    step("完成", len(notices), len(notices))
    return DubanResult(notices, outputs, criticised, warnings)


def _replaced(folder: Path, documents: list[Document]) -> list[Problem]:
    """The folder of notices is replaced whole, so no stale notice stays beside the new ones;
    the files of an earlier run that this one does not write again are named, not lost unsaid."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    new = {f"{document.name}.docx" for document in documents}
    gone = sorted(p.name for p in folder.iterdir() if p.name not in new)
    if not gone:
        return []
    return [Problem(f"{folder.name} 中上次生成的 {len(gone)} 个文件已被本次替换：{listed(gone)}。"
                    "要保留上次的通知单，生成前请先把它们移出该文件夹", warning=True)]


def render_notices(target: Path, registry: NoticeRegistry | None = None,
                   history: list[Ledger] | None = None) -> list[Document]:
    """The notices of a config as documents (for previews and checks), writing nothing."""
    config, params, notices, _, ledger = plan(target, registry, history)
    return _render_all(config, params, notices, ledger, _quiet)


def _render_all(config: ReportConfig, params: DubanParams, notices: list[Notice],
                ledger: Ledger, step: Step) -> list[Document]:
    spec = duban_spec(config)
    profile = load_profile(config.profile, config.user_dirs)
    assigned = params.assigned or config.date or ledger.date or dt.date.today()
    from reportgen.templating.render import named_markup
    from reportgen.writers.fit import fit

    documents = []
    for index, notice in enumerate(notices):
        step(f"生成 {notice.unit} 的{notice.level}通知", index, len(notices))
        documents.append(named_markup(fit, _render(notice, spec, ledger, config, profile,
                                                   assigned)))
    return documents


def _render(notice: Notice, spec: DocumentSpec, ledger: Ledger, config: ReportConfig,
            profile: Any, assigned: dt.date) -> Document:
    """One notice as a document of the ``duban`` kind."""
    sub = Ledger(title=ledger.title, period=ledger.period, date=ledger.date, scale=ledger.scale,
                 items=[entry.item for entry in notice.items])
    reasons = list(dict.fromkeys(r for e in notice.items for r in e.reasons))
    named = spec.model_copy(update={"file": f"{notice.number}_{notice.unit}",
                                    "params": {**spec.params, "assigned": assigned}})
    return render_document(named, sub, compute(sub, config.scale or ledger.scale), config,
                           profile, extra={"notice": notice, "reasons": reasons})


def _write(documents: list[Document], notices: list[Notice], params: DubanParams,
           config: ReportConfig, out_dir: Path, owner: str, step: Step) -> list[Path]:
    """Stage the Word files, the combined PDF and the dispatch list; then commit them together."""
    from reportgen.writers import get_writer
    from reportgen.writers.pdf import write_combined
    from reportgen.writers.staging import Staging
    from reportgen.writers.xlsx.list_sheet import write_list

    total = len(documents) + 2
    with Staging(out_dir, owner=owner) as staging:
        folder = staging.path(params.folder)
        folder.mkdir()
        write_docx = get_writer("docx")
        for index, document in enumerate(documents):
            step(f"写出 {document.name}.docx", index, total)
            write_docx(document, folder / f"{document.name}.docx")
        step(f"写出 {params.combined}.pdf", len(documents), total)
        write_combined(documents, staging.path(f"{params.combined}.pdf"), title=params.combined,
                       author=config.office)
        rows = [(i, n.unit, f"{n.level}通知", n.number,
                 "\n".join(f"{e.item.seq + '.' if e.item.seq else ''}{e.item.task}"
                           for e in n.items),
                 n.due, params.contact, params.phone, "", "")
                for i, n in enumerate(notices, start=1)]
        write_list(staging.path(f"{params.dispatch_list}.xlsx"), params.dispatch_list,
                   DISPATCH_HEADERS, rows, DISPATCH_WIDTHS, sheet_name="发送清单")
        names = [params.folder, f"{params.combined}.pdf", f"{params.dispatch_list}.xlsx"]
        return staging.commit(names).outputs


def rank(target: Path, previous: Path | None = None,
         workbook: Path | None = None) -> list[UnitScore]:
    """The unit ranking of a config's (or a bare ledger's) ledger, best first.

    ``previous`` is last period's ledger file, for the trend term of the score (default: the
    config's ``compare:``, a file or the store). With ``workbook``, the ranking is also written there as a
    sheet whose 得分 and 名次 are formulas (a clerk's correction of a count updates both; RANK
    gives ties the same rank).
    """
    if workbook is not None and workbook.suffix.lower() != ".xlsx":
        raise OutputError(f"排名表应写成 Excel 文件（.xlsx），而不是 {workbook.name}")
    config = resolve_config(target)
    analysis = analyse(config.resolve(config.ledger), config)
    last = analyse(previous, config).ledger if previous is not None else None
    scores, weights = score_units(config, analysis, last)
    if workbook is not None:
        _write_ranking(workbook, scores, weights, analysis.ledger.title)
    return scores


def score_units(config: ReportConfig, analysis: Analysis,
                last: Ledger | None = None) -> tuple[list[UnitScore], Weights]:
    """Scores of every unit (best first) and the weights used, from the config's ``ranking:``.

    ``last`` is last period's ledger; by default the config's ``compare:`` one (file or store).
    """
    from pydantic import ValidationError

    from reportgen.analysis.duban import item_key
    from reportgen.analysis.ranking import rank_units

    try:
        weights = Weights.model_validate(config.ranking.weights)
    except ValidationError as exc:
        problems = [Problem(validation_message(e), field="ranking.weights."
                            + ".".join(str(p) for p in e["loc"])) for e in exc.errors()]
        raise ConfigError("ranking.weights 有误（可用的权重：good、lagging、overdue、trend）",
                          problems) from None
    if last is None and config.compare is not None:
        from reportgen.pipeline.compare import earlier_ledgers

        last = next(reversed(earlier_ledgers(config, analysis.ledger)), None)
    before: dict[tuple[str, str], str] = {}
    for item in last.items if last is not None else []:
        for row in item.rows:
            unit = row.lead_unit or item.lead_unit
            if unit and row.status:
                before.setdefault((item_key(item), unit), row.status)
    scores = rank_units(analysis.ledger, analysis.scale, weights,
                        lights=row_lights(analysis.ledger, config), previous=before)
    return scores, weights


def criticism_context(config: ReportConfig, ledger: Ledger, times: int) -> list[dict[str, Any]]:
    """The 通报批评 list for a bulletin: items under 督办 ``times`` or more this year, as the
    period history (the config's ``db``, else ./reportgen.db) remembers the notices."""
    from reportgen.analysis.duban import repeatedly_urged
    from reportgen.pipeline.history import NoticeRegistry as StoreRegistry
    from reportgen.pipeline.history import database

    date = config.date or ledger.date or dt.date.today()
    issued = StoreRegistry(database(None, config)).issued(date.year)
    return [{"unit": unit, "item": item, "numbers": numbers}
            for unit, item, numbers in repeatedly_urged(ledger, issued, times)]


def ranking_context(config: ReportConfig, analysis: Analysis) -> dict[str, Any]:
    """What templates and the Excel writer get as ``ranking`` when the config asks for it."""
    from reportgen.analysis.ranking import red_and_black

    scores, weights = score_units(config, analysis)
    red, black = red_and_black(scores, config.ranking.top, config.ranking.bottom)
    return {"scores": scores, "weights": weights, "red": red, "black": black,
            "in_bulletin": config.ranking.in_bulletin, "sheet": config.ranking.sheet}


def _write_ranking(path: Path, scores: list[UnitScore], weights: Any, title: str) -> None:
    from openpyxl import Workbook

    from reportgen.writers.xlsx import save_workbook, styles
    from reportgen.writers.xlsx.cells import CellText
    from reportgen.writers.xlsx.ranking_sheet import RANKING_SHEET, fill_ranking_sheet

    workbook = Workbook()
    styles.register(workbook)
    sheet = workbook.active
    sheet.title = RANKING_SHEET
    fill_ranking_sheet(sheet, scores, weights, title, CellText(str(path)))
    workbook.properties.creator = "reportgen"
    save_workbook(workbook, path)
