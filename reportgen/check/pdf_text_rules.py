"""Rules a PDF is checked on by its text and drawings, where a .docx is checked structurally:
版头 red rule, 发文字号 brackets, 附件 label, 版记 rules."""
from __future__ import annotations

from collections import Counter

from reportgen.check import fixes
from reportgen.check.docx_roles import ATTACHMENT_LABEL, COLOPHON
from reportgen.check.docx_rules import doc_number_in
from reportgen.check.page_rules import Measure, font_matches
from reportgen.check.pdf_pages import MM, Page, lines_of, text
from reportgen.check.rules import RuleResult
from reportgen.profile import StyleProfile


def _type_width(page: Page, profile: StyleProfile) -> float:
    g = profile.portrait if page.portrait else profile.landscape
    return (min(g.width_mm, g.height_mm) if page.portrait else max(g.width_mm, g.height_mm)) * MM \
        - (g.left_mm + g.right_mm) * MM


def masthead(m: Measure) -> tuple[RuleResult, bool]:
    if not m.facts.pages:
        return RuleResult("masthead_rule", "na", "没有页面", source="pdf"), False
    page = m.facts.pages[0]
    red = [c for c in page.chars if c.red and c.size >= 20 and c.top < page.height / 3]
    if not red:
        return RuleResult("masthead_rule", "na", "没有红色版头", source="pdf"), False
    lowest = max(c.bottom for c in red)
    wide = 0.8 * _type_width(page, m.profile)
    rules = [r for r in page.rules if r.red and r.width >= wide and r.bottom > lowest]
    if rules:
        return RuleResult("masthead_rule", "pass",
                          f"版头下红色分隔线，宽 {rules[0].width / MM:.0f} mm", "红色分隔线",
                          source="pdf"), True
    return RuleResult("masthead_rule", "fail", "版头下没有红色分隔线", "红色分隔线，与版心同宽",
                      fixes.masthead_rule(), "pdf"), True


def doc_number(m: Measure) -> RuleResult:
    own = ["".join(text(ln) for ln in lines) for lines in m.body_lines.values()]
    quoted = []
    for page in m.facts.pages:
        body = {id(ln[0]) for ln in m.body_lines.get(page.index, [])}
        quoted += [text(ln) for ln in lines_of(page.chars) if id(ln[0]) not in body]
    result = doc_number_in(own, quoted)
    result.source = "pdf"
    return result


def attachment_label(m: Measure) -> RuleResult:
    role = m.profile.role("attachment_label")
    found = []
    for page in m.facts.pages:
        for line in lines_of(page.chars)[:3]:
            if ATTACHMENT_LABEL.match(text(line)):
                found.append((page, line))
    if not found:
        return RuleResult("attachment_label", "na", "没有附件标识", source="pdf")
    problems = []
    for page, line in found:
        g = m.profile.portrait if page.portrait else m.profile.landscape
        font = Counter(c.font for c in line).most_common(1)[0][0]
        if not font_matches(font, m.profile.accepted_fonts(role.font)):
            problems.append(f"第{page.index}页字体 {font}")
        if abs(line[0].size - role.size) > m.profile.check.rendered_size_pt:
            problems.append(f"第{page.index}页字号 {line[0].size:g} 磅")
        if abs(line[0].x0 / MM - g.left_mm) > m.profile.check.rendered_left_mm:
            problems.append(f"第{page.index}页未顶格（左 {line[0].x0 / MM:.1f} mm）")
    expected = f"{role.font} {fixes.hao(role.size)}，顶格"
    if problems:
        return RuleResult("attachment_label", "fail", "；".join(problems[:4]), expected,
                          fixes.attachment_label(role.font, role.size), "pdf")
    return RuleResult("attachment_label", "pass", f"{len(found)} 处附件标识", expected,
                      source="pdf")


def colophon(m: Measure, has_masthead: bool) -> RuleResult:
    expected = "版记上下及各项之间有分隔线"
    for page in reversed(m.facts.pages[-2:]):
        lines = [ln for ln in lines_of(page.chars) if COLOPHON.match(text(ln))]
        if not lines:
            continue
        wide = 0.8 * _type_width(page, m.profile)
        ys = sorted((r.top + r.bottom) / 2 for r in page.rules if r.width >= wide and not r.red)
        gaps = [(lines[0][0].top - 20, lines[0][0].top)]
        gaps += [(a[0].bottom - 2, b[0].top + 2) for a, b in zip(lines, lines[1:], strict=False)]
        gaps.append((lines[-1][0].bottom, lines[-1][0].bottom + 20))
        missing = [i for i, (lo, hi) in enumerate(gaps) if not any(lo <= y <= hi for y in ys)]
        measured = f"第{page.index}页版记 {len(lines)} 项，分隔线 {len(gaps) - len(missing)}/{len(gaps)} 条"
        if missing:
            return RuleResult("colophon", "fail", measured, expected, fixes.colophon(), "pdf")
        return RuleResult("colophon", "pass", measured, expected, source="pdf")
    if has_masthead:
        return RuleResult("colophon", "fail", "有版头但没有版记（抄送、印发机关和印发日期）",
                          expected, "在末页末尾加版记：" + fixes.colophon(), "pdf")
    return RuleResult("colophon", "na", "没有版记", source="pdf")


def check_pdf_text(m: Measure) -> list[RuleResult]:
    rule, has_masthead = masthead(m)
    return [rule, doc_number(m), attachment_label(m), colophon(m, has_masthead)]
