"""The pipeline: the seed-002 package as one build, and its publishing PDF."""
from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from reportgen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]


def test_seed_002_package_builds_every_output(tmp_path: Path) -> None:
    result = build(ROOT / "examples" / "zhanhe-2022-08" / "config.yaml", tmp_path)
    assert sorted(p.name for p in result.outputs) == [
        "督查通报第8期.docx", "督查通报第8期.pdf", "督查通报第8期.xlsx", "督查通报第8期（公开版）.pdf"]
    # besides the outputs, only the record of what this config wrote (writers.staging)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".reportgen-manifest.json", *(p.name for p in result.outputs)])
    bulletin = PdfReader(tmp_path / "督查通报第8期.pdf")
    public = PdfReader(tmp_path / "督查通报第8期（公开版）.pdf")
    # the 公开版 drops the 责任人 column: the table is wider per row, so it takes fewer pages
    assert 0 < len(public.pages) <= len(bulletin.pages)
    assert public.metadata is not None and public.metadata.title == "督查通报第8期（公开版）"
    assert public.metadata.author == "中共湛河区委区政府督查局"
    assert "积极推进事项22件，占比39%" in "".join(
        (page.extract_text() or "") for page in public.pages[:2]).replace(" ", "").replace("\n", "")
