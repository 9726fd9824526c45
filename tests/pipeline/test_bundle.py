"""Bundles of outputs: a zip by base names, or keeping folders under a base."""
from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.pipeline import bundle


def test_files_are_zipped_by_name_or_under_their_base(tmp_path: Path) -> None:
    out = tmp_path / "输出"
    (out / "督办通知单").mkdir(parents=True)
    files = [out / "督办通知单" / "1号_区甲局.docx", out / "清单.xlsx", tmp_path / "外面.txt"]
    for number, path in enumerate(files):
        path.write_bytes(b"x" * number)
    flat = bundle.zip_files(files, tmp_path / "flat.zip")
    with zipfile.ZipFile(flat) as zf:
        assert zf.namelist() == ["1号_区甲局.docx", "清单.xlsx", "外面.txt"]
    kept = bundle.zip_files([*files, files[0]], tmp_path / "kept.zip", base=out)
    with zipfile.ZipFile(kept) as zf:
        assert zf.namelist() == ["督办通知单/1号_区甲局.docx", "清单.xlsx", "外面.txt"]
        assert zf.read("清单.xlsx") == b"x"
