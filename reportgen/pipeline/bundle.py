"""Bundles of outputs: several files in one zip archive (a build's outputs, a unit's forms)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.errors import OutputError
from reportgen.writers.atomic import atomic_path


def zip_files(files: list[Path], archive: Path, base: Path | None = None) -> Path:
    """Write ``files`` (in order, each once) into the zip ``archive``: by their base names, or
    by their paths under ``base`` (a folder of outputs keeps its folder) when they lie in it."""
    seen: set[str] = set()
    root = base.resolve() if base is not None else None
    try:
        with atomic_path(archive) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                resolved = path.resolve()
                name = (resolved.relative_to(root).as_posix()
                        if root is not None and resolved.is_relative_to(root) else path.name)
                if name in seen:
                    continue
                seen.add(name)
                zf.write(path, arcname=name)
    except OSError as exc:
        raise OutputError(f"无法写入压缩包 {archive}：{exc}") from None
    return archive


def split_to_zip(ledger_path: Path, work: Path, archive: Path) -> tuple[list[Path], Path]:
    """Split a ledger's fill-in forms into ``work`` and pack them (with the list) into ``archive``."""
    from reportgen.forms.split import MANIFEST
    from reportgen.pipeline.workdir import split_forms

    forms = split_forms(ledger_path, work)
    return forms, zip_files([*forms, work / MANIFEST], archive)
