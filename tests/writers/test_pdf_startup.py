"""Loading WeasyPrint for the first PDF runs no library search (gcc, ld, ldconfig processes)."""
from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import subprocess
started = []
original = subprocess.Popen.__init__

def counting(self, args, *rest, **options):
    started.append(args)
    original(self, args, *rest, **options)

subprocess.Popen.__init__ = counting
from reportgen.writers.pdf import _weasyprint
_weasyprint()
from weasyprint.text import ffi
import ctypes.util
print(len(started), ffi.pango is not None, ffi.harfbuzz_subset is not None,
      ctypes.util.find_library.__module__)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the soname shortcut is for Linux only")
def test_weasyprint_loads_without_starting_processes() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True)
    count, pango, subset, restored = done.stdout.split()
    assert count == "0"  # cffi did not fall back to ctypes.util.find_library's gcc/ldconfig
    assert pango == "True" and subset == "True"  # the libraries did load (by soname)
    assert restored == "ctypes.util"  # the search is back for everyone else
