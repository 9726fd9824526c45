"""Free-text 时限 → a due date or "ongoing", and a light per unit row at the report date.

Pure functions. Real ledgers write deadlines as "2022年12月底前", "年底前", "三季度", "长期坚持",
"2022-12-31"…; they are read relative to the ledger's year. Text that cannot be read becomes a
note naming the item, never an error. With no 时限, a deadline written in the task itself
("10月底之前完成…") is used, and a note says so. Lights: 红 overdue and not done, 黄 due within
``warn_days`` or lagging, 绿 otherwise.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from reportgen.model import Item, Ledger, StatusScale, UnitRow

RED, YELLOW, GREEN = "红", "黄", "绿"
LIGHTS = (RED, YELLOW, GREEN)
LIGHT_FILLS = {RED: "#FF9999", YELLOW: "#FFE699", GREEN: "#C6EFCE"}
DEFAULT_WARN_DAYS = 30
DEFAULT_DONE = ("已完成", "完成")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9]{1,4}|[〇零一二两三四五六七八九十]{1,3}"
_ONGOING = re.compile(r"长期|持续|常态|经常|每[年季月周日]|按[年季月周]|逐[年月]|定期|长效")
_BEFORE = r"(?:之前|以前|前|止)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")),
    ("ymd", re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_NUM})月(?P<d>{_NUM})[日号]" + _BEFORE)),
    ("month", re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_NUM})月(?:份)?(?P<part>上旬|中旬|下旬|"
                         rf"底|末|中|初)?(?:份)?" + _BEFORE)),
    ("quarter", re.compile(r"(?:(?P<y>\d{4})年)?第?(?P<q>[1-4一二三四])季度(?:末|底)?"
                           + _BEFORE)),
    ("half", re.compile(r"(?:(?P<y>\d{4})年)?(?P<h>上|下)半年(?:末|底)?" + _BEFORE)),
    ("year", re.compile(r"(?:(?P<y>\d{4})年|(?P<rel>年|今年|本年|全年))(?:底|末|内|度)?"
                        + _BEFORE)),
]
# In task text only phrases that read as a deadline: "10月底之前完成", "确保年底前…".
_IN_TASK = re.compile(
    rf"(?:(?:\d{{4}}年)?(?:{_NUM})月(?:{_NUM})?[日号]?(?:上旬|中旬|下旬|底|末|份)?|"
    rf"(?:\d{{4}}年)?第?[1-4一二三四]季度(?:末|底)?|(?:\d{{4}}年)?[上下]半年|(?:\d{{4}}年|年)(?:底|末|内))"
    r"(?:之前|以前|前)")


@dataclass(frozen=True)
class Deadline:
    """A task's deadline: a due date, or ongoing work with none; where it was read from."""

    text: str
    due: dt.date | None
    ongoing: bool = False
    source: str = "时限"  # "时限" (the deadline column) or "任务" (found in the task text)


@dataclass(frozen=True)
class DeadlineNote:
    """Something to tell the user about one item's deadline (unreadable, or taken from the task)."""

    item: Item
    message: str
    found: Deadline | None = None  # the deadline taken from the task text (None: unreadable)

    @property
    def from_task(self) -> bool:
        return self.found is not None

    @property
    def where(self) -> str:
        seq = f"序号{self.item.seq}" if self.item.seq else "任务"
        task = self.item.task if len(self.item.task) <= 20 else self.item.task[:20] + "…"
        return f"{seq}“{task}”"


@dataclass(frozen=True)
class RowLight:
    """The light of one unit row at the report date."""

    item: Item
    row: UnitRow
    light: str  # 红, 黄 or 绿
    deadline: Deadline | None
    reason: str  # why, in Chinese: "已超期", "30天内到期", "状态滞后", ""


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS.get(text, 0) if len(text) == 1 else int("".join(
        str(_CN_DIGITS[c]) for c in text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(kind: str, parts: dict[str, str | None], year: int) -> dt.date | None:
    y = int(parts["y"] or year) if parts.get("y") else year
    if kind in ("iso", "ymd"):
        return dt.date(y, _number(parts["m"] or ""), _number(parts["d"] or ""))
    if kind == "month":
        month = _number(parts["m"] or "")
        part = parts.get("part")
        days = {"上旬": 10, "初": 10, "中旬": 20, "中": 15}
        if part in days:
            return dt.date(y, month, days[part])
        return _month_end(y, month)
    if kind == "quarter":
        q = _number(parts["q"] or "")
        return _month_end(y, q * 3)
    if kind == "half":
        return _month_end(y, 6 if parts["h"] == "上" else 12)
    return dt.date(y, 12, 31)


def parse_deadline(text: str | None, year: int) -> Deadline | None:
    """Read a 时限 text relative to ``year``; None when it says nothing readable.

    An empty text gives None too; the caller tells the two apart.
    """
    if not text or not text.strip():
        return None
    clean = unicodedata.normalize("NFKC", text).strip()
    clean = re.sub(r"\s+", "", clean)
    if _ONGOING.search(clean):
        return Deadline(text.strip(), None, ongoing=True)
    for kind, pattern in _PATTERNS:
        found = pattern.search(clean)
        if not found:
            continue
        try:
            due = _date(kind, found.groupdict(), year)
        except (ValueError, KeyError):
            return None
        if due is not None:
            return Deadline(text.strip(), due)
    return None


def deadline_in_task(task: str, year: int) -> Deadline | None:
    """A deadline phrase inside task text ("10月底之前完成…"), or None."""
    clean = unicodedata.normalize("NFKC", task or "")
    found = _IN_TASK.search(clean)
    if not found:
        return None
    parsed = parse_deadline(found.group(0), year)
    if parsed is None or parsed.due is None:
        return None
    return Deadline(found.group(0), parsed.due, source="任务")


def ledger_year(ledger: Ledger) -> int | None:
    """The year the ledger's deadlines are relative to: the year its period or title names, else
    the year of its date (a December ledger is often dated in January)."""
    for text in (ledger.period, ledger.title):
        found = re.search(r"(20\d\d|19\d\d)年", text or "")
        if found:
            return int(found.group(1))
    return ledger.date.year if ledger.date else None


def item_deadlines(ledger: Ledger, year: int | None = None,
                   ) -> tuple[list[Deadline | None], list[DeadlineNote]]:
    """One deadline (or None) per item, and the notes to show the user."""
    year = year or ledger_year(ledger) or dt.date.today().year
    deadlines: list[Deadline | None] = []
    notes: list[DeadlineNote] = []
    for item in ledger.items:
        if item.deadline and item.deadline.strip():
            parsed = parse_deadline(item.deadline, year)
            if parsed is None:
                notes.append(DeadlineNote(item, f"时限“{item.deadline.strip()}”无法识别，"
                                                "不参与预警"))
            deadlines.append(parsed)
            continue
        found = deadline_in_task(item.task, year)
        if found is not None:
            notes.append(DeadlineNote(item, f"未填时限，从任务文字“{found.text}”中取得时限"
                                            f"{found.due:%Y-%m-%d}", found))
        deadlines.append(found)
    return deadlines, notes


def lights(ledger: Ledger, report_date: dt.date, *, warn_days: int = DEFAULT_WARN_DAYS,
           scale: StatusScale | None = None, done: tuple[str, ...] = DEFAULT_DONE,
           deadlines: list[Deadline | None] | None = None) -> list[RowLight]:
    """The light of every unit row at ``report_date``, in ledger order."""
    scale = scale or ledger.scale
    lagging = {s.name for s in scale.statuses if s.lagging}
    if deadlines is None:
        deadlines, _ = item_deadlines(ledger)
    soon = report_date + dt.timedelta(days=warn_days)
    result: list[RowLight] = []
    for item, deadline in zip(ledger.items, deadlines, strict=True):
        due = deadline.due if deadline else None
        for row in item.rows:
            finished = row.status in done
            if due is not None and due < report_date and not finished:
                light, reason = RED, "已超期"
            elif due is not None and not finished and due <= soon:
                light, reason = YELLOW, f"{warn_days}天内到期"
            elif row.status in lagging:
                light, reason = YELLOW, f"状态{row.status}"
            else:
                light, reason = GREEN, ""
            result.append(RowLight(item, row, light, deadline, reason))
    return result


def light_counts(row_lights: list[RowLight]) -> dict[str, int]:
    """How many rows carry each light, 红 黄 绿 in that order."""
    return {name: sum(1 for r in row_lights if r.light == name) for name in LIGHTS}
