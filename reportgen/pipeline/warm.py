"""Imported by the fork servers of pipeline.parallel and pipeline.batch: WeasyPrint, once.

WeasyPrint is loaded the way the PDF writer loads it (Pango and HarfBuzz by soname, without
ctypes' library search); a machine without it is told so by the writer, not here. The modules
a worker needs to cut and write a PDF (pipeline.parallel, writers.paginate and writers.colophon) come with it.
"""
from __future__ import annotations

import contextlib

import reportgen.pipeline.parallel
import reportgen.writers.colophon
import reportgen.writers.paginate  # noqa: F401
from reportgen.errors import ReportgenError
from reportgen.writers.pdf import check_environment

with contextlib.suppress(ReportgenError):
    check_environment()
