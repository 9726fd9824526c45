"""Layouts kept from the pagination pass for the PDF writer, so a PDF costs one layout."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.document import Document

KEEP = 2  # layouts kept at most (a build's PDFs take theirs in turn)


@dataclass
class Kept:
    """A WeasyPrint layout of an HTML document, and what it was laid out with."""

    rendered: Any
    finish: Callable[[], Any | None] | None  # makes it the document's layout (None: as it is)
    profile: Any  # the style profile and status scale the stylesheet came from: the same HTML
    scale: Any  # laid out with another (a web build beside this one) is not the same layout


_KEPT: dict[str, Kept] = {}
_LOCK = threading.Lock()  # web builds run side by side in threads


def remember(document: Document, html: str, rendered: Any,
             finish: Callable[[], Any | None] | None = None) -> None:
    """Keep ``rendered`` as the layout of ``html`` in ``document``'s style (``KEEP`` at most,
    the oldest dropped); ``finish`` makes it that layout when it is taken."""
    with _LOCK:
        _KEPT.pop(html, None)
        while len(_KEPT) >= KEEP:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[html] = Kept(rendered, finish, document.profile, document.scale)


def withdraw(document: Document, html: str) -> Kept | None:
    """The layout kept for ``html`` in ``document``'s style, no longer kept; None if none."""
    with _LOCK:
        kept = _KEPT.pop(html, None)
    if kept is None or kept.profile != document.profile or kept.scale != document.scale:
        return None
    return kept


def take(document: Document, html: str) -> Any | None:
    """The layout of ``html`` in ``document``'s style, finished (no longer kept), or None."""
    kept = withdraw(document, html)
    if kept is None:
        return None
    return kept.finish() if kept.finish is not None else kept.rendered


def forget() -> None:
    """Drop every layout kept (a build that wrote no PDF of them)."""
    with _LOCK:
        _KEPT.clear()
