"""A template or profile from someone else makes no writer read a local file or reach the network.

The PDF pass fetches only reportgen's bundled fonts (reportgen/writers/fetch.py); every writer
refuses HTML outside the vocabulary, in the head as in the body (exit 4 from the CLI).
"""
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from hardening_support import pdf_text, render
from support import exit_status

from reportgen.errors import TemplateError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.writers import get_writer
from reportgen.writers import pdf as pdf_writer
from reportgen.writers.fetch import BUNDLED_ROOTS, allowed_path

SECRET = "绝密SECRET-7f3a9c：不得外传"
LEDGER = """title: 测试台账
period: 2022年8-10月
items:
  - seq: 1
    task: 深化国有投融资公司改革
    units:
      - unit: 区财政局
        person: 李会卿
        progress: 正在积极包装项目。
        status: 正常
"""
CONFIG = """ledger: 台账.yaml
office: 某区督查局
date: 2022-11-12
documents:
  - kind: bulletin
    file: 通报
    formats: [pdf]
    params: {issue_no: 8, title: 关于重点工作任务进展情况的通报}
"""


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on the loopback address that counts the requests it gets."""
    _Counter.hits = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "机密.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _folder(tmp_path: Path, template: str | None = None) -> Path:
    folder = tmp_path / "work"
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "台账.yaml").write_text(LEDGER, encoding="utf-8")
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    user = folder / "templates" / "bulletin.html.j2"
    if template is None:
        user.unlink(missing_ok=True)
    else:
        user.write_text(template, encoding="utf-8")
    return folder


def _hostile(secret: Path, server: str) -> str:
    """A whole user template that tries every way to make WeasyPrint fetch something."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通报</title>'
        f'<link rel="attachment" href="{secret.as_uri()}">'
        '<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{server}/sheet.css">'
        f'<style>body {{ background: url({server}/bg.png) }}</style></head><body>'
        '<section class="portrait"><p>正文。</p>'
        f'<p><img src="{secret.as_uri()}"></p>'
        f'<p style="background: url({server}/p.png)">样式。</p></section></body></html>')


def _attachments(path: Path) -> dict[str, list[bytes]]:
    return dict(pypdf.PdfReader(path).attachments)


def test_a_hostile_user_template_fails_the_build_and_reads_nothing(
        tmp_path: Path, secret: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert exit_status(["build", str(folder / "config.yaml")]) == 0  # an honest build first
    published = folder / "输出" / "通报.pdf"
    before = published.read_bytes()
    _folder(tmp_path, _hostile(secret, server))
    assert exit_status(["build", str(folder / "config.yaml")]) == 4
    err = capsys.readouterr().err
    assert "词汇表之外" in err and "Traceback" not in err
    assert published.read_bytes() == before  # the older PDF is left as it was
    assert _attachments(published) == {}
    text = pdf_text(published)
    assert SECRET not in text and "root:" not in text and "正文" not in text
    assert _Counter.hits == []  # the network was not reached


@pytest.mark.parametrize("markup", [
    '<p><img src="file:///etc/passwd"></p>',
    '<p style="background: url(http://127.0.0.1:9/x)">文字</p>',
    '<p><a href="file:///etc/passwd" rel="attachment">附件</a></p>',
    '<p onclick="alert(1)">文字</p>',
    '<p><object data="file:///etc/passwd"></object></p>',
    '<p><svg><image href="file:///etc/passwd"/></svg></p>',
    '<table class="ledger"><colgroup><col class="task" style="width: 100%; '
    'background: url(http://127.0.0.1:9/)"></colgroup></table>',
])
@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_every_writer_refuses_markup_outside_the_vocabulary(
        fmt: str, markup: str, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "bulletin.html.j2").write_text(
        '{% extends "_base.html.j2" %}{% block body %}<section class="portrait">'
        + markup + "</section>{% endblock %}", encoding="utf-8")
    ledger = Ledger(title="台账", items=[Item(seq="1", task="任务", rows=[UnitRow(unit="甲")])])
    document = render(ledger, base_dir=tmp_path)
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(TemplateError, match="词汇表之外"):
        get_writer(fmt)(document, target)
    assert not target.exists()


@pytest.mark.parametrize("head", [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<style>p { color: red }</style>',
    '<script>alert(1)</script>',
    '<base href="file:///etc/">',
    '<meta http-equiv="refresh" content="0; url=file:///etc/passwd">',
])
def test_the_head_is_checked_too(head: str, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "bulletin.html.j2").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>'
        + head + '</head><body><section class="portrait"><p>正文</p></section></body></html>',
        encoding="utf-8")
    ledger = Ledger(title="台账", items=[Item(seq="1", task="任务", rows=[UnitRow(unit="甲")])])
    document = render(ledger, base_dir=tmp_path)
    for fmt in ("docx", "pdf", "html"):
        with pytest.raises(TemplateError, match="词汇表之外"):
            get_writer(fmt)(document, tmp_path / f"out.{fmt}")


def _raw_pdf(html: str, tmp_path: Path) -> Path:
    """Lay ``html`` out past the vocabulary check, as a future bug or another caller might."""
    ledger = Ledger(title="台账", items=[Item(seq="1", task="任务", rows=[UnitRow(unit="甲")])])
    document = render(ledger)
    target = tmp_path / "raw.pdf"
    pdf_writer._save(*pdf_writer._render(html, document, "t", "a"), target)
    return target


@pytest.mark.parametrize("kind", ["attachment", "img", "css-url", "stylesheet", "data"])
def test_the_pdf_fetcher_refuses_everything_but_bundled_fonts(
        kind: str, tmp_path: Path, secret: Path, server: str) -> None:
    head, body = "", "<p>正文</p>"
    if kind == "attachment":
        head = f'<link rel="attachment" href="{secret.as_uri()}">'
    elif kind == "img":
        body = f'<img src="{secret.as_uri()}">'
    elif kind == "css-url":
        head = f"<style>body {{ background: url({server}/bg.png) }}</style>"
    elif kind == "stylesheet":
        head = f'<link rel="stylesheet" href="{server}/sheet.css">'
    else:
        body = '<img src="data:image/png;base64,iVBORw0KGgo=">'
    html = f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"
    with pytest.raises(TemplateError, match="自带字体以外的资源") as info:
        _raw_pdf(html, tmp_path)
    assert "docs/security.md" in info.value.message
    assert not (tmp_path / "raw.pdf").exists()
    assert _Counter.hits == []


def test_bundled_fonts_are_still_served(tmp_path: Path) -> None:
    fonts = sorted(BUNDLED_ROOTS[0].glob("*.otf"))
    assert fonts and allowed_path(fonts[0].as_uri()) == fonts[0].resolve()
    assert allowed_path(f"file://{BUNDLED_ROOTS[0]}/../../../../etc/passwd") is None
    assert allowed_path("file:///etc/passwd") is None
    assert allowed_path("http://127.0.0.1/") is None
    css = f'@font-face {{ font-family: "T"; src: url("{fonts[0].as_uri()}") }}'
    html = (f'<html><head><title>t</title><style>{css} p {{ font-family: "T" }}</style></head>'
            "<body><p>正文可见</p></body></html>")
    assert "正文可见" in pdf_text(_raw_pdf(html, tmp_path))


def test_a_profile_colour_cannot_inject_css(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    from reportgen.resources import find

    folder = _folder(tmp_path)
    profile = yaml.safe_load(find("configs", "profiles/gbt9704.yaml").read_text(encoding="utf-8"))
    profile["roles"]["body"]["color"] = "#000; } body { background: url(http://127.0.0.1:9/) "
    (folder / "profiles").mkdir()
    (folder / "profiles" / "gbt9704.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True),
                                                      encoding="utf-8")
    assert exit_status(["build", str(folder / "config.yaml")]) == 3
    assert "#RRGGBB" in capsys.readouterr().err
    assert not (folder / "输出" / "通报.pdf").exists()
