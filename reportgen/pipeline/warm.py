"""Imported by the fork servers of pipeline.parallel and pipeline.batch: WeasyPrint, once.

WeasyPrint is loaded the way the PDF writer loads it (Pango and HarfBuzz by soname, without
ctypes' library search); a machine without it is told so by the writer, not here. The modules
a worker needs to cut and write a PDF (pipeline.parallel, writers.paginate and writers.colophon) come with it,
and the default profile's stylesheet is parsed, its fonts loaded (writers.sheets): a config that
names another profile has its own parsed by each worker.
"""
from __future__ import annotations

import contextlib
import gc

import reportgen.pipeline.parallel
import reportgen.writers.colophon
import reportgen.writers.paginate  # noqa: F401
from reportgen.errors import ReportgenError
from reportgen.writers.pdf import check_environment
from reportgen.writers.sheets import warm

with contextlib.suppress(ReportgenError):
    check_environment()
    warm()  # the default profile's stylesheet and fonts, shared by the workers forked from here
# What the workers inherit is kept out of their collections (pdf_parallel.start_worker). Not
# collected first: that walk (about 25 ms, for some 80 objects of the imports) is on the way to
# the first PDF, and what it would free is a few kilobytes.
gc.freeze()
