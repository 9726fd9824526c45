"""Worker processes: the one start method every pool of reportgen uses (forkserver, else spawn)."""
from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

_preload: list[str] = []


def worker_context(preload: list[str]) -> BaseContext:
    """The context for a process pool; never fork (a progress or web thread may hold a lock).

    A program has one fork server, and its preload list is read when it starts: every caller's
    modules are added to one list, so a batch build and the PDF pass inside it do not replace
    each other's preloads (whichever asked last would otherwise win).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    _preload.extend(name for name in preload if name not in _preload)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_preload))
    return context
