"""Odd values where numbers belong (as hand-edited or broken files have them) never crash."""
from __future__ import annotations

import re
from pathlib import Path

from check_support import rewrite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.check import check_docx, check_pdf
from reportgen.profile import load_profile

PROFILE = load_profile("gbt9704")
# attributes the rules turn into numbers, in document.xml and styles.xml
TARGETS = ['w:top="', 'w:left="', 'w:w="', 'w:h="', 'w:linePitch="', 'w:sz="', 'w:line="',
           'w:firstLine="', 'w:val="', 'w:color="']
VALUES = st.text(alphabet="0123456789-+.eEabcFF ", max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), value=VALUES, which=st.integers(0, 50))
def test_odd_attribute_values_give_a_report(sendable_bulletin: Path, tmp_path: Path,
                                            target: str, value: str, which: int) -> None:
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        spots = [m.end() for m in re.finditer(re.escape(target), text)]
        if not spots:
            return data
        at = spots[which % len(spots)]
        end = text.index('"', at)
        return (text[:at] + value + text[end:]).encode("utf-8")

    path = rewrite(sendable_bulletin, tmp_path / "odd.docx",
                   {"word/document.xml": edit, "word/styles.xml": edit})
    report = check_docx(path, PROFILE, render=False)
    assert report.error is None or report.error.strip()
    assert all(r.status in ("pass", "fail", "warn", "na") for r in report.results)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.floats(0.05, 0.95), length=st.integers(1, 4000), fill=st.binary(min_size=1,
                                                                               max_size=16))
def test_damaged_pdf_gives_a_report_or_a_named_error(built_examples: dict[str, list[Path]],
                                                     tmp_path: Path, start: float, length: int,
                                                     fill: bytes) -> None:
    source = next(p for p in built_examples["sanmenxia-2021-05"] if p.suffix == ".pdf")
    data = bytearray(source.read_bytes())
    at = int(len(data) * start)
    data[at:at + length] = (fill * (length // len(fill) + 1))[:length]
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    report = check_pdf(path, PROFILE)
    assert report.error is None or "PDF" in report.error or "无法读取" in report.error
