"""The style profile: page geometry and, per document role, fonts, sizes and spacing.

One YAML file (default ``gbt9704``) is read by the docx writer and turned into CSS for the PDF
pass, so Word and PDF follow the same numbers.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reportgen.config import read_yaml
from reportgen.errors import ConfigError, Problem, validation_message
from reportgen.resources import available, find
from reportgen.vocabulary import BLOCKS

# Roles the writers look up: every block of the vocabulary, the table cells, the page number.
NEEDED_ROLES = frozenset(BLOCKS.values()) | {"table_header", "table_cell", "table_cell_center",
                                             "page_number"}
# Chinese type sizes (字号) in points.
HAO_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5,
}
_HAO_ALIASES = {"1号": "一号", "2号": "二号", "3号": "三号", "4号": "四号", "5号": "五号",
                "6号": "六号", "小1号": "小一", "小2号": "小二", "小3号": "小三",
                "小4号": "小四", "小5号": "小五", "小一号": "小一", "小二号": "小二",
                "小三号": "小三", "小四号": "小四", "小五号": "小五", "小初号": "小初"}


def parse_size(value: float | int | str) -> float:
    """Turn 16, "16pt", "3号", "三号" or "小四" into points."""
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip()
    match = re.fullmatch(r"([\d.]+)\s*(pt)?", text)
    if match:
        return float(match.group(1))
    text = _HAO_ALIASES.get(text, text)
    if text in HAO_SIZES:
        return HAO_SIZES[text]
    raise ValueError(f"无法识别的字号 {value!r}（可写 16、16pt、三号、3号、小四）")


Align = Literal["left", "center", "right", "justify"]


class RoleStyle(BaseModel):
    """How one role of the vocabulary (title, h1, body, table cell…) is set."""

    model_config = ConfigDict(extra="forbid")

    font: str  # East Asian font as Word names it, e.g. 仿宋_GB2312
    latin_font: str = "Times New Roman"
    size: float  # points; YAML may say "三号"
    bold: bool = False
    color: str | None = None  # "#RRGGBB"
    align: Align = "justify"
    first_indent_chars: float = 0  # first-line indent in characters of this size
    left_indent_chars: float = 0
    right_indent_chars: float = 0
    space_before_lines: float = 0  # in grid lines
    space_after_lines: float = 0
    line_pitch_pt: float | None = None  # exact line height; None: the page grid pitch
    letter_spacing_pt: float = 0  # Word character spacing (w:spacing), negative condenses

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, value: float | int | str) -> float:
        return parse_size(value)

    @field_validator("color")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        # The colour goes into the PDF's CSS: anything but #RRGGBB could inject rules or URLs.
        if value is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise ValueError(f"颜色须写成 #RRGGBB，而不是 {value!r}")
        return value


class PageGeometry(BaseModel):
    """Paper size and margins in millimetres."""

    model_config = ConfigDict(extra="forbid")

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    footer_mm: float = 28  # distance of the page-number baseline region from the paper edge


class Grid(BaseModel):
    """The GB/T 9704 text grid: lines per page, characters per line, line pitch."""

    model_config = ConfigDict(extra="forbid")

    lines: int = 22
    chars: int = 28
    line_pitch_pt: float = 28.95
    pdf_letter_spacing_pt: float = -0.21  # WeasyPrint letter-spacing for 28 characters a line


class TableLayout(BaseModel):
    """How ledger tables are set, the same in Word and PDF (profile key ``table_layout``)."""

    model_config = ConfigDict(extra="forbid")

    cell_padding_mm: float = 1.5  # left and right padding inside a cell
    cell_padding_v_mm: float = 0.5  # top and bottom padding inside a cell
    # Rows estimated shorter than this fraction of the type area's height never break across
    # pages; taller rows may break inside their text (at least two lines on either side).
    keep_row_page_fraction: float = 0.33
    # Status words coloured by the status scale in Word and PDF documents (Excel always is).
    status_colours: bool = False
    # A page that continues an item repeats its 序号 and 工作任务 with （续） (writers/paginate.py;
    # costs one more layout of the document; off: the merged cells stay empty there).
    continuation_rows: bool = True


class CheckRules(BaseModel):
    """Tolerances of ``reportgen check``: how far a document may stray from this profile.

    What is checked (paper, margins, grid, fonts and sizes per role) comes from the rest of the
    profile; this block only says how closely, so one profile drives writing and checking.
    """

    model_config = ConfigDict(extra="forbid")

    paper_mm: float = 1.0  # paper width and height, as declared in a .docx or measured in a PDF
    margin_mm: float = 0.5  # margins as declared in a .docx
    size_pt: float = 0.25  # font sizes as declared
    rendered_left_mm: float = 1.0  # left edge of body lines on rendered pages
    rendered_right_mm: float = 1.5  # right edge of full body lines (justification stretches)
    # Top of the first body glyph on a continuation page, relative to the top margin: the glyph
    # sits half a leading below the grid line.
    rendered_top_mm: tuple[float, float] = (-1.0, 4.5)
    rendered_bottom_mm: float = 1.0  # body text may reach this far below the type area
    rendered_size_pt: float = 0.6  # font size of rendered text
    pitch_slack_pt: float = 0.5  # measuring slack when turning a line pitch into lines a page
    page_number_below_mm: tuple[float, float] = (3.0, 12.0)  # top of "— N —" under the type area
    page_number_inset_mm: tuple[float, float] = (2.5, 7.5)  # from the type area's side edge
    colophon_thick_pt: float = 0.9  # a 版记 rule at least this wide counts as thick (0.35 mm ≈ 1 pt)
    # Font names accepted for each font the roles name: declared in a .docx (the Windows names)
    # or embedded in a PDF (the open substitutes too). A font not listed accepts itself and its
    # pdf_fonts chain.
    fonts: dict[str, list[str]] = Field(default_factory=dict)


class StyleProfile(BaseModel):
    """A complete style profile; see configs/profiles/gbt9704.yaml for the default."""

    model_config = ConfigDict(extra="forbid")

    name: str
    portrait: PageGeometry
    landscape: PageGeometry
    grid: Grid = Field(default_factory=Grid)
    roles: dict[str, RoleStyle]
    # For the PDF: each Word font name maps to the families to try, best first.
    pdf_fonts: dict[str, list[str]] = Field(default_factory=dict)
    # Widths (relative) of the ledger table columns by column key.
    column_widths: dict[str, float] = Field(default_factory=dict)
    table_layout: TableLayout = Field(default_factory=TableLayout)
    # Printed on both sides (GB/T 9704 7.4/7.5): the 版记 ends the document on an even page, a
    # blank unnumbered page before it when needed. False: the 版记 stays at the foot of the
    # body's last page whenever it fits there, odd or even (writers/colophon.py).
    double_sided: bool = True
    # Tolerances of ``reportgen check`` (what is checked comes from the blocks above).
    check: CheckRules = Field(default_factory=CheckRules)

    @model_validator(mode="after")
    def _derived_roles(self) -> StyleProfile:
        """Roles a profile written before they existed may lack, derived from the body role.

        addressee (主送机关): the body's font and size, flush left (GB/T 9704 7.3.2).
        """
        body = self.roles.get("body")
        if body is not None and "addressee" not in self.roles:
            self.roles["addressee"] = body.model_copy(
                update={"align": "left", "first_indent_chars": 0, "left_indent_chars": 0})
        missing = sorted(NEEDED_ROLES - set(self.roles))
        if missing:  # the writers look each of them up: refused here, named, not a KeyError later
            raise ValueError(f"roles 缺少角色：{'、'.join(missing)}（每种段落、表格单元格和页码各需一个）")
        return self

    def accepted_fonts(self, word_name: str) -> list[str]:
        """Names that count as ``word_name`` when checking a document (see ``check.fonts``)."""
        names = self.check.fonts.get(word_name)
        if names is None:
            names = self.pdf_fonts.get(word_name, [])
        return [word_name, *(n for n in names if n != word_name)]

    def role(self, name: str) -> RoleStyle:
        try:
            return self.roles[name]
        except KeyError:
            raise KeyError(f"样式配置 {self.name} 缺少角色 {name}") from None


def load_profile(name: str = "gbt9704", user_dirs: tuple[Path, ...] | list[Path] = ()) -> StyleProfile:
    """Read a style profile by name (or path); a user's ``NAME.yaml`` overrides the built-in one."""
    path = Path(name)
    if not (path.suffix in (".yaml", ".yml") and path.is_file()):
        user_profile_dirs = [Path(d) / "profiles" for d in user_dirs]
        try:
            path = find("configs", f"profiles/{name}.yaml", user_profile_dirs)
        except FileNotFoundError:
            known = "、".join(available("configs", "profiles/*.yaml"))
            raise ConfigError(f"找不到样式配置“{name}”，可用的有：{known}") from None
    data, _ = read_yaml(path, "样式配置")
    try:
        return StyleProfile.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(validation_message(e), str(path), ".".join(str(p) for p in e["loc"]))
                    for e in exc.errors()]
        raise ConfigError(f"样式配置 {path} 有错误", problems) from None


def fit_spacing(profile: StyleProfile, chars: int) -> float:
    """Letter spacing (pt) that sets ``chars`` body characters on a portrait line in the PDF.

    At the grid's own count this is ``grid.pdf_letter_spacing_pt``; another count changes it by
    the difference in character pitch (a paragraph fitted with data-chars, GB/T 9704 7.3.5).
    """
    g = profile.portrait
    width = (g.width_mm - g.left_mm - g.right_mm) * 72 / 25.4
    return profile.grid.pdf_letter_spacing_pt + width / chars - width / profile.grid.chars
