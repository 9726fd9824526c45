"""The check room: is each given Word or PDF document laid out as the style profile says?"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportgen.check import DocumentReport, check_docx, check_pdf
from reportgen.check.rules import STATUS_LABELS
from reportgen.profile import load_profile

__all__ = ["STATUS_LABELS", "DocumentReport", "check", "exit_status", "expand"]

CHECKERS = {".docx": "docx", ".docm": "docx", ".pdf": "pdf"}


def check(paths: list[Path], profile_name: str = "gbt9704", render: bool = True,
          progress: Callable[[Path], None] | None = None) -> list[DocumentReport]:
    """One report per file, in order; a file that cannot be read gets a report with ``error``.

    The profile is found as builds find it: a ``profiles/NAME.yaml`` in the working folder
    overrides the built-in one; a path to a .yaml file names one directly.
    """
    profile = load_profile(profile_name, (Path.cwd(),))
    reports = []
    for path in expand(paths):
        if progress:
            progress(path)
        kind = CHECKERS.get(path.suffix.lower())
        if kind == "docx":
            reports.append(check_docx(path, profile, render))
        elif kind == "pdf":
            reports.append(check_pdf(path, profile))
        else:
            known = "、".join(CHECKERS)
            report = DocumentReport(str(path), path.suffix.lower().lstrip(".") or "?")
            hint = "（.doc/.wps 请先在 Word/WPS 中另存为 .docx）" if path.suffix.lower() in (
                ".doc", ".wps") else ""
            report.error = (f"{path}：文件夹中没有可检查的文件（{known}）" if path.is_dir() else
                            f"{path}：不能检查这种文件（可检查 {known}）{hint}")
            reports.append(report)
    return reports


def expand(paths: list[Path]) -> list[Path]:
    """The files to check: a folder stands for the .docx and .pdf files directly in it."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in CHECKERS and p.is_file()
                           and not p.name.startswith(("~$", ".")))
            out.extend(found or [path])
        else:
            out.append(path)
    return out


def exit_status(reports: list[DocumentReport]) -> int:
    """0 when every rule holds, 1 when one fails, 2 when a file could not be read."""
    if any(r.error for r in reports):
        return 2
    return 1 if any(r.failed for r in reports) else 0
