"""PDFs of the real examples (seed 002 bulletin with its ledger, seed 000 attachment) via the templates."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from support import portrait_checks

from reportgen.document import Document
from reportgen.writers import pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
MM = 72 / 25.4


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render(example: str) -> Document:
    from reportgen.pipeline import analyse, resolve_config
    from reportgen.profile import load_profile
    from reportgen.templating.render import render_document

    config = resolve_config(EXAMPLES / example / "config.yaml")
    analysis = analyse(config.resolve(config.ledger), config)
    profile = load_profile(config.profile, config.user_dirs)
    return render_document(config.documents[0], analysis.ledger, analysis.stats, config, profile)


def column_lines(path: Path, document: Document, first_page: int) -> dict[str, list[list[str]]]:
    """Per column key, per table page, the text lines inside that column (widths from <col>)."""
    widths = [(key, float(w)) for key, w in re.findall(
        r'<col class="(\w+)" style="width: ([\d.]+)%">', document.html)]
    geometry = document.profile.landscape
    left = geometry.left_mm * MM
    width = (geometry.width_mm - geometry.left_mm - geometry.right_mm) * MM
    out: dict[str, list[list[str]]] = {key: [] for key, _ in widths}
    with pdfplumber.open(path) as doc:
        for page in doc.pages[first_page:]:
            if page.width < page.height:
                continue  # the 版记 page (and a blank page before it)
            x = left
            for key, share in widths:
                x1 = x + width * share / 100
                crop = page.crop((x + 1, 0, x1 - 1, page.height - geometry.bottom_mm * MM))
                out[key].append((crop.extract_text() or "").splitlines())
                x = x1
    return out


def without_header(document: Document, key: str, lines: list[str]) -> str:
    """A column's text on one page without the repeated header cell at its top."""
    text = squash("".join(lines))
    title = squash(document.column_titles[key])
    return text.removeprefix(title)


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    document = render("zhanhe-2022-08")
    path = tmp_path_factory.mktemp("examples") / "督查通报第8期.pdf"
    pdf.write(document, path)
    return document, path


def test_seed002_bulletin_statistics_and_progress(bulletin: tuple[Document, Path]) -> None:
    document, path = bulletin
    with pdfplumber.open(path) as doc:
        pages = [(p.width, p.height, p.extract_text() or "") for p in doc.pages]
    landscape = [i for i, (w, h, _) in enumerate(pages) if w > h]
    portrait = [t for w, h, t in pages[:landscape[0]]]
    assert 1 <= len(portrait) <= 3 and all(h > w for w, h, _ in pages[:landscape[0]])
    # after the table: the 版记 on an even last page, a blank page before it if needed,
    # neither numbered (GB/T 9704 7.5)
    tail = pages[landscape[-1] + 1:]
    assert tail[-1][2].endswith("2022年11月12日印发") and len(pages) % 2 == 0
    assert all(not t for _, _, t in tail[:-1]) and len(tail) <= 2
    prose = squash("".join(PAGE_NUMBER.sub("", t) for t in portrait))
    for fact in ("48大项共计56项工作任务", "涉及35家主要责任单位", "积极推进事项22件，占比39%",
                 "进展“滞后”事项10件，占比18%", "二、工作要求", "中共湛河区委区政府督查局"):
        assert fact in prose, fact
    numbers = [int(m.group(1)) for _, _, t in pages for m in [PAGE_NUMBER.search(t)] if m]
    assert numbers == list(range(1, len(pages) - len(tail) + 1))

    cols = column_lines(path, document, landscape[0])
    text = {k: "".join(without_header(document, k, page) for page in v) for k, v in cols.items()}
    ledger = document.ledger
    for item, row in ledger.rows:
        assert squash(item.task) in text["task"], item.seq
        if row.has_progress:
            assert squash(row.progress or "") in text["progress"], (item.seq, row.unit)
    statuses = [w for page in cols["status"] for line in page for w in line.split()]
    assert [w for w in statuses if w in document.scale.names] == \
        [row.status for _, row in ledger.rows if row.status]


def test_seed000_attachment_merges_items_and_repeats_header(tmp_path: Path) -> None:
    document = render("pingdingshan-2020-04")
    path = tmp_path / "附件.pdf"
    pdf.write(document, path)
    with pdfplumber.open(path) as doc:
        assert len(doc.pages) >= 2
        assert all(p.width > p.height for p in doc.pages)
    cols = column_lines(path, document, 0)
    # The header row heads page 2 (and every page after the first).
    for key, title in (("seq", "序号"), ("task", "事项名称"), ("progress", "各项工作进展情况")):
        assert all(squash("".join(page[:2])).startswith(title) for page in cols[key][1:]), key
    # One 序号 per item, although items 7, 10 and 16 have several unit rows.
    seqs = [w for page in cols["seq"] for line in page for w in line.split() if w.isdigit()]
    assert seqs == [item.seq for item in document.ledger.items]
    assert len(document.ledger.rows) > len(document.ledger.items)
    units = squash("".join(line for page in cols["unit"] for line in page))
    for _, row in document.ledger.rows:
        assert squash(row.unit or "") in units


CHECKER = ROOT / ".." / "shared" / "tools" / "gbt9704_check.py"


@pytest.mark.skipif(not CHECKER.is_file(), reason=f"GB/T 9704 检查工具不在 {CHECKER}（../shared 缺失）")
def test_seed002_bulletin_passes_gbt9704_checks(bulletin: tuple[Document, Path]) -> None:
    """Every check holds; on the seed's two short body pages the checker measures the line pitch."""
    checks = portrait_checks(bulletin[1], CHECKER)
    failed = [c for c in checks.values() if not c["ok"]]
    assert not failed, failed
    assert "line pitch 28.95 pt" in checks["22 lines a page"]["detail"]
    assert {"28 characters a line", "page number position", "body font",
            "level-1 heading font", "left edge 28 mm", "right edge 26 mm"} <= set(checks)
