"""Parsed stylesheets and their fonts, once per process; the fonts' temporary folder removed.

A worker lays out several documents or chunks with the same stylesheet; parsing it and loading
its ``@font-face`` fonts costs about 0.1–0.2 s each time. WeasyPrint writes those fonts into a
temporary folder of the font configuration (about 6 MB) and removes it when the configuration
is collected; a worker process ends with ``os._exit``, where nothing is collected, so the
process that made the configuration drops it at its end (multiprocessing's exit functions run
in a worker before ``os._exit``), and a process forked from it (a fork server's worker, which
shares the folder) leaves it to that one. ``warm`` parses the default profile's stylesheet in a
fork server, before its workers are forked.
"""
from __future__ import annotations

import atexit
import contextlib
import os
from typing import Any

_SHEETS: dict[str, Any] = {}  # parsed stylesheets of this process, by text; "": their fonts
_MADE_BY: list[int] = []  # the process that made the font configuration (a fork server's)
_INHERITED: list[Any] = []  # configurations made by the process this one was forked from
atexit.register(_SHEETS.clear)  # before WeasyPrint's modules are torn down at exit
NO_MORE = "/* no more rules */"  # the second stylesheet of a document that needs none


def stylesheets(css: str, extra: str, fetcher: Any) -> tuple[Any, list[Any]]:
    """The parsed stylesheets ``css`` and ``extra`` and their font configuration."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    if len(_SHEETS) > 32:  # a long-lived process (the web server) meeting many profiles
        if "" in _SHEETS and os.getpid() not in _MADE_BY:
            _INHERITED.append(_SHEETS[""])  # never collected here: its folder is shared
        _SHEETS.clear()
    if "" not in _SHEETS:
        _SHEETS[""] = FontConfiguration()
        _MADE_BY[:] = [os.getpid()]
        _drop_at_exit()
    font_config = _SHEETS[""]
    sheets = []
    for text in (css, extra):
        if text not in _SHEETS:
            _SHEETS[text] = weasyprint.CSS(string=text, font_config=font_config,
                                           url_fetcher=fetcher)
        sheets.append(_SHEETS[text])
    return font_config, sheets


def _drop_at_exit() -> None:
    """Have this process drop its stylesheets (and so the fonts' folder) when it ends."""
    from multiprocessing import util

    util.Finalize(None, _drop, args=(os.getpid(),), exitpriority=0)


def _drop(owner: int) -> None:
    if os.getpid() == owner:
        _SHEETS.clear()


def warm() -> None:
    """The default profile's stylesheet parsed (a fork server's, before it forks workers); no
    error raised (a missing font or library is reported by the job that meets it)."""
    from reportgen.model import DEFAULT_SCALE
    from reportgen.profile import load_profile
    from reportgen.writers.css import document_stylesheet
    from reportgen.writers.fetch import bundled_fetcher

    with contextlib.suppress(Exception):  # the job meets it again and says what it is
        stylesheets(document_stylesheet(load_profile(), DEFAULT_SCALE), NO_MORE,
                    bundled_fetcher())
