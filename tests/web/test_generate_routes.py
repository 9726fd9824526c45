"""生成 page over HTTP: configs, a config made from the form, previews, builds, downloads."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import csrf

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.writers.html import write as write_html


def wait(client: TestClient, job_url: str) -> dict[str, object]:
    for _ in range(600):
        status: dict[str, object] = client.get(job_url + "/status").json()
        if status["finished"]:
            return status
        time.sleep(0.2)
    raise AssertionError("build did not finish")


def start(client: TestClient, config: str) -> str:
    started = client.post("/generate/build", data={"csrftoken": csrf(client), "config": config},
                          follow_redirects=False)
    assert started.status_code == 303, started.text
    return str(started.headers["location"])


def form(client: TestClient, **values: object) -> dict[str, object]:
    data: dict[str, object] = {"csrftoken": csrf(client), "ledger": "台账.yaml", "kind": "bulletin",
                               "title": "关于重点工作进展情况的通报", "issue_no": "9",
                               "date": "2022-12-12", "office": "测试督查局",
                               "requirements": "第一条要求。\n\n第二条要求。", "formats": ["docx"],
                               "name": "九月"}
    data.update(values)
    return data


def body(html: str) -> str:
    found = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
    assert found
    return found.group(1)


def test_config_page_lists_documents_and_previews(client: TestClient) -> None:
    page = client.get("/generate", params={"config": "config.yaml"})
    assert page.status_code == 200
    assert "<td>督查通报</td><td>督查通报第8期</td><td>docx、pdf、xlsx</td>" in page.text
    assert '<iframe sandbox="" title="预览：督查通报"' in page.text
    assert "督查通报第8期（公开版）.pdf" in page.text


def test_preview_is_the_html_the_pdf_pass_renders(client: TestClient, workdir: Path,
                                                  tmp_path: Path) -> None:
    shown = client.get("/generate/preview", params={"config": "config.yaml", "doc": 0})
    assert shown.status_code == 200
    csp = shown.headers["content-security-policy"]
    assert "sandbox" in csp and "script-src" not in csp and "default-src 'none'" in csp
    prepared = pipeline.prepare(workdir / "config.yaml", tmp_path / "out")
    write_html(prepared.documents[0], tmp_path / "bulletin.html")  # what the PDF pass renders
    written = (tmp_path / "bulletin.html").read_text(encoding="utf-8")
    assert body(shown.text) == body(written)
    assert "url(\"/fonts/" in shown.text and "file://" not in shown.text
    assert "56项工作任务" in shown.text
    assert client.get("/generate/preview", params={"config": "config.yaml", "doc": 5}).status_code == 404


def test_new_config_from_the_form(client: TestClient, workdir: Path) -> None:
    made = client.post("/generate/config", data=form(client), follow_redirects=False)
    assert made.status_code == 303
    assert made.headers["location"].endswith("config=%E4%B9%9D%E6%9C%88.yaml")
    config = load_config(workdir / "九月.yaml")
    spec = config.documents[0]
    assert (spec.kind, spec.formats) == ("bulletin", ["docx"])
    assert spec.params == {"issue_no": 9, "title": "关于重点工作进展情况的通报",
                           "requirements": ["第一条要求。", "第二条要求。"]}
    assert config.office == "测试督查局" and str(config.date) == "2022-12-12"
    job = start(client, "九月.yaml")
    assert wait(client, job)["state"] == "done"
    document = docx.Document(str(workdir / "输出" / "督查通报第9期.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "第二条要求。" in texts and any("第 9 期" in t or "第9期" in t for t in texts)


def test_invalid_config_form_shows_problems_and_writes_nothing(client: TestClient,
                                                               workdir: Path) -> None:
    before = set(workdir.iterdir())
    refused = client.post("/generate/config", data=form(client, issue_no=""))
    assert refused.status_code == 422
    assert "<td>issue_no</td><td>缺少必填参数</td>" in refused.text
    assert 'value="关于重点工作进展情况的通报"' in refused.text  # the form keeps what was typed
    bad_date = client.post("/generate/config", data=form(client, date="2022-13-45"))
    assert bad_date.status_code == 422 and "成文日期“2022-13-45”无效" in bad_date.text
    bad_format = client.post("/generate/config", data=form(client, formats=["exe"]))
    assert bad_format.status_code == 422 and "不支持的输出格式“exe”" in bad_format.text
    outside = client.post("/generate/config", data=form(client, ledger="../x.yaml"))
    assert outside.status_code == 422
    assert set(workdir.iterdir()) == before


def test_build_and_download_each_file_and_the_zip(app: FastAPI, client: TestClient,
                                                  workdir: Path) -> None:
    job = start(client, "config.yaml")
    assert wait(client, job)["state"] == "done"
    record = app.state.workbench.jobs.get(job.rsplit("/", 1)[1])
    assert record.thread.startswith("reportgen-build")  # off the event loop
    # the PDFs first (a Word file is written from the document as its PDF cut it), then the
    # files that need no cut document, whether the PDFs were written side by side or not
    assert record.steps == ["读取配置", "读取台账", "生成文档", "写出 督查通报第8期.pdf",
                            "写出 督查通报第8期（公开版）.pdf", "写出 督查通报第8期.xlsx",
                            "写出 督查通报第8期.docx", "完成"]
    assert wait(client, job) == {"id": record.id, "state": "done", "state_text": "已完成",
                                 "step": "完成", "done": 4, "total": 4, "finished": True}
    page = client.get(job)
    links = re.findall(r'<a href="(/files/[^"]+)" download>([^<]+)</a>', page.text)
    assert [name for _, name in links] == ["督查通报第8期.docx", "督查通报第8期.pdf",
                                           "督查通报第8期.xlsx", "督查通报第8期（公开版）.pdf"]
    # where on disk, as the CLI says (已生成 输出/…): the clerk looks for the files there too
    assert 'id="output-folder">文件保存在工作文件夹的“输出”文件夹中' in page.text
    files = {name: client.get(url).content for url, name in links}
    assert files["督查通报第8期.docx"] == (workdir / "输出" / "督查通报第8期.docx").read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(files["督查通报第8期.docx"])).paragraphs)
    assert "进展“滞后”事项10件，占比18%" in text
    archive = client.get(job + "/zip")
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert sorted(zf.namelist()) == sorted(files)
        sheet = openpyxl.load_workbook(io.BytesIO(zf.read("督查通报第8期.xlsx"))).worksheets[0]
        assert sheet.max_row >= 56
        with pdfplumber.open(io.BytesIO(zf.read("督查通报第8期.pdf"))) as pdf:
            assert "进展“滞后”事项10件，占比18%" in (pdf.pages[0].extract_text() or "").replace(
                "\n", "")


def test_failed_build_shows_the_error_the_cli_prints(client: TestClient, workdir: Path) -> None:
    (workdir / "坏台账.yaml").write_text("items:\n  - units:\n      - unit: 区财政局\n",
                                         encoding="utf-8")
    text = (workdir / "config.yaml").read_text(encoding="utf-8")
    (workdir / "坏配置.yaml").write_text(text.replace("ledger: 台账.yaml", "ledger: 坏台账.yaml"),
                                         encoding="utf-8")
    job = start(client, "坏配置.yaml")
    assert wait(client, job)["state"] == "failed"
    page = client.get(job).text
    shown = re.search(r'<div class="failure" role="alert"><pre>(.*?)</pre>', page, re.S)
    assert shown
    cli = subprocess.run([sys.executable, "-m", "reportgen", "build", "坏配置.yaml"],
                         cwd=workdir, capture_output=True, text=True, check=False)
    assert cli.returncode == 2
    web_lines = [line.strip() for line in shown.group(1).replace("&#34;", '"').splitlines()
                 if line.strip()]
    cli_lines = [line.strip() for line in cli.stderr.splitlines() if line.strip()]
    assert web_lines == cli_lines
    assert web_lines[0].startswith("错误：台账文件") and "缺少工作任务" in web_lines[1]


def test_config_writing_outside_the_working_folder_is_not_built(client: TestClient,
                                                                workdir: Path,
                                                                tmp_path: Path) -> None:
    """The config rules refuse it (as the CLI does); the web would refuse it besides."""
    text = (workdir / "config.yaml").read_text(encoding="utf-8")
    (workdir / "外部.yaml").write_text(text + f"output_dir: {tmp_path / 'elsewhere'}\n",
                                       encoding="utf-8")
    page = client.get("/generate", params={"config": "外部.yaml"})
    assert "不在配置文件所在的文件夹" in page.text or "不在工作文件夹内" in page.text
    assert 'id="build-button"' not in page.text
    started = client.post("/generate/build", data={"csrftoken": csrf(client), "config": "外部.yaml"},
                          follow_redirects=False)
    if started.status_code == 303:
        assert wait(client, started.headers["location"])["state"] == "failed"
    else:
        assert started.status_code == 403
    assert not (tmp_path / "elsewhere").exists()


def test_unknown_job_and_config(client: TestClient) -> None:
    assert client.get("/generate/jobs/nope").status_code == 404
    assert client.get("/generate/jobs/nope/status").status_code == 404
    assert client.get("/generate/jobs/nope/zip").status_code == 404
    assert client.get("/generate", params={"config": "../config.yaml"}).status_code == 404
    refused = client.post("/generate/build", data={"csrftoken": csrf(client), "config": "/etc/passwd"})
    assert refused.status_code == 404


@pytest.mark.parametrize("kind", ["bulletin", "attachment", "progress_report", "summary"])
def test_every_kind_can_be_made_from_the_form_and_previewed(client: TestClient, workdir: Path,
                                                             kind: str) -> None:
    made = client.post("/generate/config", data=form(client, kind=kind, name=f"新-{kind}",
                                                     basis="依据段落。"),
                       follow_redirects=False)
    assert made.status_code == 303, made.text
    config = load_config(workdir / f"新-{kind}.yaml")
    assert config.documents[0].kind == kind
    shown = client.get("/generate/preview", params={"config": f"新-{kind}.yaml", "doc": 0})
    assert shown.status_code == 200
    assert "关于重点工作进展情况的通报" in shown.text


def test_preview_carries_the_comparison_the_build_writes(client: TestClient) -> None:
    """The 第9期 example compares with earlier periods: the preview shows the same paragraph."""
    shown = client.get("/generate/preview", params={"config": "history/config.yaml", "doc": 0})
    assert shown.status_code == 200
    assert "与上期相比，新增滞后1项，2项由滞后转为正常" in shown.text
