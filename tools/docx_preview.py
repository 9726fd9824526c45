#!/usr/bin/env python3
"""Convert .docx files to PDF with LibreOffice and to PNG pages with pdftoppm, for looking at them.

Usage:  python tools/docx_preview.py FILE.docx [...] [--out DIR] [--dpi 60] [--check]

A checking aid, not part of the product. The official fonts (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体, 宋体) are rarely installed on a build machine, so a private fontconfig file maps
them to the bundled Fandol fonts (as a reader's WPS would show them in the official ones).
With --check it runs ../shared/tools/gbt9704_check.py on each PDF.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "reportgen" / "fonts"
CHECK = ROOT.parent / "shared" / "tools" / "gbt9704_check.py"
ALIASES = {
    "仿宋_GB2312": "FandolFang", "仿宋": "FandolFang", "FangSong": "FandolFang",
    "楷体_GB2312": "FandolKai", "楷体": "FandolKai", "KaiTi": "FandolKai",
    "黑体": "FandolHei", "SimHei": "FandolHei",
    "方正小标宋简体": "FandolSong", "宋体": "FandolSong", "SimSun": "FandolSong",
}


def fontconfig(folder: Path) -> Path:
    """A fonts.conf that adds the bundled fonts and maps the official names onto them."""
    aliases = "\n".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{target}</string></edit>'
        "</match>" for name, target in ALIASES.items())
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{folder / 'cache'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8")
    return conf


def convert(docx: Path, out: Path, dpi: int, work: Path) -> Path:
    """The PDF of ``docx`` in ``out``, and its pages as PNG beside it."""
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(work)),
           "HOME": str(work)}  # a private LibreOffice profile, so a running instance is not hit
    if not docx.is_file():
        raise SystemExit(f"找不到文件 {docx}")
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                           str(docx)], env=env, capture_output=True, text=True, timeout=300)
    pdf = out / (docx.stem + ".pdf")
    if done.returncode or not pdf.is_file():
        raise SystemExit(f"LibreOffice 未能转换 {docx}：{done.stderr or done.stdout}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / docx.stem)],
                   check=True, timeout=300)
    return pdf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("preview"))
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print("需要 LibreOffice（soffice）和 poppler-utils（pdftoppm）", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    with tempfile.TemporaryDirectory() as work:
        for docx in args.files:
            pdf = convert(docx, args.out, args.dpi, Path(work))
            print(pdf)
            if args.check:
                status |= subprocess.run([sys.executable, str(CHECK), str(pdf)]).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
