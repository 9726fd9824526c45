"""Python's cycle collector paused around work that makes many small objects and no cycles."""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block, and leave it as the caller had it.

    Each collection walks the whole heap (a loaded ledger's models above all) again; a 5,000-row
    Word table or a comparison of a dozen ledgers pays 50 ms to 40% of its time for none found.
    Only for code of ours: templates from other people could make cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
