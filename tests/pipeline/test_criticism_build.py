"""通报批评: an item under 督办 for the third time is named in the bulletin (off by default)."""
from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document as open_docx

from reportgen.pipeline import build
from reportgen.pipeline.duban import build_duban

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08"


def _period(folder: Path, name: str) -> None:
    text = (EXAMPLE / "台账.yaml").read_text(encoding="utf-8")
    (folder / "台账.yaml").write_text(text.replace("period: 2022年8-10月", f"period: {name}"),
                                     encoding="utf-8")


def test_third_notice_puts_the_item_in_the_bulletins_criticism(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "督办.yaml", tmp_path / "督办.yaml")
    db = str(tmp_path / "reportgen.db")
    numbers = {}
    for month in ("2022年8月", "2022年9月", "2022年10月"):
        _period(tmp_path, month)
        result = build_duban(tmp_path / "督办.yaml", tmp_path / month, db=db)
        numbers[month] = {n.unit: n.number for n in result.notices}
    config = (EXAMPLE / "config.yaml").read_text(encoding="utf-8")
    config = config.replace("    signature: 中共湛河区委区政府督查局\n",
                            "    signature: 中共湛河区委区政府督查局\n    criticism: true\n")
    (tmp_path / "config.yaml").write_text("db: reportgen.db\n" + config, encoding="utf-8")
    outputs = build(tmp_path / "config.yaml", tmp_path / "通报", ["docx"]).outputs
    texts = [p.text for p in open_docx(str(outputs[0])).paragraphs]
    paragraph = next(t for t in texts if t.startswith("经三次及以上督办"))
    assert "区交通局承办的“加快农村基础设施建设" in paragraph
    cited = "、".join(numbers[m]["区交通局"] for m in numbers)
    assert f"（第44项，{cited}）" in paragraph
    assert paragraph.count("承办的") == 10  # every lagging row, each under 督办 three times
    plain = (tmp_path / "config.yaml").read_text(encoding="utf-8").replace("criticism: true",
                                                                           "criticism: false")
    (tmp_path / "config.yaml").write_text(plain, encoding="utf-8")
    outputs = build(tmp_path / "config.yaml", tmp_path / "通报2", ["docx"]).outputs
    assert not any(p.text.startswith("经三次") for p in open_docx(str(outputs[0])).paragraphs)
