"""The generated CSS follows the style profile, and font choice follows what the machine has."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2

from reportgen.model import DEFAULT_SCALE, Status, StatusScale
from reportgen.profile import StyleProfile, load_profile
from reportgen.vocabulary import BLOCKS
from reportgen.writers import css, fonts

FAMILIES = {"仿宋_GB2312": ["FandolFang", "Noto Serif CJK SC"], "黑体": ["FandolHei"],
            "楷体_GB2312": ["FandolKai"], "宋体": ["FandolSong"],
            "方正小标宋简体": ["FandolSong-Bold"], "Times New Roman": ["FandolSong"]}


def rules(text: str) -> dict[str, str]:
    """Qualified rule prelude -> declarations, parsed with tinycss2 (no parse errors allowed)."""
    out: dict[str, str] = {}
    for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        assert node.type != "error", node
        if node.type == "qualified-rule":
            out[tinycss2.serialize(node.prelude).strip()] = tinycss2.serialize(node.content)
    return out


def declaration(block: str, name: str) -> str:
    match = re.search(rf"(?:^|;)\s*{re.escape(name)}\s*:\s*([^;]+)", block)
    assert match, f"{name} missing in {block}"
    return match.group(1).strip()


@pytest.fixture
def profile() -> StyleProfile:
    return load_profile()


def test_pages_come_from_the_profile(profile: StyleProfile) -> None:
    text = css.stylesheet(profile, DEFAULT_SCALE, FAMILIES)
    assert "size: 210mm 297mm;\n  margin: 37mm 26mm 35mm 28mm;" in text
    assert "@page landscape {\n  size: 297mm 210mm;\n  margin: 28mm 37mm 26mm 35mm;" in text
    assert '@page:right {\n  @bottom-right {\n    content: "— " counter(page) " —"' in text
    assert '@page:left {\n  @bottom-left {\n    content: "— " counter(page) " —"' in text
    assert "padding-top: 7mm" in text  # 35 mm bottom margin - 28 mm footer distance

    changed = profile.model_copy(deep=True)
    changed.portrait.top_mm = 40
    changed.portrait.footer_mm = 25
    text = css.stylesheet(changed, DEFAULT_SCALE, FAMILIES)
    assert "margin: 40mm 26mm 35mm 28mm;" in text and "padding-top: 10mm" in text


def test_body_sits_on_the_grid(profile: StyleProfile) -> None:
    body = rules(css.stylesheet(profile, DEFAULT_SCALE, FAMILIES))["section > p:not([class])"]
    assert declaration(body, "font-size") == "16pt"
    assert declaration(body, "line-height") == "28.95pt"
    assert declaration(body, "letter-spacing") == "-0.21pt"
    assert declaration(body, "text-indent") == "31.58pt"  # two characters of 16 - 0.21 pt
    assert declaration(body, "font-family").startswith('"FandolFang", "Noto Serif CJK SC"')


def test_every_vocabulary_role_is_styled(profile: StyleProfile) -> None:
    parsed = rules(css.stylesheet(profile, DEFAULT_SCALE, FAMILIES))
    selectors = ", ".join(parsed)
    for (tag, cls), role in BLOCKS.items():
        assert css.selector(tag, cls) in selectors, role
    assert declaration(parsed["section > h2:not([class])"], "font-family").startswith('"FandolHei"')
    assert declaration(parsed["section > h3:not([class])"], "font-family").startswith('"FandolKai"')
    assert declaration(parsed["p.masthead-name"], "color") == "#FF0000"
    assert declaration(parsed["h1.title"], "font-size") == "22pt"
    # one blank line under the 附件说明, two characters in (GB/T 9704 7.3.5.3) unless the
    # template states the indent in characters (data-right-chars, see test_layout)
    assert declaration(parsed["p.signature"], "margin") == "28.95pt 2em 0pt 0em"
    assert declaration(parsed['p.date[data-right-chars="4.5"]'], "margin-right") == "71.055pt"
    assert declaration(parsed["header.masthead"], "border-bottom") == "1.5pt solid #FF0000"
    # the 主送机关 line is flush left (GB/T 9704 7.3.2), body text is indented two characters
    assert declaration(parsed["p.addressee"], "text-indent") == "0pt"
    assert declaration(parsed["p.addressee"], "text-align") == "left"
    assert declaration(parsed["p.addressee"], "font-size") == "16pt"


def test_a_profile_without_an_addressee_role_derives_it_from_the_body() -> None:
    data = load_profile().model_dump()
    del data["roles"]["addressee"]
    profile = StyleProfile.model_validate(data)
    addressee, body = profile.role("addressee"), profile.role("body")
    assert (addressee.font, addressee.size, addressee.first_indent_chars) == (body.font, 16, 0)


def test_changing_a_font_in_the_profile_changes_the_css(profile: StyleProfile) -> None:
    changed = profile.model_copy(deep=True)
    changed.roles["heading1"] = changed.roles["heading1"].model_copy(
        update={"font": "楷体_GB2312", "bold": True, "size": 18})
    parsed = rules(css.stylesheet(changed, DEFAULT_SCALE, FAMILIES))
    h2 = parsed["section > h2:not([class])"]
    assert declaration(h2, "font-family").startswith('"FandolKai"')
    assert declaration(h2, "font-weight") == "bold"
    assert declaration(h2, "font-size") == "18pt"


def test_latin_font_only_when_the_real_one_exists(profile: StyleProfile) -> None:
    with_times = {**FAMILIES, "Times New Roman": ["Times New Roman", "FandolSong"]}
    body = rules(css.stylesheet(profile, DEFAULT_SCALE, with_times))["section > p:not([class])"]
    assert declaration(body, "font-family").startswith('"Times New Roman", "FandolFang"')


def test_table_and_status_colours() -> None:
    scale = StatusScale(statuses=(Status(name="已完成", color="#00AA00"),
                                  Status(name="未启动", color="#AA0000")))
    profile = load_profile()
    parsed = rules(css.stylesheet(profile, scale, FAMILIES))
    table = parsed["table.ledger"]
    assert declaration(table, "table-layout") == "fixed"
    # tall rows break inside their text, short (keep) rows and the header never do
    assert declaration(parsed["table.ledger tr"], "break-inside") == "auto"
    assert declaration(parsed["table.ledger tr.keep, table.ledger thead tr"],
                       "break-inside") == "avoid"
    assert declaration(parsed["table.ledger thead th"], "white-space") == "nowrap"
    assert declaration(parsed["table.ledger thead"], "display") == "table-header-group"
    assert declaration(parsed["table.ledger th"], "font-family").startswith('"FandolHei"')
    assert declaration(parsed["table.ledger td"], "font-size") == "12pt"
    key = 'td.status[data-status="未启动"], span.status[data-status="未启动"]'
    assert key not in parsed  # official documents are black by default
    coloured = profile.model_copy(update={"table_layout": profile.table_layout.model_copy(
        update={"status_colours": True})})
    parsed = rules(css.stylesheet(coloured, scale, FAMILIES))
    assert declaration(parsed[key], "color") == "#AA0000"
    assert declaration(parsed[".missing"], "color") == "#808080"
    assert declaration(parsed["section.landscape"], "page") == "landscape"


def test_bundled_fonts_and_licence_ship_with_the_package() -> None:
    for family in fonts.BUNDLED:
        assert fonts.bundled_file(family) is not None, family
    assert (fonts.FONTS_DIR / "COPYING").is_file() and (fonts.FONTS_DIR / "README").is_file()


def test_font_face_points_at_bundled_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "system_fonts", lambda: {})
    text = fonts.font_face_css({"仿宋_GB2312": ["FandolFang"], "黑体": ["FandolHei"]})
    urls = re.findall(r'url\("file://([^"]+)"\)', text)
    assert len(urls) == 2 and all(Path(u).is_file() for u in urls)
    assert "FandolKai" not in text  # only the families in use


def test_font_report_prefers_official_fonts(monkeypatch: pytest.MonkeyPatch,
                                            profile: StyleProfile) -> None:
    official = Path("/usr/share/fonts/simfang.ttf")
    monkeypatch.setattr(fonts, "system_fonts", lambda: {"仿宋": official})
    report = {c.word_name: c for c in fonts.font_report(profile)}
    fang = report["仿宋_GB2312"]
    assert (fang.family, fang.file, fang.source, fang.substitute) == ("仿宋", official, "system", False)
    assert "body" in fang.roles
    hei = report["黑体"]
    assert (hei.family, hei.source, hei.substitute) == ("FandolHei", "bundled", True)
    warnings = fonts.font_warnings(list(report.values()))
    assert any("黑体" in w and "FandolHei" in w for w in warnings)
    assert not any("仿宋_GB2312" in w for w in warnings)


def test_noto_fallback_closes_every_chain(monkeypatch: pytest.MonkeyPatch,
                                          profile: StyleProfile) -> None:
    noto = Path("/usr/share/fonts/NotoSerifCJK-Regular.ttc")
    monkeypatch.setattr(fonts, "system_fonts", lambda: {"noto serif cjk sc": noto})
    families = fonts.font_families(profile)
    assert all(chain[-1] == "Noto Serif CJK SC" for chain in families.values())
    assert families["仿宋_GB2312"] == ["FandolFang", "Noto Serif CJK SC"]


def test_nothing_available_is_reported(monkeypatch: pytest.MonkeyPatch,
                                       profile: StyleProfile) -> None:
    monkeypatch.setattr(fonts, "system_fonts", lambda: {})
    monkeypatch.setattr(fonts, "bundled_file", lambda family: None)
    report = fonts.font_report(profile)
    assert all(c.family is None and c.source == "missing" for c in report)
    assert any("均不可用" in w for w in fonts.font_warnings(report))
