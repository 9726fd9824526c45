"""Font choice for the PDF: per Word font, the first family of its chain this machine can embed.

A family is available when fontconfig knows it (the official fonts, if installed) or when
reportgen ships it (the open Fandol fonts in ``reportgen/fonts``, declared with ``@font-face``).
Fandol lacks rare characters used in names (堃 镕 瑄 喆 赟 …), so a wide-coverage fallback
(Noto CJK, Debian package fonts-noto-cjk) closes every chain when the system has it.
"""
from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportgen.profile import StyleProfile
from reportgen.resources import PACKAGE_DIR

FONTS_DIR = PACKAGE_DIR / "fonts"

# CSS family name -> (file in FONTS_DIR, CSS font-weight) for the fonts reportgen carries.
BUNDLED: dict[str, tuple[tuple[str, int], ...]] = {
    "FandolFang": (("FandolFang-Regular.otf", 400),),
    "FandolHei": (("FandolHei-Regular.otf", 400),),
    "FandolKai": (("FandolKai-Regular.otf", 400),),
    "FandolSong": (("FandolSong-Regular.otf", 400), ("FandolSong-Bold.otf", 700)),
    "FandolSong-Bold": (("FandolSong-Bold.otf", 400),),
}

# Wide-coverage families appended to every chain when the system has them.
FALLBACKS: tuple[str, ...] = ("Noto Serif CJK SC", "Noto Sans CJK SC")


@dataclass(frozen=True)
class FontChoice:
    """Which family stands in for one Word font in the PDF, and where it comes from."""

    word_name: str  # the font as Word names it, e.g. 仿宋_GB2312
    roles: tuple[str, ...]  # profile roles set in this font
    family: str | None  # the chosen family; None when nothing of the chain is available
    file: Path | None
    source: str  # "system", "bundled" or "missing"
    substitute: bool  # an open substitute (Fandol, Noto) stands in for the official font
    office: str | None = None  # what LibreOffice/WPS on this machine would use (fc-match)

    def describe(self) -> str:
        """One Chinese line for ``reportgen fonts``."""
        roles = "、".join(self.roles) if self.roles else "（未用于任何角色）"
        if self.family is None:
            return f"{self.word_name}：无可用字体（角色：{roles}）"
        where = {"system": "系统字体", "bundled": "随附字体"}.get(self.source, self.source)
        mark = "，替代字体" if self.substitute else ""
        return f"{self.word_name} → {self.family}（{where}{mark}：{self.file}；角色：{roles}）"


@functools.lru_cache(maxsize=1)
def system_fonts() -> dict[str, Path]:
    """Families fontconfig knows, case-folded, each with one file; empty without fontconfig."""
    try:
        result = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\n"],
            capture_output=True, text=True, check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    families: dict[str, Path] = {}
    for line in result.stdout.splitlines():
        names, _, file = line.partition("\t")
        for name in names.split(","):
            if name.strip():
                families.setdefault(name.strip().casefold(), Path(file))
    return families


@functools.lru_cache(maxsize=64)
def office_font(word_name: str) -> str | None:
    """The family fontconfig gives for ``word_name``: what LibreOffice and WPS would use.

    None without fontconfig. On Linux without the official fonts this is the font alias
    installed by scripts/install-system.sh (Fandol), or else whatever fallback fontconfig has.
    """
    try:
        result = subprocess.run(["fc-match", "--format", "%{family[0]}", word_name],
                                capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


# Latin names of the official Chinese fonts, as fontconfig may report them.
OFFICIAL_LATIN = ("FangSong", "SimHei", "KaiTi", "SimSun", "NSimSun", "FZXiaoBiaoSong",
                  "STFangsong", "STKaiti", "Microsoft YaHei")


def chinese_shape(family: str) -> bool:
    """Whether a family fontconfig chose has Simplified Chinese shapes (not a Latin or JP one)."""
    return (family.startswith(("Fandol", *OFFICIAL_LATIN)) or family.endswith(" SC")
            or any("\u4e00" <= ch <= "\u9fff" for ch in family))


def bundled_file(family: str) -> Path | None:
    """The regular-weight file reportgen ships for ``family``, if any."""
    faces = BUNDLED.get(family)
    if not faces:
        return None
    path = FONTS_DIR / faces[0][0]
    return path if path.is_file() else None


def locate(family: str) -> tuple[Path, str] | None:
    """Where ``family`` comes from: (file, "system" | "bundled"), or None if unavailable."""
    system = system_fonts().get(family.casefold())
    if system is not None:
        return system, "system"
    bundled = bundled_file(family)
    if bundled is not None:
        return bundled, "bundled"
    return None


def _is_open(family: str) -> bool:
    return family in BUNDLED or family in FALLBACKS or family.startswith(("Fandol", "Noto "))


def chain(profile: StyleProfile, word_name: str) -> list[str]:
    """The families to try for ``word_name``, best first, with the fallbacks at the end."""
    families = list(profile.pdf_fonts.get(word_name, [word_name]))
    families.extend(f for f in FALLBACKS if f not in families)
    return families


def font_families(profile: StyleProfile) -> dict[str, list[str]]:
    """Per Word font of the profile, the available families in chain order (for CSS)."""
    names = list(profile.pdf_fonts)
    for role in profile.roles.values():
        for name in (role.font, role.latin_font):
            if name not in names:
                names.append(name)
    return {name: [f for f in chain(profile, name) if locate(f)] for name in names}


def font_report(profile: StyleProfile) -> list[FontChoice]:
    """Per Word font the profile uses (East Asian fonts first), the family the PDF will embed."""
    used: dict[str, list[str]] = {}
    for role_name, role in profile.roles.items():
        used.setdefault(role.font, []).append(role_name)
    for role_name, role in profile.roles.items():
        if role.latin_font != role.font:
            used.setdefault(role.latin_font, []).append(f"{role_name}（西文）")
    choices = []
    for word_name, roles in used.items():
        office = office_font(word_name)
        choice = FontChoice(word_name, tuple(roles), None, None, "missing", True, office)
        for family in chain(profile, word_name):
            found = locate(family)
            if found:
                choice = FontChoice(word_name, tuple(roles), family, found[0], found[1],
                                    _is_open(family) and not _is_open(word_name), office)
                break
        choices.append(choice)
    return choices


def font_warnings(choices: list[FontChoice]) -> list[str]:
    """Chinese warnings for ``reportgen fonts``: substitutes standing in, fonts missing."""
    warnings = []
    for c in choices:
        if c.office and c.word_name != "Times New Roman" and not chinese_shape(c.office):
            warnings.append(f"LibreOffice/WPS 将用“{c.office}”显示“{c.word_name}”（不是中文字形）："
                            "请运行 scripts/install-system.sh 安装字体别名（映射到 Fandol 字体）")
        if c.family is None:
            warnings.append(f"字体“{c.word_name}”及其替代字体均不可用，PDF 将使用系统默认字体"
                            "（可安装 fonts-noto-cjk）")
        elif c.substitute:
            warnings.append(f"本机没有“{c.word_name}”，PDF 用替代字体 {c.family}；"
                            f"如需原字体，请安装 {c.word_name} 后重新生成")
    return warnings


def font_face_css(families: dict[str, list[str]]) -> str:
    """``@font-face`` rules for the bundled families the CSS uses and the system lacks."""
    used = {f for chain_ in families.values() for f in chain_}
    rules = []
    for family, faces in BUNDLED.items():
        if family not in used or family.casefold() in system_fonts():
            continue
        for file, weight in faces:
            path = FONTS_DIR / file
            if path.is_file():
                rules.append(f'@font-face {{ font-family: "{family}"; '
                             f'src: url("{path.as_uri()}"); font-weight: {weight}; }}')
    return "\n".join(rules) + ("\n" if rules else "")


def has_cjk_font(families: dict[str, list[str]]) -> bool:
    """Whether any CJK-capable family is available at all."""
    return any(families.values())
