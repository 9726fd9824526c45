"""Documents for the check tests: our examples built by the pipeline, and .docx mutations."""
from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from lxml import etree

from reportgen import pipeline

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
COLOPHON = (
    f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="RgColophon"/><w:pBdr>'
    '<w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
    '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr></w:pPr>'
    "<w:r><w:t>抄送：区委办公室，区政府办公室。</w:t></w:r></w:p>",
    f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="RgColophon"/><w:pBdr>'
    '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr></w:pPr>'
    "<w:r><w:t>中共湛河区委区政府督查局</w:t></w:r><w:r><w:tab/></w:r>"
    "<w:r><w:t>2022年11月12日印发</w:t></w:r></w:p>",
)


def build_example(name: str, out: Path) -> list[Path]:
    """Every .docx and .pdf the example's config builds, through the pipeline."""
    result = pipeline.build(EXAMPLES / name / "config.yaml", out, ["docx", "pdf"])
    return sorted(p for p in result.outputs if p.suffix in (".docx", ".pdf"))


def build_small_bulletin(folder: Path) -> Path:
    """The seed-002 bulletin over its first four items: two portrait pages, a short table."""
    folder.mkdir(parents=True, exist_ok=True)
    source = EXAMPLES / "zhanhe-2022-08"
    ledger = yaml.safe_load((source / "台账.yaml").read_text(encoding="utf-8"))
    ledger["items"] = ledger["items"][:4]
    (folder / "台账.yaml").write_text(yaml.safe_dump(ledger, allow_unicode=True), "utf-8")
    config = yaml.safe_load((source / "config.yaml").read_text(encoding="utf-8"))
    config.pop("publish", None)
    config["documents"][0]["formats"] = ["docx"]
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    outputs = pipeline.build(folder / "config.yaml", folder / "out", ["docx"]).outputs
    return next(p for p in outputs if p.suffix == ".docx")


def rewrite(source: Path, target: Path, edits: dict[str, Callable[[bytes], bytes]]) -> Path:
    """A copy of a .docx with some parts rewritten; each edit must change its part."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            data = zin.read(name)
            for pattern, edit in edits.items():
                if re.fullmatch(pattern, name):
                    changed = edit(data)
                    if changed != data:
                        data = changed
            zout.writestr(name, data)
    return target


def xml_edit(fn: Callable[[etree._Element], bool]) -> Callable[[bytes], bytes]:
    """An edit of a part's XML tree by ``fn`` (which says whether it changed anything)."""
    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        if not fn(root):
            return data
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True))
    return edit


def replace(old: str, new: str, count: int = -1) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        return data.replace(old.encode(), new.encode(), count)
    return edit


def add_colophon(root: etree._Element) -> bool:
    """Append a 版记 (two paragraphs, thick first and last rule) when the document has none."""
    if "印发" in "".join(root.itertext()):
        return False
    body = root.find("w:body", NS)
    assert body is not None
    final = body.find("w:sectPr", NS)
    for xml in COLOPHON:
        final.addprevious(etree.fromstring(xml))
    return True


def style(root: etree._Element, style_id: str) -> etree._Element:
    found = root.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def set_attr(element: etree._Element | None, name: str, value: str) -> bool:
    assert element is not None
    element.set(f"{{{W}}}{name}", value)
    return True
