"""Which item of last period is which item of this one: by stable id, else by unit and task text.

Pure and deterministic. Tasks are renamed a little from month to month ("推进X项目建设" →
"加快推进X项目建设"), split, merged and renumbered. Items carrying the same ``id`` match outright;
otherwise the normalised task text is scored with rapidfuzz (0–100) and the lead unit must agree
for an automatic match. Anything doubtful — a middling score, two candidates of nearly the same
score, a task that looks split or merged — is listed as *pending* for the user to confirm in a
``matches`` file (accepted and rejected pairs), never guessed silently.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from reportgen.model import Item, Ledger

# Scores (0–100) on the normalised task text.
AUTO_SCORE = 90.0  # at least this, same lead unit and no close rival: matched without asking
ASK_SCORE = 60.0  # at least this (and not matched): listed for the user to confirm
RIVAL_MARGIN = 5.0  # a second candidate this close to the best makes the match ambiguous
PART_SCORE = 70.0  # leftovers: the shorter text contained this well in the longer is listed
UNIT_PENALTY = 15.0  # a different lead unit costs this much

_NUMBERING = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[)）、.．]\s*)+")
_DROP = re.compile(r"[\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=65_536)
def normalise(text: str) -> str:
    """Task text reduced for comparison: NFKC, no leading numbering, no spaces or punctuation.

    Cached: the same tasks come back period after period.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _NUMBERING.sub("", text)
    return _DROP.sub("", text).lower()


def item_key(item: Item) -> str:
    """How the matches file names an item: its id when it has one, else its task text."""
    return item.id.strip() if item.id and item.id.strip() else " ".join(item.task.split())


@dataclass(frozen=True, slots=True)
class Link:
    """Item ``previous`` of the earlier ledger continues as item ``current`` (indexes)."""

    previous: int
    current: int
    score: float
    how: str  # "id", "same" (identical text), "similar", "confirmed" (from the matches file)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A doubtful pair waiting for the user's decision, with the reason it is doubtful."""

    previous: int
    current: int
    score: float
    reason: str  # 相似度不足, 有多个相近的候选, 牵头单位不同, 疑似拆分, 疑似合并, 措辞改动较大


@dataclass(frozen=True)
class Decisions:
    """The user's answers from a matches file: pairs of item keys (see ``item_key``)."""

    accepted: frozenset[tuple[str, str]] = frozenset()
    rejected: frozenset[tuple[str, str]] = frozenset()


@dataclass
class MatchResult:
    """All links between two ledgers, the pending candidates, and what stayed unmatched."""

    previous: Ledger
    current: Ledger
    links: list[Link]
    pending: list[Candidate]
    unknown_decisions: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._back: dict[int, list[int]] = {}
        self._forward: dict[int, list[int]] = {}
        for link in self.links:
            self._back.setdefault(link.current, []).append(link.previous)
            self._forward.setdefault(link.previous, []).append(link.current)

    def predecessors(self, current: int) -> list[int]:
        """Indexes of the previous items that continue as current item ``current``."""
        return self._back.get(current, [])

    def successors(self, previous: int) -> list[int]:
        return self._forward.get(previous, [])

    @property
    def added(self) -> list[int]:
        """Current items with no predecessor (new tasks; pending ones included)."""
        return [i for i in range(len(self.current.items)) if i not in self._back]

    @property
    def removed(self) -> list[int]:
        """Previous items with no successor."""
        return [i for i in range(len(self.previous.items)) if i not in self._forward]

    @property
    def splits(self) -> list[Link]:
        return [lk for lk in self.links if len(self._forward[lk.previous]) > 1]

    @property
    def merges(self) -> list[Link]:
        return [lk for lk in self.links if len(self._back[lk.current]) > 1]


def decisions_from_data(data: Any) -> Decisions:
    """Decisions from a parsed matches file (see ``pipeline.compare``); shape errors raise ValueError.

    Accepted shape: ``{matches: {accepted: [{previous, current}], rejected: [...], pending: [...]}}``;
    Chinese keys 确认/否决/待定 and 上期/本期 are read as well. Pending pairs are ignored.
    """
    if data is None:
        return Decisions()
    if not isinstance(data, Mapping):
        raise ValueError("匹配文件应是“键: 值”形式的映射")
    body = data.get("matches", data.get("匹配", data))
    if not isinstance(body, Mapping):
        raise ValueError("matches 下应是 accepted / rejected 两个列表")
    unknown = [str(k) for k in body if k not in _SECTIONS]
    if unknown:  # e.g. a ledger named by mistake: never read (or later overwritten) as one
        raise ValueError(f"不是匹配文件：未知的键“{'、'.join(unknown)}”"
                         "（可用：matches 下的 accepted、rejected、pending）")
    return Decisions(frozenset(_pairs(body, "accepted", "确认")),
                     frozenset(_pairs(body, "rejected", "否决")))


_SECTIONS = ("accepted", "确认", "rejected", "否决", "pending", "待定")


def _pairs(body: Mapping[str, Any], key: str, alias: str) -> Iterable[tuple[str, str]]:
    entries = body.get(key, body.get(alias)) or []
    if not isinstance(entries, list):
        raise ValueError(f"{key} 应是列表")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, Mapping):
            raise ValueError(f"{key} 第{number}项应含 previous 与 current")
        before = entry.get("previous", entry.get("上期"))
        after = entry.get("current", entry.get("本期"))
        if not isinstance(before, str) or not isinstance(after, str):
            raise ValueError(f"{key} 第{number}项应含文字的 previous 与 current")
        yield " ".join(before.split()), " ".join(after.split())


def _find(items: list[Item], key: str, norm: list[str]) -> list[int]:
    """Indexes of the items a matches-file key names (by id, else by normalised task text)."""
    by_id = [i for i, item in enumerate(items) if item.id and item.id.strip() == key]
    if by_id:
        return by_id
    wanted = normalise(key)
    return [i for i, text in enumerate(norm) if text == wanted]


def _score(a: str, b: str, unit_a: str | None, unit_b: str | None) -> float:
    score = fuzz.ratio(a, b)
    if unit_a != unit_b:
        score -= UNIT_PENALTY
    return max(0.0, round(score, 1))


def match_items(previous: Ledger, current: Ledger, decisions: Decisions | None = None,
                leads: tuple[list[str | None], list[str | None]] | None = None) -> MatchResult:
    """Link the items of ``previous`` to those of ``current``; see the module docstring.

    ``leads`` are the items' lead units, when the caller has them already.
    """
    decisions = decisions or Decisions()
    prev_items, cur_items = previous.items, current.items
    prev_norm = [normalise(i.task) for i in prev_items]
    cur_norm = [normalise(i.task) for i in cur_items]
    prev_keys = [item_key(i) for i in prev_items]
    cur_keys = [item_key(i) for i in cur_items]
    prev_units, cur_units = leads or ([i.lead_unit for i in prev_items],
                                      [i.lead_unit for i in cur_items])
    rejected = decisions.rejected
    links: list[Link] = []
    taken_prev: set[int] = set()
    taken_cur: set[int] = set()

    def link(p: int, c: int, score: float, how: str) -> None:
        links.append(Link(p, c, score, how))
        if how != "confirmed":  # a confirmed split part leaves the rest of the task matchable
            taken_prev.add(p)
        taken_cur.add(c)

    # 1. The user's accepted pairs (may link one item to several: splits and merges). They
    # settle the current item; the previous one may continue elsewhere too (a split).
    unknown: list[tuple[str, str]] = []
    for before, after in sorted(decisions.accepted):
        ps, cs = _find(prev_items, before, prev_norm), _find(cur_items, after, cur_norm)
        if not ps or not cs:
            unknown.append((before, after))
            continue
        for p in ps:
            for c in cs:
                link(p, c, _score(prev_norm[p], cur_norm[c], prev_units[p], cur_units[c]),
                     "confirmed")
    for pair in sorted(rejected):
        if not _find(prev_items, pair[0], prev_norm) or not _find(cur_items, pair[1], cur_norm):
            unknown.append(pair)

    # 2. Stable ids: the same id on both sides.
    prev_ids: dict[str, int] = {}
    for p, item in enumerate(prev_items):
        if item.id and item.id.strip():
            prev_ids.setdefault(item.id.strip(), p)
    for c, item in enumerate(cur_items):
        ident = item.id.strip() if item.id else ""
        p = prev_ids.get(ident, -1) if ident else -1
        if p >= 0 and c not in taken_cur and p not in taken_prev \
                and (prev_keys[p], cur_keys[c]) not in rejected:
            link(p, c, 100.0, "id")

    # 3. Text similarity among the rest; ids on both sides are authoritative, never overridden.
    def open_pair(p: int, c: int) -> bool:
        both_ids = bool(prev_items[p].id and cur_items[c].id)
        return not both_ids and (prev_keys[p], cur_keys[c]) not in rejected

    free_prev = [p for p in range(len(prev_items)) if p not in taken_prev]
    free_cur = [c for c in range(len(cur_items)) if c not in taken_cur]
    # Identical text first (cheap, exact): a dict from text to the free previous items.
    by_text: dict[str, list[int]] = {}
    for p in free_prev:
        by_text.setdefault(prev_norm[p], []).append(p)
    for c in free_cur:
        for p in by_text.get(cur_norm[c], []):
            same_unit = prev_units[p] == cur_units[c]
            if p not in taken_prev and same_unit and open_pair(p, c):
                link(p, c, 100.0, "same")
                break
    free_prev = [p for p in free_prev if p not in taken_prev]
    free_cur = [c for c in free_cur if c not in taken_cur]

    scored = _scored_pairs(free_prev, free_cur, prev_norm, cur_norm, prev_units, cur_units,
                           open_pair)
    best_prev: dict[int, list[float]] = {}
    best_cur: dict[int, list[float]] = {}
    for score, p, c in scored:
        best_prev.setdefault(p, []).append(score)
        best_cur.setdefault(c, []).append(score)
    pending: list[Candidate] = []
    asked: set[tuple[int, int]] = set()
    for score, p, c in scored:  # best first, ties by ledger order: deterministic
        if p in taken_prev or c in taken_cur:
            continue
        rival = max(_second(best_prev[p], score), _second(best_cur[c], score))
        same_unit = prev_units[p] == cur_units[c]
        if score >= AUTO_SCORE and same_unit and score - rival >= RIVAL_MARGIN:
            link(p, c, score, "similar")
            continue
        reason = ("牵头单位不同" if not same_unit and score + UNIT_PENALTY >= AUTO_SCORE
                  else "有多个相近的候选" if score >= AUTO_SCORE else "相似度不足")
        pending.append(Candidate(p, c, score, reason))
        asked.add((p, c))

    # 4. Splits and merges: an unmatched task contained in a linked (or unmatched) one.
    pending.extend(_parts(prev_units, cur_units, prev_norm, cur_norm, taken_prev, taken_cur,
                          asked, open_pair))
    confirmed = {(lk.previous, lk.current) for lk in links if lk.how == "confirmed"}
    pending = [cand for cand in pending
               if (cand.previous not in taken_prev or cand.current not in taken_cur)
               and (cand.previous, cand.current) not in confirmed]
    pending.sort(key=lambda cand: (cand.current, cand.previous))
    links.sort(key=lambda lk: (lk.current, lk.previous))
    return MatchResult(previous, current, links, pending, unknown)


def _second(scores: list[float], best: float) -> float:
    """The best of ``scores`` (sorted, best first) other than one occurrence of ``best``."""
    if scores[0] != best:
        return scores[0]
    return scores[1] if len(scores) > 1 else 0.0


def _scored_pairs(free_prev: list[int], free_cur: list[int], prev_norm: list[str],
                  cur_norm: list[str], prev_units: list[str | None], cur_units: list[str | None],
                  open_pair: Any) -> list[tuple[float, int, int]]:
    """Every free pair scoring at least ASK_SCORE, best first (ties in ledger order)."""
    scored: list[tuple[float, int, int]] = []
    if not free_prev or not free_cur:
        return scored
    choices = [prev_norm[p] for p in free_prev]
    # Bound the raw ratio before the unit penalty: ASK_SCORE is reachable only from here.
    for c in free_cur:
        found = process.extract(cur_norm[c], choices, scorer=fuzz.ratio,
                                score_cutoff=ASK_SCORE, limit=None)
        for _, _, pi in found:
            p = free_prev[int(pi)]
            if not open_pair(p, c):
                continue
            score = _score(prev_norm[p], cur_norm[c], prev_units[p], cur_units[c])
            if score >= ASK_SCORE:
                scored.append((score, p, c))
    scored.sort(key=lambda t: (-t[0], t[2], t[1]))
    return scored


def _parts(prev_units: list[str | None], cur_units: list[str | None], prev_norm: list[str],
           cur_norm: list[str], taken_prev: set[int], taken_cur: set[int],
           asked: set[tuple[int, int]], open_pair: Any) -> list[Candidate]:
    """Pending candidates among the leftovers, same lead unit, one text largely inside the other.

    An unmatched current task inside a previous one that already continues is a split part; an
    unmatched previous task inside a current one that already continues it is a merge part;
    between two unmatched tasks it may be a rewording.
    """
    found: list[Candidate] = []
    by_unit: dict[str | None, list[int]] = {}
    for p, unit in enumerate(prev_units):
        by_unit.setdefault(unit, []).append(p)
    cur_by_unit: dict[str | None, list[int]] = {}
    for c, unit in enumerate(cur_units):
        cur_by_unit.setdefault(unit, []).append(c)

    def add(p: int, c: int, score: float) -> None:
        if (p, c) in asked or not open_pair(p, c):
            return
        asked.add((p, c))
        reason = ("疑似拆分" if p in taken_prev else "疑似合并" if c in taken_cur
                  else "措辞改动较大")
        found.append(Candidate(p, c, round(score, 1), reason))

    for c, unit in enumerate(cur_units):  # unmatched current tasks against all previous
        if c in taken_cur:
            continue
        choices = by_unit.get(unit, [])
        for _, score, index in process.extract(cur_norm[c], [prev_norm[p] for p in choices],
                                               scorer=fuzz.partial_ratio,
                                               score_cutoff=PART_SCORE, limit=None):
            add(choices[index], c, score)
    for p, unit in enumerate(prev_units):  # unmatched previous tasks against linked current
        if p in taken_prev:
            continue
        choices = [c for c in cur_by_unit.get(unit, []) if c in taken_cur]
        for _, score, index in process.extract(prev_norm[p], [cur_norm[c] for c in choices],
                                               scorer=fuzz.partial_ratio,
                                               score_cutoff=PART_SCORE, limit=None):
            add(p, choices[index], score)
    found.sort(key=lambda cand: (cand.current, cand.previous))
    return found
