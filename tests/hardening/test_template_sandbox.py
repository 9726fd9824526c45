"""A user's template runs sandboxed, strict and autoescaped: no Python internals, no files."""
from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import docx_text, norm, pdf_text, render

from reportgen.errors import TemplateError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.writers.docx import write as write_docx

PWNED = Path("/tmp/reportgen-hardening-pwned")

PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__.os.system('touch /tmp/reportgen-hardening-pwned') }}",
    "{{ lipsum.__globals__['os'].popen('touch /tmp/reportgen-hardening-pwned').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ ledger.__class__.__init__.__globals__ }}",
    "{{ stats.__dict__ }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(ledger) }}",
    "{{ ledger|attr('__class__') }}",
    "{{ self._TemplateReference__context }}",
    "{{ ledger.items.append(ledger.items[0]) }}",
    "{{ params.update({'title': '篡改'}) }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../../../etc/passwd' %}",
    "{% extends '/etc/hostname' %}",
    "{{ params.no_such_parameter }}",
]


def _ledger(progress: str = "正在推进。") -> Ledger:
    return Ledger(title="台账", items=[Item(seq="1", task="任务", rows=[
        UnitRow(unit="区财政局", person="王惠平", progress=progress, status="积极")])])


def _user_template(folder: Path, body: str) -> Path:
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "bulletin.html.j2").write_text(
        '{% extends "_base.html.j2" %}{% block body %}<section class="portrait"><p>'
        + body + "</p></section>{% endblock %}", encoding="utf-8")
    return folder


def test_a_user_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    document = render(_ledger(), base_dir=_user_template(tmp_path, "自定义模板：{{ params.title }}"))
    assert "自定义模板：关于重点工作任务进展情况的通报" in document.html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_malicious_user_template_raises_template_error(payload: str, tmp_path: Path) -> None:
    PWNED.unlink(missing_ok=True)
    ledger = _ledger()
    with pytest.raises(TemplateError) as info:
        render(ledger, base_dir=_user_template(tmp_path, payload))
    assert "模板" in info.value.message
    assert not PWNED.exists()
    assert len(ledger.items) == 1


def test_a_huge_range_in_a_user_template_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError):
        render(_ledger(), base_dir=_user_template(tmp_path, "{{ range(10**9)|length }}"))


def test_an_undefined_name_is_named_with_its_template_and_line(tmp_path: Path) -> None:
    folder = _user_template(tmp_path, "{{ params.no_such_parameter }}")
    with pytest.raises(TemplateError) as info:
        render(_ledger(), base_dir=folder)
    assert "bulletin.html.j2" in info.value.message
    assert "no_such_parameter" in info.value.message


MARKUP = "<script>alert('x')</script></td></tr></table><p class=\"title\">注入</p>&amp;"


def test_markup_in_a_progress_text_is_escaped_in_the_html(tmp_path: Path) -> None:
    document = render(_ledger(MARKUP), kind="attachment")
    assert "<script>" not in document.html
    assert "&lt;script&gt;" in document.html
    assert document.html.count("<table") == 1 and document.html.count("</table>") == 1


def test_markup_in_a_progress_text_arrives_as_literal_text_in_word(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "a.docx"
    write_docx(render(_ledger(MARKUP), kind="attachment"), path)
    assert norm(MARKUP) in norm(docx_text(path))
    table = docx.Document(str(path)).tables[0]
    assert len(table.rows) == 2 and len(table.columns) == 4  # the table was not broken open
    assert table.rows[1].cells[3].text == MARKUP


def test_markup_in_a_progress_text_arrives_as_literal_text_in_the_pdf(tmp_path: Path) -> None:
    from reportgen.writers.pdf import write as write_pdf

    path = tmp_path / "a.pdf"
    write_pdf(render(_ledger(MARKUP), kind="attachment"), path)
    text = norm(pdf_text(path))
    # The cell wraps at its space; the extractor interleaves the other cells' lines there.
    for part in MARKUP.split(" "):
        assert norm(part) in text, part


# Found by the fuzz campaign (tools/fuzz_campaign.py, docs/security.md «模糊测试»).

def test_an_include_of_a_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    """Path.is_file() raised OSError (ENAMETOOLONG) out of the template loader."""
    folder = _user_template(tmp_path, "{% include '" + "进" * 3000 + ".html.j2' %}")
    with pytest.raises(TemplateError, match="找不到模板") as info:
        render(_ledger(), base_dir=folder)
    assert len(info.value.message) < 300


def test_markup_outside_the_vocabulary_names_the_document_and_its_template(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The refusal said only «HTML 第14行»: which of a config's documents, which template?"""
    from support import SEED_002, exit_status

    folder = tmp_path / "例"
    folder.mkdir()
    (folder / "台账.yaml").write_bytes((SEED_002 / "台账.yaml").read_bytes())
    (folder / "config.yaml").write_text(
        "ledger: 台账.yaml\noffice: 某区督查局\ndate: 2022-11-12\ndocuments:\n"
        "- kind: bulletin\n  file: 通报\n  formats: [html]\n"
        "  params: {issue_no: 8, title: 关于重点工作任务进展情况的通报}\n", encoding="utf-8")
    _user_template(folder, "<colgroup></colgroup>")
    assert exit_status(["build", str(folder / "config.yaml"), "-o", str(tmp_path / "出")]) == 4
    err = capsys.readouterr().err
    assert "文档“通报”（模板 bulletin.html.j2）：文档中出现词汇表之外的内容 <colgroup>" in err
    assert "Traceback" not in err and not (tmp_path / "出").exists()


@pytest.mark.parametrize(("span", "fmt"), [('colspan="100000000"', "docx"),
                                           ('rowspan="2147483647"', "pdf"),
                                           ('colspan="1001"', "docx")])
def test_a_cell_spanning_past_what_html_allows(tmp_path: Path, span: str, fmt: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A user template's colspan went unchecked into WeasyPrint, which paginates Word files
    too: it built a grid of that many columns (MemoryError, a traceback) before any check."""
    from support import EXAMPLES, exit_status

    folder = tmp_path / "例"
    folder.mkdir()
    for name in ("台账.yaml", "config.yaml"):  # 附件: a landscape table, not fitted first
        (folder / name).write_bytes((EXAMPLES / "pingdingshan-2020-04" / name).read_bytes())
    (folder / "templates").mkdir()
    (folder / "templates" / "attachment.html.j2").write_text(
        '{% extends "_base.html.j2" %}{% block body %}<section class="landscape">'
        '<table class="ledger"><thead><tr><th>序号</th><th>任务</th></tr></thead><tbody>'
        f"<tr><td {span}>甲</td><td>乙</td></tr></tbody></table></section>{{% endblock %}}",
        encoding="utf-8")
    out = tmp_path / "出"
    assert exit_status(["build", str(folder / "config.yaml"), "-o", str(out), "-f", fmt]) == 4
    err = capsys.readouterr().err
    assert "文档“附件”（模板 attachment.html.j2）" in err and "colspan 最大 1000" in err
    assert "Traceback" not in err and not out.exists()


def test_the_largest_spans_html_allows_still_build(tmp_path: Path) -> None:
    import dataclasses

    import docx

    document = render(_ledger(), kind="attachment")
    html = document.html.replace("<td", '<td rowspan="65534"', 1)
    assert html != document.html
    path = tmp_path / "a.docx"
    write_docx(dataclasses.replace(document, html=html), path)
    assert docx.Document(str(path)).tables[0].rows[1].cells[0].text == "1"


def test_a_missing_template_is_named_with_the_template_that_asked_for_it(tmp_path: Path) -> None:
    """«找不到模板 _base.html.j4294967296» alone did not say which file to correct."""
    folder = _user_template(tmp_path, "正文\n{% include 'nope.html.j2' %}")
    with pytest.raises(TemplateError) as info:
        render(_ledger(), base_dir=folder)
    assert info.value.message == "找不到模板 nope.html.j2（bulletin.html.j2 第2行要用它）"


def test_a_template_that_renders_nothing_names_the_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """«无法解析文档 HTML：空文档» did not say which document or template rendered nothing."""
    from support import EXAMPLES, exit_status

    folder = tmp_path / "例"
    folder.mkdir()
    for name in ("台账.yaml", "config.yaml"):
        (folder / name).write_bytes((EXAMPLES / "pingdingshan-2020-04" / name).read_bytes())
    (folder / "templates").mkdir()
    for body, phrase in [("{# 空 #}", "无法解析文档 HTML"), ("<html><head></head></html>",
                                                          "文档 HTML 缺少 <body>")]:
        (folder / "templates" / "attachment.html.j2").write_text(body, encoding="utf-8")
        assert exit_status(["build", str(folder / "config.yaml"), "-o", str(tmp_path / "出")]) == 4
        err = capsys.readouterr().err
        assert f"文档“附件”（模板 attachment.html.j2）：{phrase}" in err, err
