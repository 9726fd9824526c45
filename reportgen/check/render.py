"""Lay a .docx out with LibreOffice (headless) into a PDF, to measure its rendered pages.

LibreOffice runs with a user profile of its own for this process (so a running office or a
parallel check does not interfere), a time limit, and only on a document that links nothing outside itself.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 180


def soffice() -> str | None:
    """The LibreOffice program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.lru_cache(maxsize=1)
def _profile_dir() -> Path:
    """A LibreOffice user profile of this process (creating one costs seconds), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="reportgen-lo-profile-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def render_docx(path: Path, workdir: Path) -> tuple[Path | None, str | None]:
    """(the PDF, None) or (None, why it could not be rendered, in Chinese)."""
    program = soffice()
    if program is None:
        return None, "本机没有 LibreOffice，只做了结构检查（未排版实测）"
    source = workdir / "input.docx"  # a plain ASCII name: LibreOffice names its output after it
    shutil.copyfile(path, source)
    profile = _profile_dir()
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(workdir), str(source)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return None, f"无法运行 LibreOffice：{exc}"
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: LibreOffice and its children
        process.wait()
        return None, f"LibreOffice 排版超过 {TIMEOUT_S} 秒，已放弃排版实测"
    pdf = workdir / "input.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        return None, "LibreOffice 未能排版此文档，只做了结构检查"
    return pdf, None
