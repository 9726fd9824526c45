"""Helpers of the hardening tests: render a ledger through the real pieces, read outputs back."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reportgen.analysis.stats import compute
from reportgen.config import config_from_dict
from reportgen.document import Document
from reportgen.model import Ledger
from reportgen.profile import load_profile
from reportgen.templating.render import render_document

# What XML 1.0 forbids, and so what every writer may drop (docs: 删除控制字符 with a warning).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters the loaders and the HTML round trip may turn into a break, a space or nothing.
_LOOSE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad\x7f-\x9f]+")

TRICKY = [
    "堃镕瑄喆赟",  # rare CJK outside GB2312 (names)
    "👍🏽👨‍👩‍👧 完成",  # emoji with modifiers and ZWJ sequences
    "مرحبا بالعالم שלום",  # RTL Arabic and Hebrew
    "=SUM(A1:A3)", "+86 1234", "-5%", "@区财政局",  # formula-looking starts
    "<script>alert(1)</script></td><b>粗</b>&amp;&lt;",  # markup that must stay text
    "",  # empty
]


def norm(text: str) -> str:
    """Text as compared across formats: XML-illegal characters and all whitespace removed."""
    return _LOOSE.sub("", XML_ILLEGAL.sub("", text))


def render(ledger: Ledger, kind: str = "bulletin", base_dir: Path | None = None,
           params: dict[str, Any] | None = None) -> Document:
    """The document of ``kind`` over ``ledger``, via the real config, profile and templates."""
    values: dict[str, Any] = {"title": "关于重点工作任务进展情况的通报"}
    if kind == "bulletin":
        values["issue_no"] = 8
    values.update(params or {})
    config = config_from_dict({"ledger": "台账.yaml", "office": "某区督查局", "date": "2022-11-12",
                               "documents": [{"kind": kind, "params": values}]},
                              "config.yaml", base_dir or Path("/nonexistent"))
    profile = load_profile(config.profile, config.user_dirs)
    stats = compute(ledger, config.scale or ledger.scale)
    return render_document(config.documents[0], ledger, stats, config, profile)


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, in order."""
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx_cells(path: Path) -> list[str]:
    """Every string cell of the first sheet of an .xlsx."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def pdf_text(path: Path) -> str:
    """The extracted text of every page of a PDF."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def bulletin_config(folder: Path, ledger: str, file: str) -> Path:
    """folder/config.yaml: one bulletin (第1期, 通报) from ``ledger``, written as docx and xlsx."""
    config = folder / "config.yaml"
    config.write_text(yaml.safe_dump({
        "ledger": ledger, "office": "某区督查局", "date": "2022-11-12",
        "documents": [{"kind": "bulletin", "file": file, "formats": ["docx", "xlsx"],
                       "params": {"issue_no": 1, "title": "通报"}}]}, allow_unicode=True),
        encoding="utf-8")
    return config
