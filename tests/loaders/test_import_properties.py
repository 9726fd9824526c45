"""Whatever the order of a report's lines, importing keeps every one of them (hypothesis)."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.assemble import build_ledger
from reportgen.loaders.blocks import BlockStream, Para
from reportgen.loaders.recognise import recognise

WORDS = ["推进项目建设", "优化营商环境", "已完成投资5亿元。", "正在施工", "区财政局", "县交通局（王强）",
         "上半年", "关于重点工作的报告", "暂未报送进展", "二、改善民生", "一、发展经济"]
SHAPES = st.one_of(
    st.builds(lambda n, w: f"{n}.{w}", st.integers(1, 6), st.sampled_from(WORDS)),
    st.builds(lambda n, w: f"{n}、{w}", st.integers(1, 6), st.sampled_from(WORDS)),
    st.builds(lambda n, w: f"（{n}）{w}", st.integers(1, 6), st.sampled_from(WORDS)),
    st.builds(lambda w: f"落实情况：{w}", st.sampled_from(WORDS + [""])),
    st.builds(lambda u, w: f"{u}：{w}", st.sampled_from(["区财政局", "县交通局（王强）"]),
              st.sampled_from(WORDS)),
    st.sampled_from(WORDS),
    st.sampled_from(["一、发展经济", "二、改善民生", "三、加强治理", "2023年7月10日"]),
)
_KEEP = re.compile(r"^[\d.、（）()：:]*$")


def held_texts(lines: list[str]) -> tuple[list[str], str]:
    stream = BlockStream("报告.txt", [Para(t, f"第{i + 1}行") for i, t in enumerate(lines)])
    problems = ProblemList("报告.txt")
    recognition = recognise(stream, problems)
    ledger = build_ledger(recognition.raw, problems)
    texts = [ledger.title, *ledger.notes, *recognition.intro, *recognition.basis,
             str(ledger.date.year) + "年" + str(ledger.date.month) + "月" + str(ledger.date.day) + "日"
             if ledger.date else "",
             *(str(v) for v in recognition.params.values() if isinstance(v, str))]
    for item in ledger.items:
        texts += [item.section or "", item.task, *(item.notes or "").splitlines()]
        for row in item.rows:
            texts += [row.unit or "", row.person or "", *(row.progress or "").splitlines()]
    return [t for t in texts if t], recognition.shape


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SHAPES, min_size=1, max_size=14))
def test_every_line_is_kept(lines: list[str]) -> None:
    try:
        held, _ = held_texts(lines)
    except DataError:
        return  # no task and no section: refused by name, nothing imported
    pool = "\n".join(held)
    for line in lines:
        rest = line
        for text in sorted(held, key=len, reverse=True):
            if text and text in rest:
                rest = rest.replace(text, "", 1)
        assert _KEEP.match(rest), (line, rest, pool)


def test_lines_are_not_counted_twice(tmp_path: Path) -> None:
    held, _ = held_texts(["1.甲", "落实情况：乙", "2.丙"])
    assert sorted(held) == sorted(["甲", "乙", "丙", "落实情况：", "1."])


CELL = st.sampled_from(["", "", "甲事项", "乙事项", "区财政局", "区发改委", "已完成。", "正在推进。",
                        "备注一", "0375-1", "一、民生"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["", "1", "2", "3"]), CELL, CELL, CELL, CELL, CELL,
                          st.booleans()), min_size=1, max_size=10))
def test_every_cell_of_a_table_is_kept(rows: list[tuple[str, str, str, str, str, str, bool]]
                                       ) -> None:
    from reportgen.loaders.blocks import Grid, GridCell

    header = ["序号", "工作任务", "责任单位", "进展情况", "备注", "电话"]
    grid = Grid([[GridCell(h) for h in header]], "表格1")
    for r, (*cells, merged) in enumerate(rows, start=1):
        line = [GridCell(c) for c in cells]
        if merged and r > 1:  # the item cells merged with the row above (vMerge)
            for c in (0, 1):
                above = grid.rows[r - 1][c]
                line[c] = GridCell(covered=above.covered or (r - 1, c))
        grid.rows.append(line)
    stream = BlockStream("表.docx", [Para("台账", "第1段"), grid])
    problems = ProblemList("表.docx")
    try:
        recognition = recognise(stream, problems)
        ledger = build_ledger(recognition.raw, problems)
        problems.raise_if_errors("导入失败")
    except DataError:
        return  # refused by name (a table without any item)
    texts = [ledger.title, *ledger.notes]
    for item in ledger.items:
        texts += [item.seq or "", item.section or "", item.task, *(item.notes or "").split("\n")]
        for row in item.rows:
            texts += [row.unit or "", *(row.progress or "").split("\n")]
    def bare(text: str) -> str:  # unit cells are split at 、 and spaces: compare without them
        return re.sub(r"[\s、，,；;/]", "", text)

    pool = bare("".join(texts))
    for line in grid.rows[1:]:
        for cell in line:
            assert bare(cell.text) in pool, (cell.text, texts)
