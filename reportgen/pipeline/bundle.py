"""Bundles of outputs: several files in one zip archive (a build's outputs, a unit's forms)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.errors import OutputError
from reportgen.writers.atomic import atomic_path


def zip_files(files: list[Path], archive: Path) -> Path:
    """Write ``files`` (by their base names, in order, each once) into the zip ``archive``."""
    seen: set[str] = set()
    try:
        with atomic_path(archive) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                if path.name in seen:
                    continue
                seen.add(path.name)
                zf.write(path, arcname=path.name)
    except OSError as exc:
        raise OutputError(f"无法写入压缩包 {archive}：{exc}") from None
    return archive


def split_to_zip(ledger_path: Path, work: Path, archive: Path) -> tuple[list[Path], Path]:
    """Split a ledger's fill-in forms into ``work`` and pack them (with the list) into ``archive``."""
    from reportgen.forms.split import MANIFEST
    from reportgen.pipeline.core import split_forms

    forms = split_forms(ledger_path, work)
    return forms, zip_files([*forms, work / MANIFEST], archive)
