"""The PDF against GB/T 9704 (the shared checker) and as rendered pixels (pdftoppm → PNG)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_samples import attachment_document, big_ledger, bulletin_document
from PIL import Image
from samples import make_small_ledger

from reportgen.model import Ledger
from reportgen.writers import pdf

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / ".." / "shared" / "tools" / "gbt9704_check.py"
PNG_DIR = ROOT / "test-output" / "pdf"  # git-ignored: look at these pages after a run


@pytest.fixture(scope="module")
def package_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The bulletin followed by its ledger attachment, and the bulletin's page count."""
    ledger: Ledger = big_ledger(make_small_ledger(), 6)
    folder = tmp_path_factory.mktemp("layout")
    bulletin = folder / "bulletin.pdf"
    pdf.write(bulletin_document(ledger), bulletin)
    path = folder / "package.pdf"
    pdf.write_combined([bulletin_document(ledger), attachment_document(ledger)], path,
                       "督查通报第8期", "督查局")
    from pypdf import PdfReader

    return path, len(PdfReader(bulletin).pages)


@pytest.mark.skipif(not CHECKER.is_file(), reason=f"GB/T 9704 检查工具不在 {CHECKER}（../shared 缺失）")
def test_gbt9704_checker_passes(tmp_path: Path, ledger_free_bulletin: Path) -> None:
    result = subprocess.run([sys.executable, str(CHECKER), str(ledger_free_bulletin), "--json"],
                            capture_output=True, text=True, check=False)
    checks = json.loads(result.stdout)
    failed = [c for c in checks if not c["ok"]]
    assert not failed, failed
    names = {c["check"] for c in checks}
    assert {"22 lines a page", "28 characters a line", "page number position",
            "body font", "level-1 heading font"} <= names
    assert result.returncode == 0


@pytest.fixture
def ledger_free_bulletin(tmp_path: Path, small_ledger: Ledger) -> Path:
    path = tmp_path / "督查通报.pdf"
    pdf.write(bulletin_document(small_ledger), path)
    return path


def red_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Share of clearly red pixels in a box given as fractions of the image size."""
    w, h = image.size
    crop = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    data = crop.convert("RGB").tobytes()
    pixels = [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
    red = sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)
    return red / max(len(pixels), 1)


def ink_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    w, h = image.size
    crop = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    pixels = crop.convert("L").tobytes()
    return sum(1 for p in pixels if p < 200) / max(len(pixels), 1)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm（poppler-utils）未安装")
def test_rendered_pages_look_right(package_pdf: tuple[Path, int]) -> None:
    path, bulletin_pages = package_pdf
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for old in PNG_DIR.glob("package-*.png"):
        old.unlink()
    last = bulletin_pages + 2
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-l", str(last), str(path),
                    str(PNG_DIR / "package")], check=True)
    pages = sorted(PNG_DIR.glob("package-*.png"))
    assert len(pages) == last
    first = Image.open(pages[0])
    # The red 版头 and rule in the top third of page 1, nothing red in the body below.
    assert red_share(first, (0.1, 0.1, 0.9, 0.3)) > 0.01
    assert red_share(first, (0.1, 0.45, 0.9, 0.85)) < 0.001
    # Page numbers in the bottom margin: page 1 at the right, page 2 at the left.
    assert ink_share(first, (0.6, 0.89, 0.88, 0.95)) > 0.001
    assert ink_share(first, (0.12, 0.89, 0.4, 0.95)) == 0
    second = Image.open(pages[1])
    assert ink_share(second, (0.12, 0.89, 0.4, 0.95)) > 0.001
    assert ink_share(second, (0.6, 0.89, 0.88, 0.95)) == 0
    # The attachment pages are landscape.
    table = Image.open(pages[bulletin_pages])
    assert table.size[0] > table.size[1]
