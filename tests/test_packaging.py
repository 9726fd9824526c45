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
