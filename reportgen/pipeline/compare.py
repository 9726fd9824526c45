"""Comparison with earlier periods: loads the periods, runs the analysis, adds the lights.

The analysis (reportgen.analysis.compare) takes ledgers; this room finds them —
ledger files named on the command line or in the config's ``compare:`` section, or the periods
recorded in the history store before this one — and reads and updates the user's matches file
(accepted / rejected / pending). The deadline lights alone are ``pipeline.lights``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reportgen.analysis.deadlines import RowLight
from reportgen.analysis.deadlines import light_counts as count_lights
from reportgen.errors import ConfigError, DataError, OutputError, Problem
from reportgen.loaders import load_ledger
from reportgen.loaders.limits import check_path
from reportgen.loaders.yaml_file import TextLoader
from reportgen.model import Ledger, StatusScale
from reportgen.pipeline.lights import ledger_lights, report_date

# The comparison, the matching (rapidfuzz) and the config model are imported where they are
# used: ``stats`` without a previous period needs none of them.
if TYPE_CHECKING:
    from reportgen.analysis.compare import Comparison as Comparison  # for the front ends' hints
    from reportgen.analysis.matching import Decisions, MatchResult
    from reportgen.config import ReportConfig
    from reportgen.pipeline.core import Analysis

HISTORY_PERIODS = 12  # periods read back from the store: a year of monthly bulletins
MATCHES_LIMIT = 1_000_000  # bytes: a matches file lists pairs of task texts, never more
MATCHES_HEADER = """\
# 跨期任务匹配确认（reportgen 生成，可手工编辑）
# reportgen 无法确定的匹配列在 pending 下：请把每一对移到 accepted（是同一任务）
# 或 rejected（不是同一任务）下，再重新运行。previous 为上期任务，current 为本期任务；
# 有任务ID的写任务ID，否则写任务全文。
"""


@dataclass
class PeriodComparison:
    """A comparison and what the user should hear about it (doubtful matches, unread deadlines)."""

    comparison: Comparison | None  # None: the store holds no period before this one
    warnings: list[Problem] = field(default_factory=list)


class _NoAliasLoader(TextLoader):
    """TextLoader that refuses anchors and aliases (no alias bombs in a hand-edited file)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "不允许使用别名（*）", event.start_mark)
        return super().compose_node(parent, index)


def read_matches(path: Path) -> Decisions:
    """The user's decisions from a matches file; a missing file means no decisions yet.

    The file is checked before it is opened (limits.check_path: a FIFO, a device or a folder
    is refused without being read), then held to MATCHES_LIMIT.
    """
    from reportgen.analysis.matching import Decisions, decisions_from_data

    if not path.exists():
        return Decisions()
    check_path(path, "匹配", ConfigError)
    try:
        if path.stat().st_size > MATCHES_LIMIT:
            raise ConfigError(f"匹配文件 {path} 超过 {MATCHES_LIMIT // 1_000_000} MB，不予读取")
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取匹配文件 {path}：应是 UTF-8 文本（{exc}）") from None
    loader = _NoAliasLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ConfigError(f"匹配文件 {path} 不是有效的 YAML：{exc}") from None
    finally:
        loader.dispose()
    try:
        return decisions_from_data(data)
    except ValueError as exc:
        raise ConfigError(f"匹配文件 {path}：{exc}") from None


def write_matches(path: Path, match: MatchResult, decisions: Decisions) -> int:
    """Rewrite the matches file: the user's decisions kept, this run's doubtful pairs as pending.

    Returns the number of pending pairs. Written atomically; a failure leaves the old file.
    """
    from reportgen.analysis.matching import item_key
    from reportgen.writers.atomic import atomic_path

    def pairs(found: frozenset[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"previous": a, "current": b} for a, b in sorted(found)]

    pending = [{"previous": item_key(match.previous.items[c.previous]),
                "current": item_key(match.current.items[c.current]),
                "score": round(c.score, 1), "reason": c.reason} for c in match.pending]
    body = {"matches": {"accepted": pairs(decisions.accepted),
                        "rejected": pairs(decisions.rejected), "pending": pending}}
    text = MATCHES_HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=10**6)
    try:
        with atomic_path(path) as temp:
            temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入匹配文件 {path}：{exc}") from None
    return len(pending)


def _load(path: Path, config: ReportConfig | None, kind: str) -> Ledger:
    try:
        return load_ledger(path, aliases=config.unit_aliases if config else None,
                           scale=config.scale if config else None).ledger
    except DataError as exc:
        raise DataError(f"{kind} {path}：{exc.message}", exc.problems) from None


def compare_files(current: Ledger, previous: Path, *, history: list[Path] | None = None,
                  earlier: Path | None = None, matches: Path | None = None,
                  lag_periods: int = 2, config: ReportConfig | None = None,
                  scale: StatusScale | None = None, write: bool = False) -> PeriodComparison:
    """Compare ``current`` with ledger files: last period, older ones (oldest first), an earlier one.

    With ``write``, doubtful matches are added to the ``matches`` file for the user to confirm.
    """
    from reportgen.analysis.matching import Decisions

    decisions = read_matches(matches) if matches else Decisions()
    older = [_load(p, config, "往期台账") for p in history or []]
    before = _load(previous, config, "上期台账")
    chosen = _load(earlier, config, "对比台账") if earlier else None
    return compare_ledgers(current, before, history=older, earlier=chosen, decisions=decisions,
                           lag_periods=lag_periods, scale=scale, matches=matches, write=write)


def compare_ledgers(current: Ledger, previous: Ledger, *, history: list[Ledger] | None = None,
                    earlier: Ledger | None = None, decisions: Decisions | None = None,
                    lag_periods: int = 2, scale: StatusScale | None = None,
                    matches: Path | None = None, write: bool = False) -> PeriodComparison:
    """The comparison of ledgers already loaded (from files or, later, from the store).

    With ``write`` the doubtful pairs are written into the ``matches`` file as pending.
    """
    from reportgen.analysis.compare import compare
    from reportgen.analysis.matching import Decisions

    decisions = decisions or Decisions()
    result = compare(current, previous, history=history or [], earlier=earlier, scale=scale,
                     decisions=decisions, lag_periods=lag_periods)
    warnings: list[Problem] = period_order_warnings(current, previous)
    source = str(matches) if matches else None
    wrote_matches = False
    if write and matches is not None and result.pending:
        write_matches(matches, result.previous.matching, decisions)
        wrote_matches = True
    for before, after in result.previous.matching.unknown_decisions:
        warnings.append(Problem(f"匹配文件中的一对任务在台账中找不到：“{before}” → “{after}”",
                                source, warning=True))
    if result.pending:
        how = (f"已列入 {matches} 的 pending，请移到 accepted 或 rejected 后重新运行"
               if wrote_matches else
               "给出匹配文件即可列出并确认（配置的 compare.matches，或 reportgen stats 的 --matches）")
        warnings.append(Problem(
            f"有 {len(result.pending)} 对任务无法确定是否为同一任务，确认前按不同任务计算；{how}",
            source, warning=True))
    return PeriodComparison(result, warnings)


def period_order_warnings(current: Ledger, previous: Ledger) -> list[Problem]:
    """A warning when 上期 is this very period or a later one: arguments swapped, or this
    month's ledger given twice. Periods are ordered as the history store orders them."""
    from reportgen.store.queries import period_end

    now, before = (current.period or "").strip(), (previous.period or "").strip()
    if not now or not before:
        return []
    if now == before:
        return [Problem(f"上期台账与本期是同一期次（{now}），对比不出变化；请检查给的是不是上期台账",
                        warning=True)]
    end_now = period_end(now) or current.date
    end_before = period_end(before) or previous.date
    if end_now is None or end_before is None or end_before <= end_now:
        return []
    return [Problem(f"上期台账的期次“{before}”排在本期“{now}”之后：是否把本期与上期写反了？"
                    "本期台账在前，上期台账在后（--compare 或配置的 compare.previous）",
                    warning=True)]


def config_comparison(config: ReportConfig, current: Ledger, db: str | None = None,
                      matches: Path | None = None, write: bool = False,
                      lag_periods: int | None = None) -> PeriodComparison | None:
    """The comparison the config asks for in ``compare:``, or None when it asks for none.

    ``db`` (the user's own flag) overrides the config's store for ``from_history``.
    """
    spec = config.compare
    if spec is None:
        return None
    if matches is None and spec.matches:
        matches = config.resolve(spec.matches)
    lag = lag_periods or spec.lag_periods
    if not spec.from_history:
        assert spec.previous is not None  # CompareSpec asks for one of the two
        return compare_files(current, config.resolve(spec.previous),
                             history=[config.resolve(p) for p in spec.history],
                             earlier=config.resolve(spec.earlier) if spec.earlier else None,
                             matches=matches, lag_periods=lag, config=config,
                             scale=config.scale or current.scale, write=write)
    earlier = _load(config.resolve(spec.earlier), config, "对比台账") if spec.earlier else None
    return store_comparison(current, config, db, earlier=earlier, matches=matches, write=write,
                            lag_periods=lag, source=config.resolve(config.ledger))


def store_comparison(current: Ledger, config: ReportConfig | None = None, db: str | None = None,
                     *, earlier: Ledger | None = None, matches: Path | None = None,
                     write: bool = False, lag_periods: int = 2, source: Path | None = None,
                     ) -> PeriodComparison:
    """Compare ``current`` with the periods recorded before it in the history store: the last
    one as 上期, older ones for streaks. A store without such a period gives a warning only."""
    from reportgen.analysis.matching import Decisions
    from reportgen.pipeline.history import database, periods_before

    stored = [_aliased(ledger, config) for ledger in
              periods_before(current, HISTORY_PERIODS, db, config, source=source)]
    if not stored:
        return PeriodComparison(None, [Problem(
            f"历史库 {database(db, config).label} 中没有排在本期（{current.period}）之前的期次，"
            "本次不作上期对比；请先用 reportgen record 记入上期台账", warning=True)])
    decisions = read_matches(matches) if matches else Decisions()
    scale = (config.scale if config else None) or current.scale
    return compare_ledgers(current, stored[-1], history=stored[:-1], earlier=earlier,
                           decisions=decisions, lag_periods=lag_periods, scale=scale,
                           matches=matches, write=write)


def _aliased(ledger: Ledger, config: ReportConfig | None) -> Ledger:
    """A stored period with the config's unit aliases applied, as its ledger file would be read
    today (a period recorded from a bare ledger kept the names as written)."""
    from reportgen.loaders.assemble import apply_aliases, normalise_aliases

    table = normalise_aliases(config.unit_aliases if config else None)
    if not table:
        return ledger
    items = [item.model_copy(update={"rows": [
        row.model_copy(update={"unit": apply_aliases(row.unit, table)}) for row in item.rows]})
        for item in ledger.items]
    return ledger.model_copy(update={"items": items})


def earlier_ledgers(config: ReportConfig, current: Ledger) -> list[Ledger]:
    """The earlier periods the config's ``compare:`` names or the store holds, oldest first
    (last period last): what streak analysis and the ranking's trend read."""
    spec = config.compare
    if spec is None:
        return []
    if spec.from_history:
        from reportgen.pipeline.history import periods_before

        return [_aliased(ledger, config) for ledger in periods_before(
            current, HISTORY_PERIODS, config=config, source=config.resolve(config.ledger))]
    assert spec.previous is not None
    return [_load(config.resolve(p), config, "往期台账" if p != spec.previous else "上期台账")
            for p in [*spec.history, spec.previous]]


def _config_matches(config: ReportConfig, path: Path) -> Path:
    """The config's matches file, which ``stats`` may rewrite: only a YAML file in its folder.

    A config from someone else must not make reportgen write anywhere else.
    """
    resolved = config.resolve(path).resolve()
    base = config.base_dir.resolve()
    if resolved.suffix.lower() not in (".yaml", ".yml") or not resolved.is_relative_to(base):
        raise ConfigError(f"compare.matches 应是配置所在文件夹 {base} 中的 .yaml 文件，"
                          f"而不是 {path}")
    return resolved



@dataclass
class PeriodReport:
    """What ``reportgen stats`` shows beyond the statistics: comparison and lights."""

    comparison: Comparison | None
    lights: list[RowLight]
    report_date: dt.date
    warnings: list[Problem] = field(default_factory=list)

    @property
    def light_counts(self) -> dict[str, int]:
        """How many rows carry each light, 红 黄 绿 in that order (for the front ends)."""
        return count_lights(self.lights)


def period_report(target: Path, *, previous: Path | None = None,
                  history: list[Path] | None = None, earlier: Path | None = None,
                  matches: Path | None = None, lag_periods: int | None = None,
                  on: dt.date | None = None, warn_days: int | None = None,
                  from_history: bool = False, db: str | None = None,
                  ) -> tuple[Analysis, PeriodReport]:
    """Statistics of a ledger or config, its lights, and its comparison with earlier periods.

    Ledger files given here (or ``from_history``: the periods recorded before this one in the
    store ``db``, default the config's) take precedence over the config's ``compare:`` section;
    a matches file given here receives the doubtful pairs as pending.
    """
    from reportgen.config import load_config
    from reportgen.pipeline.core import analyse, is_config

    config = load_config(target) if is_config(target) else None
    analysis = analyse(config.resolve(config.ledger), config) if config else analyse(target)
    found: PeriodComparison | None = None
    spec = config.compare if config else None
    lag = lag_periods or (spec.lag_periods if spec else 2)
    if previous is not None and from_history:
        raise ConfigError("--compare（上期台账文件）与 --from-history（取自历史库）只能选一个")
    if from_history:
        if history:
            raise ConfigError("--history 给出往期台账文件；--from-history 时往期取自历史库，不能同时给出")
        found = store_comparison(
            analysis.ledger, config, db, matches=matches, write=matches is not None,
            earlier=_load(earlier, config, "对比台账") if earlier else None, lag_periods=lag,
            source=config.resolve(config.ledger) if config else target)
    elif previous is not None:
        found = compare_files(analysis.ledger, previous, history=history, earlier=earlier,
                              matches=matches, lag_periods=lag, config=config,
                              scale=analysis.scale, write=matches is not None)
    elif config is not None and spec is not None:
        resolved = matches or (_config_matches(config, spec.matches) if spec.matches else None)
        found = config_comparison(config, analysis.ledger, db, matches=resolved,
                                  write=resolved is not None, lag_periods=lag)
    elif history or earlier or matches:
        raise ConfigError("--history、--earlier、--matches 须与 --compare（上期台账）"
                          "或 --from-history 一起使用")
    source = str(config.resolve(config.ledger) if config else target)
    date = on or report_date(config, analysis.ledger)
    row_lights, notes = ledger_lights(analysis.ledger, config, on=date, warn_days=warn_days,
                                      scale=analysis.scale, source=source)
    warnings = (found.warnings if found else []) + notes
    return analysis, PeriodReport(found.comparison if found else None, row_lights, date, warnings)
