"""Writers by output format: a registry from format name to the module that writes it.

Each writer module exposes ``write(document, path)``; modules are imported only when used, so a
machine without WeasyPrint's system libraries can still write Word and Excel.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from reportgen.document import Document
from reportgen.errors import ConfigError

Writer = Callable[[Document, Path], None]

# format name -> (module, file suffix)
WRITERS: dict[str, tuple[str, str]] = {
    "docx": ("reportgen.writers.docx", ".docx"),
    "pdf": ("reportgen.writers.pdf", ".pdf"),
    "html": ("reportgen.writers.html", ".html"),
    "xlsx": ("reportgen.writers.xlsx", ".xlsx"),
}


def suffix(fmt: str) -> str:
    return _entry(fmt)[1]


def get_writer(fmt: str) -> Writer:
    module = importlib.import_module(_entry(fmt)[0])
    writer: Writer = module.write
    return writer


def _entry(fmt: str) -> tuple[str, str]:
    try:
        return WRITERS[fmt]
    except KeyError:
        known = "、".join(WRITERS)
        raise ConfigError(f"不支持的输出格式“{fmt}”，可用的格式：{known}") from None
