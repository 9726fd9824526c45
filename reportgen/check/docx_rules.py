"""Structural rules on a .docx as declared (no rendering): page set-up, fonts, sizes, page
numbers, 版头 rule, 发文字号, 附件 label, 版记."""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from reportgen.check import fixes
from reportgen.check.docx_footer import page_number_rules
from reportgen.check.docx_roles import (
    Roles,
    aligned,
    classify,
    dominant,
    is_red,
    main_size,
)
from reportgen.check.rules import RuleResult
from reportgen.check.wordml import Paragraph, Section, WordDoc
from reportgen.profile import PageGeometry, StyleProfile

PT_MM = 25.4 / 72
ROLE_LABELS = {"body": "正文", "title": "标题", "heading1": "一级标题", "heading2": "二级标题",
               "attachment_label": "附件标识"}
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}(?P<open>[\[［【(（〔{｛<《])\s*(?P<year>(?:19|20)\d{2})"
                        r"\s*(?P<close>[\]］】)）〕}｝>》])\s*(?P<num>\d{1,5})\s*号")


def same_font(declared: str, accepted: list[str]) -> bool:
    def norm(name: str) -> str:
        return re.sub(r"[\s_\-]", "", name).casefold()
    return norm(declared) in {norm(a) for a in accepted}


def landscape(section: Section) -> bool:
    return section.width_mm > section.height_mm


def geometry_of(section: Section, profile: StyleProfile) -> PageGeometry:
    return profile.landscape if landscape(section) else profile.portrait


def paper(doc: WordDoc, profile: StyleProfile) -> RuleResult:
    tol = profile.check.paper_mm
    bad, seen = [], []
    for n, s in enumerate(doc.sections, start=1):
        g = geometry_of(s, profile)
        want = sorted((g.width_mm, g.height_mm))
        got = sorted((s.width_mm, s.height_mm))
        turn = "横向" if landscape(s) else "纵向"
        seen.append(f"第{n}节 {s.width_mm:.0f}×{s.height_mm:.0f} mm {turn}")
        if any(abs(a - b) > tol for a, b in zip(want, got, strict=True)):
            bad.append((n, s, f"第{n}节纸张 {got[0]:.1f}×{got[1]:.1f} mm"))
        elif (s.orient == "landscape") != landscape(s) and s.orient is not None:
            bad.append((n, s, f"第{n}节方向标记为{'横向' if s.orient == 'landscape' else '纵向'}"
                              f"，纸张却是{turn}"))
    expected = f"A4 {profile.portrait.width_mm:g}×{profile.portrait.height_mm:g} mm"
    if bad:
        n, s, what = bad[0]
        return RuleResult("paper", "fail", "；".join(b[2] for b in bad), expected,
                          fixes.paper(geometry_of(s, profile), "landscape" if landscape(s)
                                      else "portrait"))
    return RuleResult("paper", "pass", "；".join(_short(seen)), expected)


def _short(items: list[str], limit: int = 4) -> list[str]:
    return items[:limit] + ([f"…共 {len(items)} 项"] if len(items) > limit else [])


def margins(doc: WordDoc, profile: StyleProfile) -> RuleResult:
    tol = profile.check.margin_mm
    names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
    problems, fix_sides, geometry = [], [], profile.portrait
    for n, s in enumerate(doc.sections, start=1):
        g = geometry_of(s, profile)
        for side in ("top", "bottom", "left", "right"):
            want, got = getattr(g, f"{side}_mm"), getattr(s, f"{side}_mm")
            if abs(want - got) > tol:
                problems.append(f"第{n}节{names[side]} {want:g} mm，实测 {got:.1f} mm")
                if side not in fix_sides:
                    fix_sides.append(side)
                geometry = g
    p = profile.portrait
    expected = f"上 {p.top_mm:g}、下 {p.bottom_mm:g}、左 {p.left_mm:g}、右 {p.right_mm:g} mm（纵向）"
    if problems:
        return RuleResult("margins", "fail", "；".join(_short(problems)), expected,
                          fixes.margins(geometry, fix_sides))
    s = doc.sections[0]
    return RuleResult("margins", "pass", f"上 {s.top_mm:.1f}、下 {s.bottom_mm:.1f}、左 "
                      f"{s.left_mm:.1f}、右 {s.right_mm:.1f} mm", expected)


def _body_line_pitch(body: list[Paragraph], section: Section, size: float) -> float:
    """The line pitch (pt) of the body paragraphs, as Word lays them on this section's grid."""
    props = body[len(body) // 2].props if body else {}
    rule = props.get("lineRule", "auto")
    try:
        line = int(props.get("line", "240"))
    except ValueError:
        line = 240
    natural = size * 1.3 * (line / 240 if rule == "auto" else 1)
    if rule == "exact":
        return line / 20
    if rule == "atLeast":
        natural = max(line / 20, size * 1.3)
    grid = section.grid_type in ("lines", "linesAndChars", "snapToChars")
    if grid and props.get("snap", "1") != "0" and section.grid_pitch_twips:
        pitch = section.grid_pitch_twips / 20
        return math.ceil(natural / pitch - 0.01) * pitch
    return natural


def grid(doc: WordDoc, roles: Roles, profile: StyleProfile) -> list[RuleResult]:
    body_role = profile.role("body")
    g, want_lines, want_chars = profile.portrait, profile.grid.lines, profile.grid.chars
    fix = fixes.grid(want_lines, want_chars, profile.grid.line_pitch_pt)
    portrait = [s for s in doc.sections if not landscape(s)]
    if not roles.body or not portrait:
        why = "没有正文段落" if not roles.body else "没有纵向页面"
        return [RuleResult("grid_lines", "na", why), RuleResult("grid_chars", "na", why)]
    section = portrait[0]
    size, _ = dominant(roles.body, "size")
    size = float(size or body_role.size)
    pitch = _body_line_pitch(roles.body, section, size)
    height_pt = (g.height_mm - g.top_mm - g.bottom_mm) / PT_MM
    lines = int((height_pt + profile.check.pitch_slack_pt) // pitch)
    expected = f"每页 {want_lines} 行（行距约 {profile.grid.line_pitch_pt:g} 磅）"
    measured = f"正文行距 {pitch:.2f} 磅：{g.height_mm - g.top_mm - g.bottom_mm:g} mm 版心排 {lines} 行"
    results = [RuleResult("grid_lines", "pass" if lines == want_lines else "fail", measured,
                          expected, "" if lines == want_lines else fix)]
    width_pt = (g.width_mm - g.left_mm - g.right_mm) / PT_MM
    if section.grid_type in ("linesAndChars", "snapToChars") and section.grid_char_space is not None:
        char = doc.normal_size + section.grid_char_space / 4096
        how = f"文档网格字距 {char:.2f} 磅"
    else:
        spacing = _spacing(roles.body)
        char = size + spacing
        how = f"正文 {size:g} 磅、字间距 {spacing:+.2f} 磅"
    chars = int((width_pt + 0.5) // char) if char > 0 else 0
    results.append(RuleResult(
        "grid_chars", "pass" if chars == want_chars else "fail",
        f"{how}：{g.width_mm - g.left_mm - g.right_mm:g} mm 版心每行 {chars} 字",
        f"每行 {want_chars} 字", "" if chars == want_chars else fix))
    return results


def _spacing(body: list[Paragraph]) -> float:
    tally: dict[float, int] = {}
    for p in body:
        for run in p.runs:
            try:
                value = int(run.props.get("spacing", "0")) / 20
            except ValueError:
                value = 0.0
            tally[value] = tally.get(value, 0) + len(run.text)
    return max(tally, key=lambda k: tally[k]) if tally else 0.0


def fonts_and_sizes(roles: Roles, profile: StyleProfile) -> list[RuleResult]:
    tol = profile.check.size_pt
    results = []
    groups = {"body": roles.body, "title": roles.title, "heading1": roles.headings["heading1"],
              "heading2": roles.headings["heading2"]}
    for role_name, paragraphs in groups.items():
        role = profile.role(role_name)
        label = ROLE_LABELS[role_name]
        first_only = role_name.startswith("heading")
        rule = f"{role_name}_font"
        if not paragraphs:
            results.append(RuleResult(rule, "na", f"文中没有{label}"))
        else:
            font, tally = dominant(paragraphs, "font", first_only)
            name = str(font) if font else "未指定（用默认字体）"
            ok = bool(font) and same_font(str(font), profile.accepted_fonts(role.font))
            others = "、".join(f"{f or '未指定'} {n} 字" for f, n in tally.most_common(3))
            result = RuleResult(rule, "pass" if ok else "fail", f"{name}（{others}）",
                                role.font, "" if ok else fixes.font(label, role.font))
            stray = [(str(f) or "未指定", n) for f, n in tally.items()
                     if not (f and same_font(str(f), profile.accepted_fonts(role.font)))]
            _stray(result, stray, sum(tally.values()), fixes.font(f"这些{label}文字", role.font))
            results.append(result)
        if role_name in ("body", "title") and paragraphs:
            size, tally = dominant(paragraphs, "size", first_only)
            ok = size is not None and abs(float(size) - role.size) <= tol
            result = RuleResult(f"{role_name}_size", "pass" if ok else "fail",
                                fixes.hao(float(size or 0)), fixes.hao(role.size),
                                "" if ok else fixes.size(label, role.size))
            stray = [(fixes.hao(float(z)), n) for z, n in tally.items()
                     if abs(float(z) - role.size) > tol]
            _stray(result, stray, sum(tally.values()), fixes.size(f"这些{label}文字", role.size))
            results.append(result)
        elif role_name in ("body", "title"):
            results.append(RuleResult(f"{role_name}_size", "na", f"文中没有{label}"))
    headings = [p for ps in roles.headings.values() for p in ps]
    if headings:
        want = profile.role("heading1").size
        off = [p.text.strip()[:12] for p in headings if abs(main_size(p) - want) > tol]
        results.append(RuleResult(
            "heading_size", "fail" if off else "pass",
            f"{len(headings)} 个标题" + (f"，字号不符：{'；'.join(_short(off, 3))}" if off else ""),
            fixes.hao(want), fixes.size("各级标题", want) if off else ""))
    else:
        results.append(RuleResult("heading_size", "na", "文中没有各级标题"))
    return results


def _stray(result: RuleResult, stray: list[tuple[str, int]], total: int, fix: str) -> None:
    """A passing font or size rule with a noticeable share of other text (pasted from elsewhere,
    say) becomes a reminder naming it."""
    count = sum(n for _, n in stray)
    if result.status != "pass" or count < max(10, total * 0.02):
        return
    result.status = "warn"
    result.measured += "；另有 " + "、".join(f"{n} 字为 {what}" for what, n in stray[:3])
    result.fix = fix


def masthead_rule(roles: Roles) -> RuleResult:
    if not roles.masthead:
        return RuleResult("masthead_rule", "na", "没有红色版头")
    candidates = roles.masthead + roles.after_masthead
    for p in candidates:
        for side in ("bdr_bottom", "bdr_top"):
            if is_red(p.props.get(side, ":").split(":")[1]):
                return RuleResult("masthead_rule", "pass", "版头下有红色分隔线（段落边框）",
                                  "红色分隔线")
        if is_red(p.has_drawing_line):
            return RuleResult("masthead_rule", "pass", "版头下有红色分隔线（图形）", "红色分隔线")
    return RuleResult("masthead_rule", "fail", "版头下没有红色分隔线", "红色分隔线，与版心同宽",
                      fixes.masthead_rule())


def doc_number(paragraphs: list[Paragraph]) -> RuleResult:
    return doc_number_in([p.text for p in paragraphs if not p.in_table],
                         [p.text for p in paragraphs if p.in_table])


def _numbers(texts: Sequence[str]) -> tuple[int, list[str]]:
    good, bad = 0, []
    for text in texts:
        for m in DOC_NUMBER.finditer(text):
            if m.group("open") == "〔" and m.group("close") == "〕":
                good += 1
            else:
                bad.append(m.group(0))
    return good, bad


def doc_number_in(texts: Sequence[str], quoted: Sequence[str] = ()) -> RuleResult:
    """发文字号 in the document's own text; ``quoted`` text (table cells: units' reports quoted
    as received) only earns a reminder."""
    expected = "年份用六角括号〔〕"
    good, bad = _numbers(texts)
    _, quoted_bad = _numbers(quoted)
    if bad:
        right = DOC_NUMBER.sub(lambda m: m.group(0).replace(m.group("open"), "〔", 1)
                               .replace(m.group("close"), "〕", 1), bad[0])
        return RuleResult("doc_number", "fail", f"{len(bad)} 处括号不对：{'、'.join(_short(bad, 3))}",
                          expected, fixes.doc_number(bad[0], right))
    if quoted_bad:
        return RuleResult("doc_number", "warn",
                          f"正文{good} 处正确；表格（引用的原文）中 {len(quoted_bad)} 处括号不对："
                          f"{'、'.join(_short(quoted_bad, 3))}", expected,
                          "如需改正，在表格中把年份括号改为〔〕")
    if not good:
        return RuleResult("doc_number", "na", "文中没有发文字号", expected)
    return RuleResult("doc_number", "pass", f"{good} 处发文字号均用〔〕", expected)


def attachment_label(roles: Roles, profile: StyleProfile) -> RuleResult:
    role = profile.role("attachment_label")
    if not roles.attachment_labels:
        return RuleResult("attachment_label", "na", "没有附件标识")
    problems = []
    for p in roles.attachment_labels:
        font, _ = dominant([p], "font")
        size = main_size(p)
        indent = any(int(p.props.get(k, "0") or 0) > 0 for k in
                     ("ind_left", "ind_start", "ind_firstLine", "ind_leftChars", "ind_firstLineChars")
                     if re.fullmatch(r"-?\d+", p.props.get(k, "0") or "0"))
        if not font or not same_font(str(font), profile.accepted_fonts(role.font)):
            problems.append(f"字体 {font or '未指定'}")
        if abs(size - role.size) > profile.check.size_pt:
            problems.append(f"字号 {size:g} 磅")
        if indent or aligned(p) not in ("left",):
            problems.append("未顶格左对齐")
    expected = f"{role.font} {fixes.hao(role.size)}，顶格"
    label = "、".join(sorted({p.text.strip() for p in roles.attachment_labels}))
    if problems:
        return RuleResult("attachment_label", "fail", f"{label}：{'；'.join(problems)}", expected,
                          fixes.attachment_label(role.font, role.size))
    return RuleResult("attachment_label", "pass", f"{label}：{role.font}，顶格", expected)


def colophon(roles: Roles, profile: StyleProfile) -> RuleResult:
    paras = roles.colophon
    expected = "版记首末分隔线粗（0.35 mm），中间细（0.25 mm）"
    if not paras and roles.colophon_in_table:
        return RuleResult("colophon", "warn", "版记排在表格中：分隔线是表格框线，未逐条核对", expected,
                          "请目视核对：" + fixes.colophon())
    if not paras:
        if roles.masthead:
            return RuleResult("colophon", "fail", "有版头但没有版记（抄送、印发机关和印发日期）",
                              expected, "在末页末尾加版记：" + fixes.colophon())
        return RuleResult("colophon", "na", "没有版记", expected)
    thick = profile.check.colophon_thick_pt * 8
    rules: list[float | None] = []  # one per boundary: above the first, then below each
    for i in range(len(paras) + 1):
        above = paras[i - 1].props.get("bdr_bottom") if i > 0 else None
        below = paras[i].props.get("bdr_top") if i < len(paras) else None
        drawn = (paras[i - 1].has_drawing_line if i > 0 else None) or (
            paras[i].has_drawing_line if i < len(paras) else None)
        border = above or below
        rules.append(_eighths(border) if border else (99.0 if drawn else None))
    missing = [i for i, r in enumerate(rules) if r is None]
    thin_ends = [i for i in (0, len(rules) - 1) if (r := rules[i]) is not None and r < thick]
    measured = f"{len(paras)} 段，分隔线 {len(rules) - len(missing)}/{len(rules)} 条"
    if missing or thin_ends:
        what = []
        if missing:
            what.append("缺 " + "、".join("首条" if i == 0 else "末条" if i == len(rules) - 1
                                          else f"第{i + 1}条" for i in missing))
        if thin_ends:
            what.append("首末分隔线过细")
        return RuleResult("colophon", "fail", measured + "：" + "，".join(what), expected,
                          fixes.colophon())
    return RuleResult("colophon", "pass", measured, expected)


def _eighths(border: str) -> float:
    """The width (eighths of a point) of a border written as "sz:colour"; 4 when unreadable."""
    try:
        return float(border.split(":")[0])
    except ValueError:
        return 4.0


def check_structure(doc: WordDoc, profile: StyleProfile) -> list[RuleResult]:
    """Every structural rule on one .docx."""
    roles = classify(doc.paragraphs, profile.role("body").size)
    results = [paper(doc, profile), margins(doc, profile)]
    results += grid(doc, roles, profile)
    results += fonts_and_sizes(roles, profile)
    results += page_number_rules(doc, profile)
    results += [masthead_rule(roles), doc_number([p for p in doc.paragraphs]),
                attachment_label(roles, profile), colophon(roles, profile)]
    return results
