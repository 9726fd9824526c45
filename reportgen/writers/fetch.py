"""The PDF pass's URL fetcher: it serves reportgen's own bundled files and refuses the rest.

WeasyPrint fetches every URL a document or stylesheet names (images, stylesheets, fonts,
``<link rel="attachment">`` files) with urllib: ``file://`` reads any local file and ``http(s)://``
reaches the network. The documents reportgen renders reference nothing but the fonts it ships
(``@font-face`` in the generated CSS), so this fetcher serves ``file://`` URLs inside those
folders and refuses everything else: other files, http(s), ftp and ``data:`` URLs alike.
A refusal stops the rendering; the PDF writer turns it into a TemplateError naming the URL.
"""
from __future__ import annotations

import mimetypes
import urllib.parse
import urllib.request
from functools import cache
from pathlib import Path
from typing import Any

from reportgen.resources import PACKAGE_DIR

# Folders whose files the PDF pass may read: the fonts reportgen ships.
BUNDLED_ROOTS: tuple[Path, ...] = (PACKAGE_DIR / "fonts",)


def allowed_path(url: str, roots: tuple[Path, ...] = BUNDLED_ROOTS) -> Path | None:
    """The local file ``url`` names if it is a bundled file under one of ``roots``, else None."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(urllib.request.url2pathname(parts.path)).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    for root in roots:
        if path.is_relative_to(root.resolve()) and path.is_file():
            return path
    return None


@cache
def _classes() -> tuple[type[Any], type[Any]]:
    """The fetcher class and its refusal, built on WeasyPrint's only once it is imported."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):  # type: ignore[misc]
        """A URL outside reportgen's bundled files; stops the rendering."""

    class BundledFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files under ``roots``; records and refuses every other URL."""

        def __init__(self, roots: tuple[Path, ...] = BUNDLED_ROOTS) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.roots = roots
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_path(url, self.roots)
            if path is None:
                self.refused.append(url)
                raise Refused(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                      {"Content-Type": kind})

    return BundledFetcher, Refused


def bundled_fetcher(roots: tuple[Path, ...] = BUNDLED_ROOTS) -> Any:
    """A new fetcher for one rendering (its ``refused`` list says what was refused)."""
    return _classes()[0](roots)


def refusal_type() -> type[BaseException]:
    """The exception a refused URL raises through WeasyPrint (a FatalURLFetchingError)."""
    refused: type[BaseException] = _classes()[1]
    return refused


def short_url(url: str, limit: int = 120) -> str:
    """A URL as it may appear in an error message (``data:`` URLs can be megabytes long)."""
    return url if len(url) <= limit else url[:limit] + "……"
