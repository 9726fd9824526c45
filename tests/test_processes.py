"""The one worker-process context: forkserver (else spawn), preloads joined across callers."""
from __future__ import annotations

import multiprocessing

from reportgen.processes import worker_context


def test_preloads_of_every_caller_are_joined_not_replaced() -> None:
    first = worker_context(["reportgen.errors"])
    second = worker_context(["reportgen.numerals", "reportgen.errors"])
    assert first is second  # one context, one fork server for the program
    if "forkserver" not in multiprocessing.get_all_start_methods():
        assert first.get_start_method() == "spawn"
        return
    assert first.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    preload = forkserver._forkserver._preload_modules  # type: ignore[attr-defined]
    assert preload.count("reportgen.errors") == 1 and "reportgen.numerals" in preload
