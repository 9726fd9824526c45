"""The 公开版 of several documents, joined into one PDF whose pages are numbered on: one 版记,
on the last page of the whole (GB/T 9704 7.3.7, 7.4, 7.5; writers/colophon.py).

Two copies of the three-city summary (seed 003, given a 版记 as in test_colophon) are joined:
the first one's body ends on an odd or an even page, which decides where the 版记 of the whole
goes, though the last document alone would put it at the foot of its own last page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_colophon import CC, ISSUED, assert_colophon_last, make_config, pages_of

from reportgen import pipeline

# sentences added to the first and to the second summary's opening paragraph -> pages of the
# joined body, where the 版记 goes
CASES = {(30, 0): (17, "page"), (0, 0): (16, "foot")}


def joined_config(folder: Path, first: int, second: int) -> Path:
    """Two summaries (9 or 8 pages, then 8 pages with room at the foot) and their 公开版."""
    path = make_config(folder, second)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    other = yaml.safe_load(make_config(folder / "first", first).read_text(encoding="utf-8"))
    lead = dict(other["documents"][0], file="第一份报告", formats=["pdf"])
    config["documents"] = [lead, dict(config["documents"][0], formats=["pdf"])]
    config["publish"] = {"file": "公开版"}
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("first", "second"), list(CASES))
def test_joined_public_pdf_has_one_colophon_on_its_last_page(tmp_path: Path, first: int,
                                                             second: int) -> None:
    body_pages, where = CASES[(first, second)]
    config = joined_config(tmp_path, first, second)
    pipeline.build(config, tmp_path / "out", ["pdf"], jobs=1)
    pages = pages_of(tmp_path / "out" / "公开版.pdf")
    whole = "".join(str(p["text"]) for p in pages)
    assert whole.count("抄送：") == 1 and whole.count(ISSUED) == 1
    # at the foot of the last body page when that is even (numbered), else on the next even page
    assert_colophon_last(pages, body_pages, where)
    # each document's own PDF keeps its 版记 as a file of its own
    for name, alone in (("第一份报告", 9 if first else 8), ("重点工作进展情况报告", 8)):
        own = pages_of(tmp_path / "out" / f"{name}.pdf")
        assert str(own[-1]["text"]).endswith("抄送：" + CC + ISSUED)
        assert_colophon_last(own, alone, "foot" if alone == 8 else "page")


def test_joined_public_pdf_written_by_workers_is_the_same(tmp_path: Path) -> None:
    """Two workers (the 公开版 in one of them) place it as one process does."""
    config = joined_config(tmp_path, 30, 0)
    pipeline.build(config, tmp_path / "one", ["pdf"], jobs=1)
    pipeline.build(config, tmp_path / "two", ["pdf"], jobs=2)
    assert pages_of(tmp_path / "one" / "公开版.pdf") == pages_of(tmp_path / "two" / "公开版.pdf")
