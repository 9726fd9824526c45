"""The fontconfig alias for LibreOffice/WPS on Linux, and what ``reportgen fonts`` reports."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reportgen.writers import fonts

ALIAS = fonts.FONTS_DIR / "64-reportgen-gongwen.conf"
INSTALLED = [Path("/etc/fonts/conf.d") / ALIAS.name,
             Path.home() / ".config" / "fontconfig" / "conf.d" / ALIAS.name]
EXPECTED = {
    "仿宋_GB2312": "FandolFang", "仿宋": "FandolFang", "FangSong": "FandolFang",
    "黑体": "FandolHei", "SimHei": "FandolHei",
    "楷体_GB2312": "FandolKai", "楷体": "FandolKai", "KaiTi": "FandolKai",
    "方正小标宋简体": "FandolSong", "宋体": "FandolSong", "SimSun": "FandolSong",
}


def alias_table() -> dict[str, list[str]]:
    """Each family the alias file matches, with the families it prepends."""
    root = ET.parse(ALIAS).getroot()
    table = {}
    for match in root.findall("match[@target='pattern']"):
        name = match.findtext("test/string") or ""
        table[name] = [s.text or "" for s in match.findall("edit[@name='family']/string")]
    return table


def test_alias_maps_every_official_name_to_fandol_then_noto() -> None:
    table = alias_table()
    for name, family in EXPECTED.items():
        assert table[name][0] == family, name
        assert table[name][1].startswith("Noto "), name
    # the title face is FandolSong's bold, made bold at scan time (its file says regular)
    root = ET.parse(ALIAS).getroot()
    assert root.find("match[@target='scan']") is not None


def test_install_script_installs_alias_and_fonts() -> None:
    script = (Path(__file__).resolve().parents[2] / "scripts" / "install-system.sh").read_text()
    assert "/etc/fonts/conf.d" in script and "fontconfig/conf.d" in script
    assert "Fandol*.otf" in script and "fc-cache" in script


@pytest.mark.skipif(shutil.which("fc-match") is None or not any(p.is_file() for p in INSTALLED),
                    reason="fontconfig or the reportgen font alias is not installed here "
                           "(sh scripts/install-system.sh)")
def test_libreoffice_would_use_fandol() -> None:
    fonts.office_font.cache_clear()
    for name, family in EXPECTED.items():
        assert fonts.office_font(name) == family, name


def test_chinese_shapes_and_the_warning_for_a_japanese_fallback() -> None:
    assert fonts.chinese_shape("FandolFang") and fonts.chinese_shape("Noto Serif CJK SC")
    assert fonts.chinese_shape("仿宋") and fonts.chinese_shape("SimHei")
    assert not fonts.chinese_shape("Noto Sans CJK JP") and not fonts.chinese_shape("DejaVu Sans")
    choice = fonts.FontChoice("仿宋_GB2312", ("body",), "FandolFang", None, "bundled", True,
                              "Noto Sans CJK JP")
    warnings = fonts.font_warnings([choice])
    assert any("Noto Sans CJK JP" in w and "install-system.sh" in w for w in warnings)
