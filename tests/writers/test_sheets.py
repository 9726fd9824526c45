"""Worker processes leave no temporary font folder behind (writers/sheets.py).

WeasyPrint writes a font configuration's ``@font-face`` fonts into a temporary folder and
removes it when the configuration is collected; worker processes end with ``os._exit``. Each
case runs in a fresh interpreter whose temporary folder is the test's own.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = EXAMPLES / "zhanhe-2022-08" / "config.yaml"

_POOL = """
from concurrent.futures import ProcessPoolExecutor
from reportgen.processes import worker_context


def parse(_: int) -> str:
    from reportgen.model import DEFAULT_SCALE
    from reportgen.profile import load_profile
    from reportgen.writers.css import document_stylesheet
    from reportgen.writers.fetch import bundled_fetcher
    from reportgen.writers.sheets import NO_MORE, stylesheets

    fonts, _ = stylesheets(document_stylesheet(load_profile(), DEFAULT_SCALE), NO_MORE,
                           bundled_fetcher())
    return str(fonts._folder)


if __name__ == "__main__":
    context = worker_context([{preload!r}])
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        print(len(set(pool.map(parse, range(4)))))
"""


def _environment(tmp: Path) -> dict[str, str]:
    tmp.mkdir()
    return {**os.environ, "TMPDIR": str(tmp)}


def _folders_left(tmp: Path) -> list[str]:
    """The font folders in ``tmp`` once every process of the run has ended (a fork server
    ends a moment after the program that started it)."""
    deadline = time.monotonic() + 30
    while True:
        left = sorted(p.name for p in tmp.glob("weasyprint-*"))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_a_parallel_build_leaves_no_font_folder(tmp_path: Path) -> None:
    """The seed build's two PDF workers share the fork server's fonts (parsed before it forked
    them), which it removes when it ends."""
    tmp = tmp_path / "tmp"
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(SEED), "-o",
                           str(tmp_path / "out"), "-j", "2"], env=_environment(tmp),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2
    assert _folders_left(tmp) == []


def _pool_font_folders(tmp_path: Path, tmp: Path, preload: str) -> int:
    """Run a pool of workers whose fork server preloads ``preload``, with ``tmp`` as the
    temporary folder; the number of font folders its workers used, as the script prints it."""
    script = tmp_path / "pool.py"
    script.write_text(_POOL.format(preload=preload), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], env=_environment(tmp),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def test_workers_that_load_their_own_fonts_remove_them(tmp_path: Path) -> None:
    """Workers of a fork server that parsed no stylesheet (pdf_parallel's) each make their
    own font configuration: each removes its folder at its end."""
    tmp = tmp_path / "tmp"
    folders = _pool_font_folders(tmp_path, tmp, "reportgen.writers.pdf_parallel")
    assert folders >= 1  # a folder of each worker's own
    assert _folders_left(tmp) == []


def test_workers_of_a_warm_fork_server_share_its_fonts(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    # the fork server's folder, in every worker
    assert _pool_font_folders(tmp_path, tmp, "reportgen.pipeline.warm") == 1
    assert _folders_left(tmp) == []
