"""Preview: a config's documents as the HTML the PDF pass renders, for showing in a browser.

The HTML and its stylesheet are exactly those of the PDF and HTML writers; a preview only adds
screen rules (each section drawn as a sheet of paper) and points the bundled fonts at a URL the
browser can fetch instead of ``file://``.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.pipeline.core import prepare
from reportgen.writers.css import document_stylesheet
from reportgen.writers.fonts import BUNDLED, FONTS_DIR
from reportgen.writers.html import with_style

# Screen only: paper sheets on grey; print and PDF rules are untouched.
SCREEN_CSS = """
@media screen {
  html { background: #e8e8e8; }
  body { padding: 12px 0; }
  section { box-sizing: border-box; background: #fff; margin: 0 auto 16px;
            width: 210mm; padding: 37mm 26mm 35mm 28mm; box-shadow: 0 1px 4px #999; }
  section.landscape { width: 297mm; padding: 28mm 37mm 26mm 35mm; }
}
"""


@dataclass(frozen=True)
class Preview:
    """One document of a config: its output file stem, title, kind and full HTML page."""

    name: str
    title: str
    kind: str
    html: str


def bundled_fonts() -> dict[str, Path]:
    """The font files reportgen ships, by file name (the only fonts a preview may load)."""
    files = {file for faces in BUNDLED.values() for file, _ in faces}
    return {name: FONTS_DIR / name for name in sorted(files) if (FONTS_DIR / name).is_file()}


def preview(target: Path, font_url: str = "") -> list[Preview]:
    """Render every document of a config (or of a bare ledger's default config) to HTML.

    ``font_url``: the URL prefix under which ``bundled_fonts()`` are served; empty keeps the
    ``file://`` URLs of the HTML writer.
    """
    with tempfile.TemporaryDirectory(prefix="reportgen-preview-") as scratch:
        # The build's own rendering (comparison, lights and all), with nothing written.
        documents = prepare(target, Path(scratch)).documents
    previews = []
    for document in documents:
        css = document_stylesheet(document.profile, document.scale)
        if font_url:
            css = css.replace(FONTS_DIR.as_uri(), font_url.rstrip("/"))
        previews.append(Preview(document.name, document.title, document.kind,
                                with_style(document.html, css + SCREEN_CSS)))
    return previews
