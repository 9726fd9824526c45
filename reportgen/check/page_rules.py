"""Rules measured on rendered pages (a PDF, or a .docx laid out by LibreOffice): margins from
text positions, the 22 × 28 grid, the type area, page numbers, and fonts per role."""
from __future__ import annotations

import re
import statistics
from collections import Counter

from reportgen.check import fixes
from reportgen.check.docx_rules import same_font
from reportgen.check.pdf_pages import MM, PAGE_NUMBER, Char, Page, PdfFacts, lines_of, text
from reportgen.check.rules import RuleResult
from reportgen.profile import StyleProfile

HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
SUBSET = re.compile(r"^[A-Z]{6}\+")
TURNED_NUMBER = re.compile(r"[—\-－–]+(\d+)[—\-－–]+")


def font_matches(embedded: str, accepted: list[str]) -> bool:
    """An embedded font name (subset prefix and style suffixes allowed) names an accepted font."""
    def norm(name: str) -> str:
        return re.sub(r"[\s_\-,]", "", name).casefold()
    name = norm(SUBSET.sub("", embedded))
    return any(name.startswith(norm(a)) for a in accepted) or same_font(embedded, accepted)


class Measure:
    """The body text of the portrait pages, found by its size, and the figures from it."""

    def __init__(self, facts: PdfFacts, profile: StyleProfile) -> None:
        self.facts = facts
        self.profile = profile
        self.portrait = [p for p in facts.pages if p.portrait and p.chars]
        tally: Counter[float] = Counter()
        for page in self.portrait:
            for c in page.chars:
                if not c.red and c.upright:
                    tally[round(c.size * 2) / 2] += 1
        self.body_size = tally.most_common(1)[0][0] if tally else 0.0
        self.body_lines: dict[int, list[list[Char]]] = {}
        for page in self.portrait:
            body = [c for c in page.chars
                    if abs(c.size - self.body_size) < 0.6 and not c.red and c.upright]
            self.body_lines[page.index] = [ln for ln in lines_of(body) if len(ln) >= 2]
        lefts = [min(ln[0].x0 for ln in ls) for ls in self.body_lines.values() if ls]
        self.left = statistics.median(lefts) if lefts else profile.portrait.left_mm * MM

    def all_lines(self) -> list[list[Char]]:
        return [ln for lines in self.body_lines.values() for ln in lines]


def _na(rule: str, why: str, source: str) -> RuleResult:
    return RuleResult(rule, "na", why, source=source)


def paper(m: Measure, source: str) -> RuleResult:
    g, tol = m.profile.portrait, m.profile.check.paper_mm
    want = sorted((g.width_mm * MM, g.height_mm * MM))
    bad = [p.index for p in m.facts.pages
           if any(abs(a - b) > tol * MM for a, b in zip(want, sorted((p.width, p.height)),
                                                        strict=True))]
    count = len(m.facts.pages)
    if bad:
        p = m.facts.pages[bad[0] - 1]
        return RuleResult("page_paper", "fail",
                          f"第 {bad[:6]} 页不是 A4（{p.width / MM:.0f}×{p.height / MM:.0f} mm）",
                          "A4", fixes.paper(g, "portrait"), source)
    return RuleResult("page_paper", "pass", f"{count} 页均为 A4", "A4", source=source)


def body_size(m: Measure, source: str) -> RuleResult:
    role = m.profile.role("body")
    if not m.portrait:
        return _na("page_body_size", "没有纵向正文页（横排表格页不计）", source)
    ok = abs(m.body_size - role.size) <= m.profile.check.rendered_size_pt
    return RuleResult("page_body_size", "pass" if ok else "fail",
                      f"纵向页上最多的文字为 {fixes.hao(m.body_size)}", fixes.hao(role.size),
                      "" if ok else fixes.size("正文", role.size), source)


def margins(m: Measure, source: str) -> list[RuleResult]:
    g, c = m.profile.portrait, m.profile.check
    lines = m.all_lines()
    if not lines:
        return [_na("page_margins", "没有纵向正文页（横排页只查文字不出版心）", source)]
    left = m.left / MM
    off, sides, parts = [], [], [f"左 {left:.1f}"]
    if abs(left - g.left_mm) > c.rendered_left_mm:
        off.append(f"左 {g.left_mm:g} mm，实测 {left:.1f} mm")
        sides.append("left")
    full = _full_lines(m)
    if full:
        common = Counter(len(ln) for ln in full).most_common(1)[0][0]
        width = m.portrait[0].width
        right = statistics.median([(width - ln[-1].x1) / MM for ln in full if len(ln) == common])
        parts.append(f"右 {right:.1f}")
        if abs(right - g.right_mm) > c.rendered_right_mm:
            off.append(f"右 {g.right_mm:g} mm，实测 {right:.1f} mm")
            sides.append("right")
    tops = _continuation_tops(m)
    if tops:
        lo, hi = g.top_mm + c.rendered_top_mm[0], g.top_mm + c.rendered_top_mm[1]
        bad = [t for t in tops if not lo <= t <= hi]
        parts.append(f"续页首行字顶 {statistics.median(tops):.1f}")
        if bad:
            off.append(f"上 {g.top_mm:g} mm（首行字顶应在 {lo:g}–{hi:g} mm），实测 {bad[0]:.1f} mm")
            sides.append("top")
    # the highest text of body size or larger (a small 页眉 is no part of the type area)
    highest = min((min((ch.top for ch in page.chars if ch.size >= m.body_size - 0.6),
                       default=page.height) / MM, page.index) for page in m.portrait)
    if highest[0] < g.top_mm + c.rendered_top_mm[0] and "top" not in sides:
        off.append(f"上 {g.top_mm:g} mm，第{highest[1]}页文字高出版心（字顶 {highest[0]:.1f} mm）")
        sides.append("top")
    expected = f"左 {g.left_mm:g}、右 {g.right_mm:g}、上 {g.top_mm:g} mm"
    measured = "、".join(parts) + " mm"
    result = (RuleResult("page_margins", "fail", "；".join(off), expected,
                         fixes.margins(g, sides), source) if off else
              RuleResult("page_margins", "pass", measured, expected, source=source))
    return [result]


def type_area(m: Measure, source: str) -> RuleResult:
    """Body text never below the type area on portrait pages; on landscape (table) pages no
    text outside it but the page number."""
    g, c = m.profile.portrait, m.profile.check
    limit = g.height_mm - g.bottom_mm
    expected = f"纵向页正文不低于 {limit:g} mm（版心下沿）；横排页文字不出版心"
    lows = [(page.index, max(ln[0].bottom for ln in ls) / MM)
            for page in m.portrait if (ls := m.body_lines[page.index])]
    off = [f"第{i}页正文底线 {b:.1f} mm" for i, b in lows if b > limit + c.rendered_bottom_mm]
    landscape = [p for p in m.facts.pages if not p.portrait and p.chars]
    for page in landscape:
        out = _outside(page, m.profile)
        if out:
            off.append(f"第{page.index}页（横排）“{out.text}”在版心外")
    parts = [f"纵向页正文最低 {max(b for _, b in lows):.1f} mm"] if lows else []
    if landscape:
        parts.append(f"{len(landscape)} 个横排页文字都在版心内")
    if not parts:
        return _na("page_type_area", "没有正文", source)
    if off:
        return RuleResult("page_type_area", "fail", "；".join(off[:5]), expected, fixes.type_area(),
                          source)
    return RuleResult("page_type_area", "pass", "；".join(parts), expected, source=source)


def _outside(page: Page, profile: StyleProfile) -> Char | None:
    """The first character of a landscape page outside its type area, page numbers aside."""
    g, slack = profile.landscape, profile.check.rendered_bottom_mm * MM
    left, right = g.left_mm * MM - slack, page.width - g.right_mm * MM + slack
    top, bottom = g.top_mm * MM - slack, page.height - g.bottom_mm * MM + slack
    for ch in page.chars:
        if left <= ch.x0 and ch.x1 <= right and top <= ch.top and ch.bottom <= bottom:
            continue
        if ch.text in "—–－-0123456789" and ch.size < 15:
            continue  # a page number, wherever it sits in the margin
        return ch
    return None


def _full_lines(m: Measure) -> list[list[Char]]:
    """Body lines that start at the left edge of the text and are long: full lines."""
    return [ln for ln in m.all_lines() if len(ln) >= 20 and abs(ln[0].x0 - m.left) < 1.5 * MM]


def _continuation_tops(m: Measure) -> list[float]:
    """Top of the first body line on pages that start with body text (not page 1, no title)."""
    tops = []
    for page in m.portrait[1:]:
        lines = m.body_lines[page.index]
        if not lines:
            continue
        first = lines[0][0].top
        if any(c.size > m.body_size + 1 and c.top < first for c in page.chars):
            continue
        tops.append(first / MM)
    return tops


def grid(m: Measure, source: str) -> list[RuleResult]:
    p, c = m.profile, m.profile.check
    want_lines, want_chars = p.grid.lines, p.grid.chars
    fix = fixes.grid(want_lines, want_chars, p.grid.line_pitch_pt)
    lines = m.all_lines()
    if not lines:
        return [_na("page_lines", "没有纵向正文页", source), _na("page_chars", "没有纵向正文页", source)]
    bound = max(m.body_size * 2.2, p.grid.line_pitch_pt * 1.6)  # a step within one paragraph
    steps = [b[0].top - a[0].top for ls in m.body_lines.values() for a, b in zip(ls, ls[1:], strict=False)
             if 0 < b[0].top - a[0].top < bound]
    g = p.portrait
    height = (g.height_mm - g.top_mm - g.bottom_mm) * MM
    if len(steps) < 3:
        results = [_na("page_lines", "正文行太少，无法测行距", source)]
    else:
        pitch = statistics.median(steps)
        n = int((height + c.pitch_slack_pt) // pitch)
        inner = [len(m.body_lines[pg.index]) for pg in m.portrait[1:-1]]
        full = f"；中间页实排最多 {max(inner)} 行" if inner else ""
        results = [RuleResult("page_lines", "pass" if n == want_lines else "fail",
                              f"行距 {pitch:.2f} 磅：版心排 {n} 行{full}",
                              f"每页 {want_lines} 行", "" if n == want_lines else fix, source)]
    full_lines = _full_lines(m)
    if not full_lines:
        results.append(_na("page_chars", "没有顶格的整行正文", source))
        return results
    counts = Counter(len(ln) for ln in full_lines)
    common = counts.most_common(1)[0][0]
    results.append(RuleResult("page_chars", "pass" if common == want_chars else "fail",
                              f"整行最常见 {common} 字（{len(full_lines)} 行）", f"每行 {want_chars} 字",
                              "" if common == want_chars else fix, source))
    return results


def _number(page: Page) -> tuple[int, list[Char]] | None:
    """The "— N —" of a page: in the bottom margin of a portrait page, or, on a landscape page,
    anywhere outside the body (it may sit at the binding side, turned)."""
    chars = [c for c in page.chars if c.text in "—-－–0123456789"]
    for line in lines_of([c for c in chars if c.upright]):
        found = PAGE_NUMBER.match(text(line).replace(" ", ""))
        if found:
            return int(found.group(1)), line
    if not page.portrait:  # turned text in a margin: read it column by column, either way up
        margin = [c for c in chars if not c.upright]
        for down in (True, False):
            columns = sorted(margin, key=lambda c: (round(c.x0 / 3), c.top if down else -c.top))
            found = TURNED_NUMBER.search(text(columns))
            if found:
                return int(found.group(1)), []
    return None


def page_numbers(m: Measure, source: str) -> list[RuleResult]:
    p, c = m.profile, m.profile.check
    g = p.portrait
    role = p.role("page_number")
    numbered, missing = [], []
    for page in m.facts.pages:
        if not page.chars:
            continue  # a blank page (before a 版记) carries no number
        number = _number(page)
        if number is None:
            missing.append(page.index)
        else:
            numbered.append((page, number))
    expected = "每页“— N —”"
    last = m.facts.pages[-1].index
    if not numbered:
        return [RuleResult("page_numbers", "fail", "没有找到“— N —”页码", expected,
                           fixes.page_number_field(role.size), source),
                _na("page_number_position", "没有页码", source)]
    ok = not missing or missing == [last]
    measured = f"{len(numbered)} 页有页码"
    if missing == [last]:
        measured += "，末页无页码（版记页不编页码）"
    elif missing:
        measured += f"，缺页码：第 {missing[:8]} 页"
    values = [n for _, (n, _) in numbered]
    stuck = [(page.index, n) for (page, (n, _)), before in zip(numbered[1:], values, strict=False)
             if n <= before]
    if stuck:
        ok = False
        measured += f"；页码不递增：第{stuck[0][0]}页为 {stuck[0][1]}（页脚里是否手打了数字？）"
    first = RuleResult("page_numbers", "pass" if ok else "fail", measured, expected,
                       "" if ok else fixes.page_number_field(role.size), source)
    bad = []
    checked = 0
    for page, (n, line) in numbered:
        if not page.portrait or not line:
            continue
        checked += 1
        below = (line[0].top - (page.height - g.bottom_mm * MM)) / MM
        side = "右" if n % 2 else "左"
        gap = ((page.width - g.right_mm * MM - line[-1].x1) if n % 2 else
               (line[0].x0 - g.left_mm * MM)) / MM
        lo, hi = c.page_number_inset_mm
        if not lo <= gap <= hi or not c.page_number_below_mm[0] <= below <= c.page_number_below_mm[1]:
            bad.append(f"第{page.index}页（页码 {n}）离版心{side}边 {gap:.1f} mm、下沿 {below:.1f} mm")
    expected_pos = (f"单页居右、双页居左，离版心边 {c.page_number_inset_mm[0]:g}–"
                    f"{c.page_number_inset_mm[1]:g} mm，版心下 {c.page_number_below_mm[0]:g}–"
                    f"{c.page_number_below_mm[1]:g} mm")
    if not checked:
        return [first, _na("page_number_position", "没有纵向页的页码", source)]
    position = (RuleResult("page_number_position", "fail", "；".join(bad[:4]), expected_pos,
                           fixes.page_number_position(g.footer_mm), source) if bad else
                RuleResult("page_number_position", "pass", f"{checked} 个纵向页的页码位置正确",
                           expected_pos, source=source))
    return [first, position]


def fonts(m: Measure, source: str) -> list[RuleResult]:
    p = m.profile
    found: list[tuple[str, str, str]] = []  # role label, embedded name, wanted Word font
    lines = m.all_lines()
    body = Counter(ch.font for ln in lines if not HEADING1.match(text(ln)) for ch in ln)
    if body:
        found.append(("正文", body.most_common(1)[0][0], p.role("body").font))
    heads = Counter(ch.font for ln in lines if HEADING1.match(text(ln)) for ch in ln[:2])
    if heads:
        found.append(("一级标题", heads.most_common(1)[0][0], p.role("heading1").font))
    title = p.role("title")
    titles = Counter(ch.font for pg in m.facts.pages for ch in pg.chars
                     if abs(ch.size - title.size) < 0.6 and not ch.red)
    if titles:
        found.append(("标题", titles.most_common(1)[0][0], title.font))
    results = []
    if found:
        wrong = [(label, name, want) for label, name, want in found
                 if not font_matches(name, p.accepted_fonts(want))]
        measured = "；".join(f"{label} {SUBSET.sub('', name)}" for label, name, _ in found)
        expected = "；".join(f"{label} {want}" for label, _, want in found)
        if not wrong:
            results.append(RuleResult("page_fonts", "pass", measured, expected, source=source))
        elif source == "rendered":
            results.append(RuleResult(
                "page_fonts", "warn", measured, expected,
                "本机 LibreOffice 缺少文档指定的字体而用了替代字体；文档本身的字体设置见结构检查。"
                "在本机安装这些字体（或运行 reportgen fonts 查看替代情况）后再看排版", source))
        else:
            label, name, want = wrong[0]
            results.append(RuleResult("page_fonts", "fail", measured, expected,
                                      fixes.font(label, want) + "，再重新导出 PDF", source))
    else:
        results.append(_na("page_fonts", "没有可判断字体的文字", source))
    missing = m.facts.unembedded
    results.append(RuleResult("page_fonts_embedded", "fail" if missing else "pass",
                              ("未嵌入：" + "、".join(missing[:5])) if missing else "全部字体已嵌入",
                              "全部字体嵌入", fixes.embed_fonts() if missing else "", source))
    return results


def check_pages(facts: PdfFacts, profile: StyleProfile, source: str) -> list[RuleResult]:
    """Every rendered-page rule; ``source`` is "pdf" or "rendered" (a .docx laid out here)."""
    m = Measure(facts, profile)
    results = [paper(m, source), body_size(m, source)]
    results += margins(m, source)
    results.append(type_area(m, source))
    results += grid(m, source)
    results += page_numbers(m, source)
    results += fonts(m, source)
    return results
