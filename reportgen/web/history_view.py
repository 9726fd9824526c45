"""The 历史 page's detail of one period as plain values for its template (texts escaped there)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis.compare import Comparison, RowMove
    from reportgen.model import Item
    from reportgen.pipeline.period_view import NoticeLine, PeriodDetail

LIGHT_CLASS = {"红": "red", "黄": "yellow", "绿": "green"}


def _item(item: Item) -> dict[str, str]:
    return {"seq": item.seq or "", "task": item.task, "unit": item.lead_unit or ""}


def _move(move: RowMove) -> dict[str, str]:
    return {"seq": move.item.seq or "", "task": move.item.task, "unit": move.unit or "",
            "before": move.before or "（无）", "after": move.after or "（无）"}


def _signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def _comparison(found: Comparison) -> dict[str, Any]:
    diff = found.previous
    return {
        "figures": [("cmp-improved", "状态好转", len(diff.improved)),
                    ("cmp-slipped", "状态下滑", len(diff.slipped)),
                    ("cmp-added", "新列入任务", len(diff.added)),
                    ("cmp-removed", "不再列入任务", len(diff.removed)),
                    ("cmp-newly-lagging", "新增滞后", len(diff.newly_lagging)),
                    ("cmp-recovered", "滞后转好", len(diff.recovered))],
        "paragraph": found.paragraph,
        "improved": [_move(m) for m in diff.improved],
        "slipped": [_move(m) for m in diff.slipped],
        "added": [_item(i) for i in diff.added],
        "removed": [_item(i) for i in diff.removed],
        "units": [{"unit": u.unit, "improved": u.improved, "slipped": u.slipped,
                   "before": u.lagging_before, "after": u.lagging_after}
                  for u in diff.per_unit
                  if u.improved or u.slipped or u.lagging_before or u.lagging_after],
        "streaks": [{"unit": s.unit or "", "periods": s.periods} for s in found.lagging_units],
        "pending": len(found.pending),
    }


def notice_rows(notices: list[NoticeLine]) -> list[dict[str, Any]]:
    return [{"number": n.notice.number, "unit": n.notice.unit, "period": n.notice.period,
             "level": f"{n.notice.level}通知", "items": n.items,
             "due": f"{n.notice.due:%Y-%m-%d}" if n.notice.due else "（未记录）"}
            for n in notices]


def detail_view(detail: PeriodDetail) -> dict[str, Any]:
    """What the template shows of ``detail``: figures, comparison, lights, notices."""
    ledger = detail.ledger
    return {
        "name": detail.name, "title": ledger.title, "previous": detail.previous,
        "report_date": f"{detail.report_date:%Y-%m-%d}",
        "items": detail.stats.items, "rows": detail.stats.unit_rows,
        "shares": [{"status": s.status, "before": "—" if s.before is None else s.before,
                    "before_share": "—" if s.before_share is None else f"{s.before_share}%",
                    "after": s.after, "after_share": f"{s.after_share}%",
                    "change": _signed(s.change) + ("" if s.change is None else " 个百分点"),
                    "trend": "" if not s.change else ("up" if s.change > 0 else "down")}
                   for s in detail.shares],
        "comparison": _comparison(detail.comparison) if detail.comparison else None,
        "lights": [{"light": name, "class": LIGHT_CLASS[name], "count": count}
                   for name, count in detail.light_counts.items()],
        "unit_lights": [{"unit": u.unit, "red": u.red, "yellow": u.yellow, "green": u.green}
                        for u in detail.unit_lights],
        "flagged": [{"light": r.light, "class": LIGHT_CLASS[r.light], "seq": r.item.seq or "",
                     "task": r.item.task, "unit": r.row.lead_unit or r.item.lead_unit or "",
                     "deadline": r.deadline.text if r.deadline else (r.item.deadline or ""),
                     "reason": r.reason} for r in detail.flagged],
        "notices": notice_rows(detail.notices),
        "warnings": [str(w) for w in detail.warnings],
    }
