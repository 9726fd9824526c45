"""Page-number rules on a .docx's footers: a PAGE field between dashes, odd right, even left."""
from __future__ import annotations

import re

from reportgen.check import fixes
from reportgen.check.docx_roles import aligned, main_size
from reportgen.check.rules import RuleResult
from reportgen.check.wordml import Paragraph, WordDoc
from reportgen.profile import StyleProfile

PT_MM = 25.4 / 72
DASHED = re.compile(r"^\s*[—–－\-]{1,2}\s*\S{1,6}\s*[—–－\-]{1,2}\s*$")


def _number_paragraph(paragraphs: list[Paragraph]) -> Paragraph | None:
    for p in paragraphs:
        if any(re.match(r"^PAGE\b", f.upper()) for f in p.fields):
            return p
    return None


def page_number_rules(doc: WordDoc, profile: StyleProfile) -> list[RuleResult]:
    role = profile.role("page_number")
    expected = f"“— N —”，{fixes.hao(role.size)}"
    by_type: dict[str, Paragraph] = {}
    for section in doc.sections:
        for kind, part in section.footers.items():
            number = _number_paragraph(doc.footers.get(part, []))
            if number is not None and kind not in by_type:
                by_type[kind] = number
    if not by_type:
        return [RuleResult("page_number_field", "fail", "页脚中没有页码域", expected,
                           fixes.page_number_field(role.size)),
                RuleResult("page_number_sides", "na", "没有页码")]
    problems = []
    for kind, p in by_type.items():
        where = {"default": "奇数页", "even": "偶数页", "first": "首页"}.get(kind, kind)
        if not DASHED.match(p.text):
            problems.append(f"{where}页码为“{p.text.strip()}”，两侧应有一字线")
        if abs(main_size(p) - role.size) > profile.check.size_pt:
            problems.append(f"{where}页码字号 {main_size(p):g} 磅")
    sample = next(iter(by_type.values())).text.strip()
    field = (RuleResult("page_number_field", "fail", "；".join(problems), expected,
                        fixes.page_number_field(role.size)) if problems else
             RuleResult("page_number_field", "pass", f"“{sample}”，{fixes.hao(role.size)}",
                        expected))
    expected_sides = "奇偶页不同：单页居右、双页居左，离版心边一字，版心下约 7 mm"
    odd = by_type.get("default")
    even = by_type.get("even")
    sides = []
    if odd is not None:
        sides.append(f"奇数页{_side(odd)}")
    if even is not None and doc.even_odd:
        sides.append(f"偶数页{_side(even)}")
    measured = "、".join(sides)
    ok = (doc.even_odd and odd is not None and even is not None and aligned(odd) == "right"
          and aligned(even) == "left")
    if not doc.even_odd:
        measured = f"未设“奇偶页不同”，所有页码{_side(odd) if odd is not None else '同侧'}"
    fix = "" if ok else fixes.page_number_sides()
    if ok and odd is not None and even is not None and (odd.in_text_box or even.in_text_box):
        measured += "（页码在文本框中，位置见排版实测）"
    elif ok and odd is not None and even is not None:
        off = _position(doc, profile, odd, even)
        if off:
            ok, measured = False, measured + "；" + "；".join(off)
            fix = fixes.page_number_position(profile.portrait.footer_mm)
    return [field, RuleResult("page_number_sides", "pass" if ok else "fail", measured,
                              expected_sides, fix)]


def _position(doc: WordDoc, profile: StyleProfile, odd: Paragraph, even: Paragraph) -> list[str]:
    """How far the number sits under the type area and in from its side, where it is off."""
    c = profile.check
    section = next((s for s in doc.sections if s.height_mm > s.width_mm), doc.sections[0])
    size = main_size(odd)
    try:
        line = int(odd.props.get("line", "240"))
    except ValueError:
        line = 240
    height_pt = line / 20 if odd.props.get("lineRule") == "exact" else size * 1.3 * line / 240
    below = section.bottom_mm - section.footer_mm - height_pt * PT_MM
    off = []
    if not c.page_number_below_mm[0] <= below <= c.page_number_below_mm[1]:
        off.append(f"页码上沿在版心下 {below:.1f} mm（页脚距边界 {section.footer_mm:.1f} mm）")
    for name, p, side in (("奇数页", odd, "right"), ("偶数页", even, "left")):
        inset = _indent_mm(p, side, size)
        if not c.page_number_inset_mm[0] <= inset <= c.page_number_inset_mm[1]:
            off.append(f"{name}页码离版心边 {inset:.1f} mm")
    return off


def _indent_mm(p: Paragraph, side: str, size: float) -> float:
    names = (side, "end" if side == "right" else "start")
    for name in names:
        chars = p.props.get(f"ind_{name}Chars")
        if chars and chars.lstrip("-").isdigit() and int(chars):
            return int(chars) / 100 * size * PT_MM
        value = p.props.get(f"ind_{name}")
        if value and value.lstrip("-").isdigit():
            return int(value) / 20 * PT_MM
    return 0.0


def _side(p: Paragraph) -> str:
    return {"left": "居左", "right": "居右", "center": "居中"}.get(aligned(p), aligned(p))
