"""Render one document of a report config: validate its parameters, fill its template."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2

from reportgen.analysis.deadlines import RowLight, light_counts
from reportgen.analysis.stats import Stats
from reportgen.config import DocumentSpec, ReportConfig
from reportgen.document import Document
from reportgen.errors import ConfigError, MarkupError, TemplateError
from reportgen.model import Item, Ledger
from reportgen.profile import StyleProfile
from reportgen.templating.env import make_environment
from reportgen.templating.filters import cn_date
from reportgen.templating.kinds import NO_PROGRESS_MARKER, Kind, get_kind
from reportgen.templating.layout import fit_widths, mark_keep, signature_indents
from reportgen.templating.limits import (
    RenderLimitExceeded,
    RenderLimits,
    RenderTimeout,
    render_limited,
)
from reportgen.templating.table import fitting_columns, table_rows
from reportgen.vocabulary import COLUMN_KEYS, COLUMN_TITLES

T = TypeVar("T")

if TYPE_CHECKING:  # the comparison's module brings the matching (rapidfuzz): a type only here
    from reportgen.analysis.compare import Comparison


def document_name(spec: DocumentSpec, ledger: Ledger, config: ReportConfig) -> str:
    """The output file stem of a document, known before rendering it."""
    kind = get_kind(spec.kind)
    params = _resolve(kind, spec, ledger, config, spec.file or spec.title or spec.kind)
    return spec.file or kind.stem.format(**params)


def render_document(spec: DocumentSpec, ledger: Ledger, stats: Stats, config: ReportConfig,
                    profile: StyleProfile, *, compare: Comparison | None = None,
                    lights: list[RowLight] | None = None,
                    extra: dict[str, Any] | None = None) -> Document:
    """The document described by ``spec``, rendered to the vocabulary of docs/vocabulary.md.

    ``compare`` (the comparison with earlier periods) and ``lights`` (one per unit row) are
    available to every template as ``compare`` and ``lights``; ``compare`` is None when the
    config names no previous period. ``extra`` adds further names to the template context
    (e.g. the ``notice`` of a 督办通知单).
    """
    kind = get_kind(spec.kind)
    label = spec.file or spec.title or spec.kind
    if kind.per_unit and not (extra and "notice" in extra):
        raise ConfigError(f"文档“{label}”（{kind.name}）按单位分别生成，请用 reportgen duban 生成")
    params = _resolve(kind, spec, ledger, config, label)
    name = spec.file or kind.stem.format(**params)
    date = config.date or ledger.date or dt.date.today()
    scale = config.scale or ledger.scale
    titles = {**COLUMN_TITLES, **kind.column_titles, **spec.column_titles}
    columns = _columns(kind, spec, profile, name, titles, [s.name for s in scale.statuses],
                       ledger)
    rows = table_rows(ledger, [k for k, _ in columns],
                      params.get("no_progress_marker") or NO_PROGRESS_MARKER,
                      [r.light for r in lights] if lights else None)
    mark_keep(rows, [k for k, _ in columns], [w for _, w in columns], profile)
    doc = {"name": name, "title": params["title"], "office": config.office, "date": date}
    context: dict[str, Any] = {
        "doc": doc, "params": params, "ledger": ledger, "stats": stats, "scale": scale,
        "columns": [{"key": k, "title": titles[k], "width": w} for k, w in columns],
        "groups": _groups(ledger.items),
        "table_rows": rows,
        "compare": compare,
        "lights": {"rows": lights or [], "counts": light_counts(lights or [])},
        "colophon": _colophon(kind, params, config, date),
        # right indents of 署名 and 成文日期 (GB/T 9704 7.3.5), for <p data-right-chars>
        "sign": signature_indents(params.get("signature") or params.get("office") or config.office,
                                  cn_date(date),
                                  config.sealed),
        **(extra or {}),
    }
    html = render_template(kind.template, context, config.user_dirs, _limits(config))
    return Document(name=name, kind=kind.name, title=params["title"], html=html, ledger=ledger,
                    stats=stats, scale=scale, profile=profile, office=config.office, date=date,
                    columns=[k for k, _ in columns], column_titles=titles,
                    extra={"params": params, "compare": compare, "lights": lights,
                           **(extra or {})})


def named_markup(step: Callable[[Document], T], document: Document) -> T:
    """``step(document)`` (fitting, checking); markup outside the vocabulary is named with the
    document and its template, not just the line of the HTML."""
    try:
        return step(document)
    except MarkupError as exc:
        raise exc.about(document.name, get_kind(document.kind).template) from None


def render_template(template: str, context: dict[str, Any],
                    user_dirs: tuple[Path, ...] | list[Path] = (),
                    limits: RenderLimits | None = None) -> str:
    """Render a template by name; every Jinja error becomes a TemplateError with file and line.

    The render stops with a TemplateError when it passes the time or output limit.
    """
    env = make_environment(user_dirs, limits)
    try:
        loaded = env.get_template(template)
        return render_limited(loaded.generate(context), env.budget)
    except RenderTimeout:
        raise TemplateError(
            f"模板 {template} 渲染超过 {env.budget.limits.seconds:g} 秒的时间上限，已停止"
            "（可能是循环过多；上限可在配置的 limits.render_seconds 中修改）") from None
    except RenderLimitExceeded as exc:
        raise TemplateError(f"模板 {template} 超出限制：{exc.message}") from None
    except jinja2.TemplateNotFound as exc:  # named with the template that asked for it
        frame = _template_frame(exc.__traceback__)
        asked = f"（{Path(frame[0]).name} 第{frame[1]}行要用它）" if frame else ""
        raise TemplateError(f"找不到模板 {exc.name}{asked}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or template
        raise TemplateError(f"模板 {where} 第{exc.lineno}行有语法错误：{exc.message}") from None
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError, IndexError,
            ArithmeticError, RecursionError) as exc:
        frame = _template_frame(exc.__traceback__)
        place = f"{frame[0]} 第{frame[1]}行" if frame else template
        raise TemplateError(f"渲染模板 {place} 出错：{exc}") from None


def _limits(config: ReportConfig) -> RenderLimits:
    limits = config.limits
    return RenderLimits(limits.render_seconds, int(limits.render_output_mb * 1024 * 1024))


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost traceback frame that lies in a template file (Jinja rewrites them so)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".html"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _resolve(kind: Kind, spec: DocumentSpec, ledger: Ledger, config: ReportConfig,
             label: str) -> dict[str, Any]:
    """Validated parameters with the defaults that come from the spec, ledger and config."""
    params = kind.validate(spec.params, label).model_dump()
    params["title"] = params.get("title") or spec.title or ledger.title
    if not params["title"]:
        raise ConfigError(f"文档“{label}”缺少标题：请在 params.title 或 title 中给出")
    for key in ("signature", "office"):
        if key in params and not params[key]:
            params[key] = config.office
    if "attachment_title" in params and not params["attachment_title"]:
        params["attachment_title"] = ledger.title or params["title"]
    return params


def _columns(kind: Kind, spec: DocumentSpec, profile: StyleProfile, label: str,
             titles: dict[str, str], status_words: list[str],
             ledger: Ledger) -> list[tuple[str, float]]:
    """The table columns (key, width in percent of the table, adding up to 100).

    Widths come from the profile, widened where a header title or status word would wrap
    (reportgen.templating.layout); Word and PDF both take them from the HTML. Without columns
    in the config, the kind's columns less those the ledger leaves empty (fitting_columns).
    """
    keys = list(spec.columns or fitting_columns(list(kind.columns), ledger))
    unknown = [k for k in keys if k not in COLUMN_KEYS]
    if unknown:
        known = "、".join(sorted(COLUMN_KEYS))
        raise ConfigError(f"文档“{label}”的 columns 中有未知的列：{'、'.join(unknown)}"
                          f"（可用：{known}）")
    widths = fit_widths(keys, titles, status_words, profile)
    return list(zip(keys, widths, strict=True))


def _colophon(kind: Kind, params: dict[str, Any], config: ReportConfig,
              date: dt.date) -> dict[str, Any] | None:
    """The 版记 of a document: the config's, or the bulletin's own (it always has one)."""
    spec = config.colophon
    cc = params.get("cc") or (spec.cc if spec else None)
    if spec is None and kind.name != "bulletin" and not cc:
        return None
    issued_by = (spec.issued_by if spec else None) or params.get("signature") or config.office
    issued_date = (spec.issued_date if spec else None) or date
    return {"cc": cc, "issued_by": issued_by, "issued_date": issued_date}


def _groups(items: list[Item]) -> list[dict[str, Any]]:
    """Items grouped by section in order of first appearance; named groups numbered 1, 2, …"""
    groups: dict[str | None, list[Item]] = {}
    for item in items:
        groups.setdefault(item.section or None, []).append(item)
    out: list[dict[str, Any]] = []
    number = 0
    for name, members in groups.items():
        if name:
            number += 1
        out.append({"name": name, "number": number, "tasks": members})
    return out
