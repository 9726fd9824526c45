"""Pages whose pipeline room may not be installed yet: found by import, else a Chinese notice."""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


def pipeline_room(name: str) -> ModuleType | None:
    """``reportgen.pipeline.<name>`` if this installation has it, else None."""
    full = f"reportgen.pipeline.{name}"
    try:
        if importlib.util.find_spec(full) is None:
            return None
        return importlib.import_module(full)
    except ImportError:
        return None
