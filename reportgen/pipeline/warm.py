"""Imported by the fork servers of pipeline.parallel and pipeline.batch: WeasyPrint, once.

WeasyPrint is loaded the way the PDF writer loads it (Pango and HarfBuzz by soname, without
ctypes' library search); a machine without it is told so by the writer, not here.
"""
from __future__ import annotations

import contextlib

from reportgen.errors import ReportgenError
from reportgen.writers.pdf import check_environment

with contextlib.suppress(ReportgenError):
    check_environment()
