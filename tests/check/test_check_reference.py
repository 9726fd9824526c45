"""Our measurements agree with the reference checker the project was measured with
(../shared/tools/gbt9704_check.py), verdict by verdict, on every example PDF."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from check_support import ROOT

from reportgen.check import DocumentReport

REFERENCE = ROOT.parent / "shared" / "tools" / "gbt9704_check.py"
# reference check -> our rule
SAME = {"page size": "page_paper", "left edge 28 mm": "page_margins",
        "right edge 26 mm": "page_margins", "top margin 37 mm": "page_margins",
        "28 characters a line": "page_chars", "22 lines a page": "page_lines",
        "bottom of type area": "page_type_area", "page numbers present": "page_numbers",
        "page number position": "page_number_position", "body font": "page_fonts",
        "level-1 heading font": "page_fonts"}


@pytest.mark.skipif(not REFERENCE.is_file(),
                    reason=f"reference checker {REFERENCE} not present (../shared is not shipped)")
def test_verdicts_agree_with_the_reference(example_reports: dict[Path, DocumentReport]) -> None:
    compared = 0
    for path, report in example_reports.items():
        if path.suffix != ".pdf":
            continue
        run = subprocess.run([sys.executable, str(REFERENCE), str(path), "--json"],
                             capture_output=True, text=True, timeout=300, check=False)
        reference = json.loads(run.stdout)
        if any(r["check"] == "body text" for r in reference):
            continue  # no portrait body page: the reference stops, we say "not applicable"
        ours = {r.rule: r.status for r in report.results}
        landscape = "横排页" in next(r.measured for r in report.results
                                    if r.rule == "page_type_area")
        for entry in reference:
            rule = SAME.get(entry["check"])
            if rule is None or entry["check"] == "page numbers present" and landscape:
                continue  # the reference reads no turned numbers on landscape pages; we do
            want = "pass" if entry["ok"] else "fail"
            assert ours[rule] == want, (path.name, entry, ours[rule])
            compared += 1
    assert compared >= 15
