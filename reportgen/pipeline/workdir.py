"""Chores around a build: a new work folder, fill-in forms split and collected, the fonts report."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import DataError, OutputError, Problem, listed
from reportgen.pipeline.core import analyse, is_config
from reportgen.pipeline.outputs import refuse_overwriting_inputs
from reportgen.resources import data_dir

if TYPE_CHECKING:
    from reportgen.writers.fonts import FontChoice


def init_workdir(directory: Path) -> None:
    """Copy the sample config and ledger into ``directory``; never overwrite a file."""
    source = data_dir("configs") / "init"
    existing = [p.name for p in source.iterdir() if (directory / p.name).exists()]
    if existing:
        raise OutputError(f"{directory} 中已有同名文件：{'、'.join(existing)}，未做任何改动。")
    directory.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        shutil.copy2(path, directory / path.name)


def split_forms(ledger_path: Path, out_dir: Path) -> list[Path]:
    """One fill-in workbook per lead unit (see reportgen.forms.split)."""
    from reportgen.forms.split import split

    _refuse_config(ledger_path, "拆分填报表")
    analysis = analyse(ledger_path)
    return split(analysis.ledger, out_dir, scale=analysis.scale)


def _refuse_config(path: Path, what: str) -> None:
    """Forms are split from and collected into a ledger file; a config names the one to give."""
    if is_config(path):
        from reportgen.config import load_config

        config = load_config(path)
        raise DataError(f"{path} 是报告配置，不是台账；{what}请给台账文件 "
                        f"{config.resolve(config.ledger)}")


def leftover_files(out_dir: Path, written: list[Path]) -> list[Problem]:
    """A warning naming the files of the folder ``split`` wrote into that it did not write
    (last month's forms): they would go out with this month's if the folder is sent as it is."""
    from reportgen.forms.split import MANIFEST

    ours = {path.name for path in written} | {MANIFEST}
    others = sorted(p.name for p in out_dir.iterdir()
                    if p.name not in ours and not p.name.startswith("."))
    if not others:
        return []
    return [Problem(f"{out_dir} 中还有 {len(others)} 个文件不是本次生成的：{listed(others)}。"
                    "发送前请移走，以免把旧表发给单位（本次的表见其中的发送清单）", warning=True)]


def collect_forms(ledger_path: Path, returned: list[Path], output: Path,
                  force: bool = False) -> tuple[str, list[Path]]:
    """Merge returned forms into the ledger; the report's summary line and the files written.

    Writing the new ledger or its report over one of the inputs is refused unless ``force``.
    """
    from reportgen.forms.collect import collect, report_path, save_result

    _refuse_config(ledger_path, "收集填报表")
    if not force:
        refuse_overwriting_inputs([output, report_path(output)], [ledger_path, *returned])
    analysis = analyse(ledger_path)
    result = collect(analysis.ledger, returned, scale=analysis.scale)
    return result.report.summary(), save_result(result, output, scale=analysis.scale)


def fonts(profile_name: str) -> tuple[list[FontChoice], list[str]]:
    """Which font stands in for each Word font in PDFs, and the warnings about substitutes."""
    from reportgen.profile import load_profile
    from reportgen.writers.fonts import font_report, font_warnings

    choices = font_report(load_profile(profile_name))
    return choices, font_warnings(choices)
