"""Blocks of the vocabulary (paragraphs, 版头, 版记, page breaks, tables) as WordprocessingML."""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.model import StatusScale
from reportgen.profile import StyleProfile, fit_spacing
from reportgen.vocabulary_blocks import Block, Group, PageBreak, Para, Run, Table
from reportgen.writers.docx.ooxml import border, paragraph_xml, runs_xml
from reportgen.writers.docx.styles import line_pitch, on_grid, style_id, twips
from reportgen.writers.docx.tables import table_xml

RED = "FF0000"
MASTHEAD_RULE = 12  # eighths of a point: 1.5 pt red rule under the 版头
COLOPHON_THICK = 8  # 0.35 mm
COLOPHON_THIN = 6  # 0.25 mm


@dataclass(frozen=True)
class Frame:
    """The type area of the section being written: width and height."""

    width: int  # twips
    height_pt: float
    foot: bool = False  # a 版记 page: its block sits at the foot of the type area


def blocks_xml(blocks: list[Block], frame: Frame, scale: StatusScale | None,
               profile: StyleProfile) -> list[str]:
    """The body XML of a section's blocks, in order (one string per paragraph or table)."""
    out: list[str] = []
    page_break = False
    after_masthead = False
    for block in blocks:
        if isinstance(block, PageBreak):
            page_break = True
            continue
        if after_masthead and isinstance(block, Para) and block.role in profile.roles \
                and not profile.role(block.role).space_before_lines:
            # one blank line under the 版头's red rule, as the PDF's masthead margin gives
            pitch = profile.grid.line_pitch_pt
            out.append(para_xml(block, frame, scale, profile, page_break=page_break,
                                spacing=f'<w:spacing w:before="{twips(pitch)}" '
                                        'w:beforeLines="100"/>'))
            page_break = after_masthead = False
            continue
        after_masthead = isinstance(block, Group) and block.kind == "masthead"
        if isinstance(block, Table):
            if page_break:
                out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            out.append(table_xml(block, frame.width, frame.height_pt, scale, profile))
        elif isinstance(block, Group):
            out.extend(_group(block, frame, scale, profile, page_break))
        else:
            out.append(para_xml(block, frame, scale, profile, page_break=page_break))
        page_break = False
    if page_break:
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    return out


def para_xml(para: Para, frame: Frame, scale: StatusScale | None, profile: StyleProfile, *,
             page_break: bool = False, borders: str = "", spacing: str = "",
             frame_pr: str = "") -> str:
    """One paragraph; a two-sided line (span.left / span.right) is set with tab stops."""
    style = style_id(para.role)
    if para.right is None:
        ind = ""
        if para.right_chars is not None:
            role = on_grid(profile.role(para.role), profile)
            chars = para.right_chars
            ind = (f'<w:ind w:rightChars="{round(chars * 100)}" '
                   f'w:right="{twips(chars * (role.size + role.letter_spacing_pt))}"/>')
        spacing_twips = None
        if para.chars is not None:
            spacing_twips = twips(fit_spacing(profile, para.chars) + _word_offset(profile))
        return paragraph_xml(style, runs_xml(para.runs, scale, spacing=spacing_twips),
                             page_break=page_break,
                             borders=borders, spacing=spacing, ind=ind, frame=frame_pr)
    # The borders of a paragraph follow its indents, so the indents of a two-sided line
    # become tab stops and the rule under a 版头 spans the whole type area.
    role = profile.role(para.role)
    char = role.size + role.letter_spacing_pt
    left = twips(role.left_indent_chars * char)
    right = frame.width - twips(role.right_indent_chars * char)
    tabs = (f'<w:tab w:val="left" w:pos="{left}"/>' if left else "")
    tabs += f'<w:tab w:val="right" w:pos="{right}"/>'
    ind = ('<w:ind w:leftChars="0" w:left="0" w:rightChars="0" w:right="0" '
           'w:firstLineChars="0" w:firstLine="0"/>')
    tab = [Run(kind="tab")]
    runs = (tab if left else []) + para.runs + tab + para.right
    return paragraph_xml(style, runs_xml(runs, scale), page_break=page_break, borders=borders,
                         tabs=tabs, spacing=spacing, ind=ind, frame=frame_pr)


def _word_offset(profile: StyleProfile) -> float:
    """How much more Word condenses than WeasyPrint for the same characters a line (pt)."""
    return profile.role("body").letter_spacing_pt - profile.grid.pdf_letter_spacing_pt


def _to_foot(lines: int, frame: Frame, profile: StyleProfile) -> str:
    """Space before the 版记's first line so its last line is the last of the type area."""
    pitch = line_pitch(profile.role("colophon"), profile)
    rules = 8  # points: the rules and their distance from the text
    before = max(0.0, frame.height_pt - lines * pitch - rules)
    return f'<w:spacing w:before="{twips(before)}" w:beforeLines="0" w:beforeAutospacing="0"/>'


def foot_frames(lines: int, frame: Frame, profile: StyleProfile) -> list[str]:
    """One w:framePr per 版记 line, setting the lines at the foot of the type area of their page.

    The 版记 on the body's last page (writers/colophon.py): its paragraphs flow after the body
    and are drawn at fixed heights in the margin area (w:vAnchor="margin"), the last rule on
    the type area's foot, as ``_to_foot`` does on a page of its own. One frame per line: Word
    and LibreOffice both place such a frame on the page its paragraph falls on, and
    LibreOffice 7.4 makes no frame of consecutive framed paragraphs whose borders differ.
    """
    pitch = line_pitch(profile.role("colophon"), profile)
    step = pitch + 3.75  # a line with its rule and the rule's distance from the text
    top = max(0.0, frame.height_pt - lines * pitch - 8)
    return [f'<w:framePr w:w="{frame.width}" w:hSpace="0" w:vSpace="0" w:wrap="notBeside" '
            f'w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" '
            f'w:y="{twips(top + i * step)}"/>' for i in range(lines)]


def _group(group: Group, frame: Frame, scale: StatusScale | None, profile: StyleProfile,
           page_break: bool) -> list[str]:
    out = []
    framed = group.kind == "colophon" and not frame.foot
    last = len(group.paras) - 1
    frames = foot_frames(last + 1, frame, profile) if framed else []
    for i, para in enumerate(group.paras):
        borders = ""
        if group.kind == "masthead" and i == last:
            borders = border("bottom", MASTHEAD_RULE, RED, space=6)
        elif group.kind == "colophon":
            top = border("top", COLOPHON_THICK) if i == 0 else ""
            borders = top + border("bottom", COLOPHON_THICK if i == last else COLOPHON_THIN)
        spacing = ""
        if group.kind == "colophon" and frame.foot and i == 0:
            spacing = _to_foot(len(group.paras), frame, profile)
        out.append(para_xml(para, frame, scale, profile, page_break=page_break and i == 0,
                            borders=borders, spacing=spacing,
                            frame_pr=frames[i] if framed else ""))
    if framed:  # the frame's anchor: a paragraph of its own after it
        out.append("<w:p><w:pPr></w:pPr></w:p>")
    return out
