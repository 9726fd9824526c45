"""A task's progress lines into unit rows (stage two of narrative reports): after a label line
alone (落实情况：), each paragraph opening with a unit's name (区财政局：…) starts a row of its own."""
from __future__ import annotations

import re

from reportgen.errors import ProblemList
from reportgen.loaders.clean import clean_field, looks_like_unit
from reportgen.loaders.raw import Cell, RawRow
from reportgen.loaders.recognise.common import is_marker
from reportgen.model import split_units

LABEL = re.compile(r"^(?P<label>(?:落实|进展|完成|推进|工作进展)情况|工作进展)(?P<colon>[：:])\s*")
UNIT_PREFIX = re.compile(r"^(?P<unit>(?:[^：:（(，。；,]|（[^（）]*）){2,60}?)"
                         r"(?:（(?P<person>(?:[^（）：:，。]|（[^（）]*）){1,40})）)?[：:](?P<rest>.*)$")


def label_of(text: str) -> str | None:
    """The progress label a line opens with (落实情况：), or None."""
    match = LABEL.match(text)
    return match.group("label") + match.group("colon") if match else None


def unit_rows(lines: list[tuple[str, str]], label: str | None,
          problems: ProblemList) -> tuple[list[RawRow], bool]:
    """Unit rows from a task's content lines (a label alone opens unit-prefixed rows).

    Also says whether the label stood alone over text that named no unit.
    """
    units = False
    if label and lines:
        rest = lines[0][0][len(label):].strip()
        if rest:
            lines = [(rest, lines[0][1])] + lines[1:]
        else:
            lines, units = lines[1:], True
    rows: list[tuple[str, str | None, str | None, list[str]]] = []
    for text, where in lines:
        match = UNIT_PREFIX.match(text) if units else None
        if match and all(looks_like_unit(n) for n in split_units(match.group("unit"))):
            rows.append((where, match.group("unit"), match.group("person"),
                         [match.group("rest").strip()] if match.group("rest").strip() else []))
        elif rows:
            rows[-1][3].append(text)
        else:
            rows.append((where, None, None, [text]))
    alone = units and not any(unit for _, unit, _, _ in rows)
    if not rows:
        return [RawRow(None, {"progress": Cell(None, None, "进展情况")})], alone
    out: list[RawRow] = []
    for where, unit, person, texts in rows:
        row = RawRow(where)
        progress = "\n".join(texts)
        marker = is_marker(progress)
        if marker:
            row.cells["marker"] = Cell(marker, where, "marker")
            progress = ""
        if unit:
            row.cells["unit"] = Cell(clean_field("unit", unit, problems, where, "责任单位"),
                                     where, "责任单位")
        if person:
            row.cells["person"] = Cell(clean_field("person", person, problems, where, "责任人"),
                                       where, "责任人")
        row.cells["progress"] = Cell(clean_field("progress", progress, problems, where,
                                                 "进展情况"), where, "进展情况")
        out.append(row)
    return out, alone
