"""What a build writes: the file names a config plans, the output formats asked for, and the
inputs no output may overwrite; each checked before anything is rendered."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import ConfigError, OutputError, Problem

if TYPE_CHECKING:
    from reportgen.config import ReportConfig
    from reportgen.model import Ledger


def _same_file(first: Path, second: Path) -> bool:
    try:
        if first.exists() and second.exists():
            return first.samefile(second)
        return first.resolve() == second.resolve()
    except OSError:
        return False


def inputs_of(target: Path, config: ReportConfig) -> list[Path]:
    """Every file a build reads: the config, its ledger and the earlier periods' ledgers."""
    paths: list[Path | None] = [target, config.ledger]
    if config.compare is not None:
        spec = config.compare
        paths += [spec.previous, *spec.history, spec.earlier, spec.matches]
    return [target] + [config.resolve(p) for p in paths[1:] if p is not None]


def refuse_overwriting_inputs(outputs: list[Path], inputs: list[Path],
                              hint: str = "请换一个输出文件名；确要覆盖时加 --force") -> None:
    """An output that is one of the run's inputs (ledger, config, returned form) is refused."""
    for output in outputs:
        for source in inputs:
            if _same_file(output, source):
                raise OutputError(
                    f"输出文件 {output} 就是输入文件 {source}：写出会覆盖输入，未做任何改动。{hint}")


def plan_outputs(config: ReportConfig, ledger: Ledger, source: str) -> list[str]:
    """The file names a config writes, checked before anything is rendered; a bad name, a kind
    or format no one knows, or two outputs on one file (letter case aside) is a ConfigError."""
    from reportgen.config import file_stem_problem
    from reportgen.templating.render import document_name
    from reportgen.writers import suffix

    seen: dict[str, str] = {}
    names: list[str] = []

    def claim(name: str, key: str) -> None:
        other = seen.setdefault(name.casefold(), key)
        if other != key:
            raise ConfigError(f"配置文件 {source}：{other} 与 {key} 都会写到同一个文件“{name}”，"
                              "请给其中一个换个文件名（file）",
                              [Problem("两个输出写到同一个文件", source, None, key)])
        names.append(name)

    for index, spec in enumerate(config.documents):
        key = f"documents[{index}].file"
        try:  # the kind's parameters, the formats: named with the config and the document
            stem = document_name(spec, ledger, config)
            files = [f"{stem}{suffix(fmt)}" for fmt in dict.fromkeys(spec.formats)]
        except ConfigError as exc:
            raise ConfigError(f"配置文件 {source} 的 documents[{index}]：{exc.message}",
                              exc.problems) from None
        problem = file_stem_problem(stem)
        if problem:
            raise ConfigError(f"配置文件 {source}：{key} 的输出文件名“{stem}”无效：{problem}",
                              [Problem(problem, source, None, key)])
        for name in files:
            claim(name, key)
    if config.publish is not None:
        claim(f"{config.publish.file}.pdf", "publish.file")
    return names


def check_formats(formats: list[str]) -> None:
    """Refuse an output format name no writer has (``-f PDF``, ``-f doc``) before any work."""
    from reportgen.writers import WRITERS

    unknown = [fmt for fmt in formats if fmt not in WRITERS]
    if unknown:
        hints = [f"“{fmt}”应写作小写 {fmt.lower()}" for fmt in unknown if fmt.lower() in WRITERS]
        hint = f"（{'；'.join(hints)}）" if hints else ""
        raise ConfigError(f"不支持的输出格式“{'、'.join(unknown)}”{hint}；可用的格式："
                          + "、".join(WRITERS))
