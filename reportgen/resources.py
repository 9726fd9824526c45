"""Locate built-in resources (templates, configs, profiles, fonts) and users' overrides of them.

Built-in files live in the top-level ``templates/`` and ``configs/`` folders of a source
checkout; a wheel carries them inside the package as ``reportgen/_data/``.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The built-in folder ``name`` (templates, configs, fonts), installed or in a checkout."""
    for candidate in (PACKAGE_DIR / "_data" / name, PACKAGE_DIR.parent / name, PACKAGE_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到内置资源目录 {name}（安装不完整？请重新安装 reportgen）")


def find(kind: str, filename: str, user_dirs: list[Path] | tuple[Path, ...] = ()) -> Path:
    """A resource file: the user's copy in one of ``user_dirs`` wins over the built-in one."""
    for folder in user_dirs:
        candidate = Path(folder) / Path(filename).name
        if candidate.is_file():
            return candidate
    candidate = data_dir(kind) / filename
    if candidate.is_file():
        return candidate
    raise FileNotFoundError(filename)


def available(kind: str, pattern: str, user_dirs: list[Path] | tuple[Path, ...] = ()) -> list[str]:
    """Names (stems) of the resources of one kind, built-in and user's, for error messages."""
    names = {p.stem for p in data_dir(kind).glob(pattern)}
    for folder in user_dirs:
        names.update(p.stem for p in Path(folder).glob(pattern))
    return sorted(names)
