"""A regular (non-editable) install finds the built-in templates, configs, profile and fonts."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import reportgen, reportgen.resources as r
from reportgen.profile import load_profile
print(reportgen.__file__)
print(r.data_dir("templates"))
print(sorted(p.name for p in r.data_dir("templates").glob("*.j2")))
print(load_profile().name)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    pytest.importorskip("hatchling", reason="hatchling (build backend) is not installed")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(dist), str(ROOT)], check=True)
    return next(dist.glob("reportgen-*.whl"))


def test_wheel_contains_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reportgen/_data/configs/profiles/gbt9704.yaml" in names
    assert "reportgen/_data/configs/default.yaml" in names
    assert "reportgen/_data/templates/bulletin.html.j2" in names
    assert any(n.startswith("reportgen/fonts/") and n.endswith(".otf") for n in names)
    # The period store's migrations travel with the package (run programmatically).
    assert "reportgen/store/migrations/env.py" in names
    assert "reportgen/store/migrations/script.py.mako" in names
    assert "reportgen/store/migrations/versions/0001_periods.py" in names
    assert "reportgen/store/migrations/versions/0002_notice_numbers.py" in names
    for web in ("templates/base.html.j2", "static/app.css", "static/app.js"):  # serve's assets
        assert f"reportgen/web/{web}" in names


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    module, templates, names, profile = done.stdout.splitlines()
    assert module.startswith(str(target))
    assert templates == str(target / "reportgen" / "_data" / "templates")
    assert "bulletin.html.j2" in names and "attachment.html.j2" in names
    assert profile == "gbt9704"


STORE_PROBE = """
import sqlite3, sys
from pathlib import Path
from reportgen.pipeline import history
from reportgen.store import engine
result = history.record(Path(sys.argv[1]), db="h.db")
print(engine.__file__)
print(result.period, result.unit_rows)
print(sqlite3.connect("h.db").execute("select version_num from alembic_version").fetchone()[0])
"""


def test_installed_wheel_creates_and_migrates_a_store(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    ledger = ROOT / "examples" / "zhanhe-2022-08" / "台账.yaml"
    done = subprocess.run([sys.executable, "-c", STORE_PROBE, str(ledger)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    module, recorded, revision = done.stdout.splitlines()
    assert module.startswith(str(target))
    assert recorded == "2022年8-10月 56"
    from reportgen.store.engine import head_revision

    assert revision == head_revision()  # every migration shipped and run
