"""The period history room: record a ledger as a period, list periods, follow a task or a unit.

Front ends (CLI, web) call these functions; they open the store, run the queries in one
transaction per call and hand back plain objects (Ledgers, summaries), never a session.
Where the store lives: the user's ``--db`` value, else the config's ``db`` key (only a file
inside the config's folder, or a server URL), else ``reportgen.db`` in the working folder.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reportgen.analysis.duban import IssuedNotice
from reportgen.analysis.matching import match_items, normalise
from reportgen.config import ReportConfig, load_config
from reportgen.errors import DataError, Problem
from reportgen.loaders import load_ledger
from reportgen.model import Ledger, split_units
from reportgen.pipeline.core import is_config
from reportgen.store import queries
from reportgen.store.engine import (
    Database,
    open_engine,
    pause_for_tests,
    resolve,
    translate_errors,
    writer,
)
from reportgen.store.errors import (
    PeriodExistsError,
    PeriodNotFoundError,
    StoreError,
    StoreMissingError,
)
from reportgen.store.queries import PeriodInfo, StoredRow, StoredTask

__all__ = [
    "Database", "History", "PeriodExistsError", "PeriodInfo", "PeriodNotFoundError",
    "RecordResult", "StoreError", "StoredRow", "database", "history", "list_periods",
    "load_period", "load_previous", "load_series", "periods_before", "NoticeRegistry", "period_notices", "record",
]

MAX_PERIOD_NAME = 200


@dataclass
class RecordResult:
    """What ``record`` stored, and where."""

    period: str
    items: int
    unit_rows: int
    database: str  # the store as shown to the user (file, or URL without password)
    replaced: bool
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class History:
    """One task's or one unit's rows across every recorded period, oldest first."""

    kind: Literal["task", "unit"]
    query: str
    periods: list[str]  # every recorded period, in order (a period may have no row)
    rows: list[StoredRow]
    linked: dict[str, str] = field(default_factory=dict)  # period → how it was linked by text

    def by_period(self) -> dict[str, list[StoredRow]]:
        grouped: dict[str, list[StoredRow]] = {name: [] for name in self.periods}
        for row in self.rows:
            grouped[row.period].append(row)
        return grouped


def database(db: str | None = None, config: ReportConfig | None = None) -> Database:
    """Where the store is: ``db`` (the user's own flag, any file or URL), else the config's
    ``db`` key (a file inside the config's folder, or a server URL), else ./reportgen.db."""
    if db is not None:
        return resolve(db, Path.cwd(), trusted=True)
    if config is not None and config.db:
        return resolve(config.db, config.base_dir, trusted=False)
    return resolve(None, Path.cwd(), trusted=True)


def _database(db: str | None, config_path: Path | None) -> Database:
    return database(db, load_config(config_path) if config_path is not None else None)


@contextmanager
def _session(target: Database, create: bool = False, write: bool = False) -> Iterator[Session]:
    """One session in one transaction on the migrated store: committed when the block ends
    normally, rolled back (nothing written) on any error or kill."""
    with open_engine(target, create=create) as engine, translate_errors(target):
        bind: Engine = writer(engine) if write else engine
        with Session(bind) as session, session.begin():
            yield session


def _period_name(period: str | None, ledger: Ledger, source: Path) -> str:
    name = (period if period is not None else ledger.period or "").strip()
    if not name:
        raise DataError(f"{source}：台账没有写期次（period / 期次），请用 --period 指定，"
                        "例如 --period 2022年8-10月")
    if len(name) > MAX_PERIOD_NAME or any(unicodedata.category(c)[0] == "C" for c in name):
        raise DataError(f"期次名称“{name[:40]}”无效：不能含控制字符，最长 {MAX_PERIOD_NAME} 字")
    return name


def record(ledger_path: Path, period: str | None = None, db: str | None = None,
           replace: bool = False) -> RecordResult:
    """Validate a ledger (or a config's ledger, with its aliases and scale) and store it as one
    period, in one transaction: a failure or a kill leaves the store as it was."""
    ledger_path = Path(ledger_path)
    config = load_config(ledger_path) if is_config(ledger_path) else None
    source = config.resolve(config.ledger) if config else ledger_path
    loaded = load_ledger(source, aliases=config.unit_aliases if config else None,
                         scale=config.scale if config else None,
                         unique_seq=config.unique_seq if config else False)
    ledger = loaded.ledger
    if config is not None and config.scale is not None:
        ledger = ledger.model_copy(update={"scale": config.scale})
    name = _period_name(period, ledger, source)
    warnings = list(loaded.warnings) + _other_period(name, ledger, source)
    target = database(db, config)
    with _session(target, create=True, write=True) as session:
        replaced = queries.period_id(session, name) is not None
        queries.record_period(session, ledger, name, source.name, replace=replace)
        pause_for_tests(f"record {name}")
    return RecordResult(name, len(ledger.items), len(ledger.rows), target.label, replaced,
                        warnings)


def _other_period(name: str, ledger: Ledger, source: Path) -> list[Problem]:
    """A warning when ``--period`` names other months than the ledger's own period does."""
    own = (ledger.period or "").strip()
    ends = queries.period_end(name), queries.period_end(own)
    if not own or None in ends or ends[0] == ends[1]:
        return []
    return [Problem(f"台账中写的期次是“{own}”，本次按 --period 记为“{name}”；如记错了期次，"
                    f"请用正确的 --period 重新记录，并检查历史中的“{name}”", str(source),
                    warning=True)]


def list_periods(db: str | None = None, config: Path | None = None) -> list[PeriodInfo]:
    """Every recorded period, oldest first, with its counts ([] when there is no store yet)."""
    try:
        with _session(_database(db, config)) as session:
            return queries.list_periods(session)
    except StoreMissingError:
        return []


def load_period(name: str, db: str | None = None, config: Path | None = None) -> Ledger:
    """The ledger recorded as period ``name`` (its ``period`` is ``name``)."""
    with _session(_database(db, config)) as session:
        return queries.load_period(session, name)


def load_previous(name: str, db: str | None = None, config: Path | None = None,
                  ) -> Ledger | None:
    """The period recorded before ``name`` in period order, or None (first period, no store)."""
    try:
        with _session(_database(db, config)) as session:
            previous = queries.neighbour(session, name, -1)
            return queries.load_period(session, previous) if previous else None
    except StoreMissingError:
        return None


def periods_before(ledger: Ledger, count: int, db: str | None = None,
                   config: ReportConfig | None = None, source: Path | None = None,
                   ) -> list[Ledger]:
    """The last ``count`` periods recorded before ``ledger``'s period, oldest first (last period
    last); [] when the store has none or does not exist yet."""
    name = (ledger.period or "").strip()
    if not name:
        raise DataError(f"{source or '台账'}：台账没有写期次（period / 期次），无法从历史库找出上期；"
                        "请在台账中写明期次，例如 period: 2022年8-10月")
    try:
        with _session(database(db, config)) as session:
            names = queries.names_before(session, name, ledger)[-count:]
            return [queries.load_period(session, n) for n in names]
    except StoreMissingError:
        return []


def load_series(upto: str | None = None, count: int | None = None, db: str | None = None,
                config: Path | None = None) -> list[Ledger]:
    """The last ``count`` periods (all when None) up to and including ``upto`` (default the
    newest), oldest first: the history that lagging-N-periods-in-a-row analysis needs."""
    try:
        with _session(_database(db, config)) as session:
            names = queries.period_names(session)
            if upto is not None:
                if upto not in names:
                    raise PeriodNotFoundError(f"没有记录过期次“{upto}”")
                names = names[:names.index(upto) + 1]
            chosen = names if count is None else names[max(0, len(names) - count):]
            return [queries.load_period(session, n) for n in chosen]
    except StoreMissingError:
        return []


def history(query: str, db: str | None = None, config: Path | None = None) -> History:
    """One task's (by 任务ID, else by its text) or one unit's statuses over every period.

    A task is found by its id, else by its normalised text (exactly, else the one task whose
    text contains the query). In periods where neither finds it, it is followed from the
    neighbouring periods with the comparison's item matching (lead unit and similar text;
    doubtful candidates are not followed), and ``History.linked`` says where that happened.
    """
    query = query.strip()
    if not query:
        raise DataError("请给出要查看的任务（任务ID 或任务内容）或单位名称")
    with _session(_database(db, config)) as session:
        names = queries.period_names(session)
        by_unit = [r for r in queries.stored_rows(session, unit_like=query)
                   if query in split_units(r.unit)]
        if by_unit:
            return History("unit", query, names, by_unit)
        tasks = queries.stored_tasks(session)
        found = _task_items(query, tasks)
        if not found:
            raise DataError(f"历史中没有找到任务或单位“{query}”{_close_units(session, query)}")
        linked: dict[str, str] = {}
        if {t.period for t in found} != set(names):
            ledgers = [queries.load_period(session, name) for name in names]
            places = _follow(ledgers, {(t.period, t.position) for t in found}, linked)
            found = [t for t in tasks if (t.period, t.position) in places]
        rows = queries.stored_rows(session, item_ids={t.item_id for t in found})
    return History("task", query, names, rows, linked)


def _task_items(query: str, tasks: list[StoredTask]) -> list[StoredTask]:
    """The items of the task that ``query`` names: by id, else the exact normalised text, else
    the one task whose text contains it; a task found by text brings the items sharing its id."""
    found = [t for t in tasks if t.item_key == query]
    if found:
        return found
    keys = {t.task: normalise(t.task) for t in tasks}
    key = normalise(query)
    found = [t for t in tasks if keys[t.task] == key]
    if not found and key:
        found = [t for t in tasks if key in keys[t.task]]
        texts = list(dict.fromkeys(keys[t.task] for t in found))
        if len(texts) > 1:
            shown = list(dict.fromkeys(t.task for t in found))[:8]
            raise DataError(f"有 {len(texts)} 项任务包含“{query}”，请写完整的任务内容或任务ID",
                            [Problem(t[:60]) for t in shown])
    if not found:
        return []
    ids = {t.item_key for t in found if t.item_key}
    texts_found = {keys[t.task] for t in found}
    return [t for t in tasks if t.item_key in ids or keys[t.task] in texts_found]


def _close_units(session: Session, query: str) -> str:
    """The recorded unit names close to a misspelled ``query``, as a hint ('' when none is)."""
    from difflib import get_close_matches

    units = {unit for row in queries.stored_rows(session) for unit in split_units(row.unit)}
    close = get_close_matches(query, sorted(units), n=3, cutoff=0.6)
    return f"；相近的单位名称：{'、'.join(close)}" if close else ""


def _follow(ledgers: list[Ledger], seeds: set[tuple[str, int]],
            linked: dict[str, str]) -> set[tuple[str, int]]:
    """The seed items and every item linked to them period to period (forward, back, forward:
    splits and merges met on the way back are carried on); notes the links by similarity."""
    names = [ledger.period or "" for ledger in ledgers]
    chosen = [{pos for name, pos in seeds if name == period} for period in names]
    matches = [match_items(ledgers[k - 1], ledgers[k]) for k in range(1, len(ledgers))]
    scores = [{(lk.previous, lk.current): lk for lk in m.links} for m in matches]

    def note(k: int, prev: int, cur: int, into: int) -> None:
        link = scores[k - 1][(prev, cur)]
        if link.how == "similar":
            linked.setdefault(names[into], f"与{names[k - 1 if into == k else k]}的任务内容相似"
                                           f"（{link.score:.0f} 分）")

    for direction in ("forward", "back", "forward"):
        steps = range(1, len(ledgers)) if direction == "forward" else range(len(ledgers) - 1, 0, -1)
        for k in steps:
            match = matches[k - 1]
            if direction == "forward":
                for prev in sorted(chosen[k - 1]):
                    for cur in match.successors(prev):
                        if cur not in chosen[k]:
                            chosen[k].add(cur)
                            note(k, prev, cur, k)
            else:
                for cur in sorted(chosen[k]):
                    for prev in match.predecessors(cur):
                        if prev not in chosen[k - 1]:
                            chosen[k - 1].add(prev)
                            note(k, prev, cur, k - 1)
    return {(names[k], pos) for k, positions in enumerate(chosen) for pos in positions}


def period_notices(period: str | None, db: str | None = None,
                   config: Path | None = None) -> list[IssuedNotice]:
    """The 督办 notices recorded for ``period`` (all when None), in year and number order
    ([] without a store)."""
    try:
        with _session(_database(db, config)) as session:
            found = queries.period_notices(session, period)
    except StoreMissingError:
        return []
    return [IssuedNotice(n.label, n.year, n.number, n.unit, n.period, n.level, n.item_keys,
                         n.due) for n in found]


class NoticeRegistry:
    """The 督办 notices remembered in the period store (the registry ``pipeline.duban`` uses).

    Reading a store that does not exist yet finds no notices; recording creates it.
    """

    def __init__(self, target: Database) -> None:
        self.target = target

    def issued(self, year: int) -> list[IssuedNotice]:
        try:
            with _session(self.target) as session:
                found = queries.issued_notices(session, year)
        except StoreMissingError:
            return []
        return [IssuedNotice(n.label, n.year, n.number, n.unit, n.period, n.level, n.item_keys,
                             n.due) for n in found]

    def record(self, period: str, year: int, notices: list[IssuedNotice]) -> None:
        sent = [queries.StoredNotice(n.year, n.seq, n.number, n.unit, n.period, n.level,
                                     n.item_keys, n.due) for n in notices]
        with _session(self.target, create=True, write=True) as session:
            queries.record_notices(session, period, year, sent)
