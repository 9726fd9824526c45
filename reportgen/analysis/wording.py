"""The comparison written in plain official Chinese, from the data alone (no template text).

"与上期相比，新增滞后1项，2项由滞后转为正常，状态好转5项、下滑2项；区住建局连续3期滞后；
2项连续两期无新进展。" Counts are over unit rows (项), clauses appear only when non-zero.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis.compare import Comparison, PeriodDiff


def comparison_sentences(comparison: Comparison) -> list[str]:
    """The comparison written as sentences of plain official Chinese, from the data alone."""
    sentences = [_diff_sentence(comparison.previous, "上期", comparison)]
    if comparison.earlier is not None:
        sentences.append(_diff_sentence(comparison.earlier, comparison.earlier.previous_label,
                                        None))
    return sentences


def _diff_sentence(d: PeriodDiff, against: str, whole: Comparison | None) -> str:
    changes: list[str] = []
    if d.newly_lagging:
        changes.append(f"新增滞后{len(d.newly_lagging)}项")
    recovered = {name: 0 for name in d.scale_names}
    for m in d.recovered:
        recovered[m.after or ""] = recovered.get(m.after or "", 0) + 1
    recovered = {name: n for name, n in recovered.items() if n}
    lagging = "、".join(sorted(d.lagging_names)) or "滞后"
    changes += [f"{n}项由{lagging}转为{after}" for after, n in recovered.items()]
    moved = [f"{word}{n}项" for word, n in (("好转", len(d.improved)), ("下滑", len(d.slipped)))
             if n]
    if moved:
        changes.append("状态" + "、".join(moved))
    tasks = [f"{word}{len(items)}项" for word, items in (("新列入任务", d.added),
                                                         ("不再列入任务", d.removed)) if items]
    if tasks:
        changes.append("，".join(tasks))
    clauses = ["，".join(changes) if changes else "各项工作状态没有变化"]
    if whole is not None:
        by_length: dict[int, list[str]] = {}
        for s in whole.lagging_units:
            by_length.setdefault(s.periods, []).append(s.unit or "")
        units = [f"{'、'.join(names)}连续{n}期{lagging}" for n, names in by_length.items()]
        if units:
            clauses.append("，".join(units))
        if whole.stalled:
            clauses.append(f"{len(whole.stalled)}项连续两期无新进展")
    return f"与{against}相比，" + "；".join(clauses) + "。"
