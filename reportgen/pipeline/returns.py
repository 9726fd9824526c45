"""Returned fill-in forms: review what a collect would change, then accept it as a new ledger.

Front ends that receive forms as uploads store them under names of their own; the review maps
those back to the names the units sent, so the merge report speaks of the files the clerk knows.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from reportgen.forms.collect import CollectResult, collect, save_result
from reportgen.forms.keys import UNASSIGNED
from reportgen.forms.report import SECTIONS, Finding, MergeReport
from reportgen.model import StatusScale, split_units
from reportgen.pipeline.core import analyse


@dataclass(frozen=True)
class UnitLine:
    """One lead unit's line of the review: rows updated, not returned, and other findings."""

    unit: str
    updated: int
    not_returned: int
    other: int


@dataclass
class Review:
    """A collect held in memory: the merged ledger and its report, nothing written yet."""

    ledger_path: Path
    result: CollectResult
    scale: StatusScale

    @property
    def report(self) -> MergeReport:
        return self.result.report

    def sections(self) -> list[tuple[str, str, list[Finding]]]:
        """(key, Chinese heading, findings) of every report section, in print order."""
        return [(key, heading, self.report.section(key)) for key, heading in SECTIONS.items()]

    def per_unit(self) -> list[UnitLine]:
        """Counts per lead unit (a form's addressee), in the order units first appear."""
        counts: dict[str, list[int]] = {}
        for key in SECTIONS:
            for finding in self.report.section(key):
                if finding.unit is None and key != "updated":
                    continue
                lead = (split_units(finding.unit) or [UNASSIGNED])[0]  # forms go to lead units
                slot = counts.setdefault(lead, [0, 0, 0])
                slot[0 if key == "updated" else 1 if key == "not_returned" else 2] += 1
        return [UnitLine(unit, *c) for unit, c in counts.items()]


def _rename(report: MergeReport, names: dict[str, str]) -> MergeReport:
    """The report with stored file names replaced by the names the units sent."""
    def fix(text: str | None) -> str | None:
        return names.get(Path(text).name, text) if text else text

    renamed = MergeReport(files=[fix(f) or f for f in report.files], unchanged=report.unchanged)
    for key in SECTIONS:
        setattr(renamed, key, [dataclasses.replace(f, file=fix(f.file))
                               for f in report.section(key)])
    return renamed


def review(ledger_path: Path, returned: list[tuple[Path, str]]) -> Review:
    """Collect the returned forms (stored path, name as sent) into a copy of the ledger."""
    analysis = analyse(ledger_path)
    result = collect(analysis.ledger, [path for path, _ in returned], scale=analysis.scale)
    names = {path.name: sent for path, sent in returned}
    result = CollectResult(result.ledger, _rename(result.report, names))
    return Review(ledger_path, result, analysis.scale)


def accept(reviewed: Review, output: Path) -> list[Path]:
    """Write the merged ledger (.yaml or .xlsx) and its merge report beside it."""
    return save_result(reviewed.result, output, scale=reviewed.scale)
