"""督办 from the web: the 督办 config's own section and button, the build as ``reportgen duban``
builds it (same notices, same files), its downloads, its failures in the CLI's words."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pdfplumber
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import EXAMPLE, csrf, post_job, raw_get, wait_job

from reportgen.web import Settings, create_app

LINK = re.compile(r'<a href="(/files/[^"]+)" download>([^<]+)</a>')
TOKEN = "duban-token-0123456789"


def rows(html: str, table: str) -> list[list[str]]:
    found = re.search(rf'id="{table}">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert found, table
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in
            re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)]


def cli_duban(folder: Path) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "reportgen", "duban", "督办.yaml"], cwd=folder,
                          capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


def test_duban_configs_have_their_own_group_plan_and_button(client: TestClient) -> None:
    page = client.get("/generate")
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', page.text, re.S)
    assert [label for label, _ in groups] == ["报告配置（通报、报告、附件）", "督办通知单配置"]
    assert 'value="督办.yaml"' in groups[1][1] and 'value="督办.yaml"' not in groups[0][1]
    chosen = client.get("/generate", params={"config": "督办.yaml"})
    assert 'id="duban-button"' in chosen.text and 'id="build-button"' not in chosen.text
    assert "<iframe" not in chosen.text  # notices are per unit: no single preview
    planned = rows(chosen.text, "planned-notices")
    assert planned[0] == ["督办〔2022〕1号", "区住建局", "督办通知", "3、4、8", "2022-11-18"]
    assert len(planned) == 8
    report = client.get("/generate", params={"config": "config.yaml"})
    assert 'id="build-button"' in report.text and 'id="duban-button"' not in report.text


def test_the_web_builds_the_set_the_cli_builds(client: TestClient, workdir: Path,
                                               tmp_path: Path) -> None:
    job_url = post_job(client, "/duban/build", "督办.yaml")
    assert wait_job(client, job_url)["state"] == "done"
    page = client.get(job_url).text
    notices = rows(page, "job-notices")
    assert [n[0] for n in notices] == [f"督办〔2022〕{k}号" for k in range(1, 9)]
    links = LINK.findall(page)
    names = [name for _, name in links]
    assert names[-2:] == ["督办通知单（汇总）.pdf", "督办发送清单.xlsx"]
    assert names[:-2] == [f"督办通知单/{n[0]}_{n[1]}.docx" for n in notices]
    # The command line, run in a fresh copy of the folder, writes the same files.
    other = tmp_path / "命令行"
    shutil.copytree(EXAMPLE, other)
    code, out, err = cli_duban(other)
    assert code == 0, err
    cli_files = sorted(p.relative_to(other / "输出").as_posix()
                       for p in (other / "输出").rglob("*") if p.is_file()
                       and not p.name.startswith("."))
    assert sorted(names) == cli_files
    assert all(n[0] in out for n in notices)
    # Each download is the file written, and reads as what it is.
    files = {name: client.get(url).content for url, name in links}
    first = docx.Document(io.BytesIO(files[names[0]]))
    text = "\n".join(p.text for p in first.paragraphs) + "\n".join(
        c.text for t in first.tables for r in t.rows for c in r.cells)
    assert "督办〔2022〕1号" in text and "区住建局" in text
    sheet = openpyxl.load_workbook(io.BytesIO(files["督办发送清单.xlsx"])).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert all(n[0] in values and n[1] in values for n in notices)
    with pdfplumber.open(io.BytesIO(files["督办通知单（汇总）.pdf"])) as pdf:
        whole = "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")
    assert all(n[0] in whole for n in notices)
    archive = client.get(job_url + "/zip")
    assert archive.status_code == 200
    assert "督办通知单" in unquote(archive.headers["content-disposition"])
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert sorted(zf.namelist()) == sorted(names)
        assert zf.read(names[0]) == files[names[0]]


def test_a_second_build_of_the_period_keeps_its_numbers(client: TestClient) -> None:
    first = post_job(client, "/duban/build", "督办.yaml")
    assert wait_job(client, first)["state"] == "done"
    again = post_job(client, "/duban/build", "督办.yaml")
    assert wait_job(client, again)["state"] == "done"
    assert [n[0] for n in rows(client.get(again).text, "job-notices")] == [
        n[0] for n in rows(client.get(first).text, "job-notices")]


def test_failures_show_what_the_cli_prints(client: TestClient, workdir: Path) -> None:
    (workdir / "督办.yaml").write_text("ledger: 没有这个台账.yaml\ndocuments:\n- kind: duban\n",
                                      encoding="utf-8")
    job_url = post_job(client, "/duban/build", "督办.yaml")
    assert wait_job(client, job_url)["state"] == "failed"
    shown = re.search(r'<div class="failure" role="alert"><pre>(.*?)</pre>',
                      client.get(job_url).text, re.S)
    assert shown
    code, _, err = cli_duban(workdir)
    assert code != 0
    web_lines = [line.strip() for line in shown.group(1).replace("&#34;", '"').splitlines()
                 if line.strip()]
    assert web_lines == [line.strip() for line in err.splitlines() if line.strip()]
    assert web_lines[0].startswith("错误：")
    # A report config sent to the 督办 build: the CLI's "no kind: duban" error, in the job.
    report = post_job(client, "/duban/build", "config.yaml")
    assert wait_job(client, report)["state"] == "failed"
    assert "没有 kind: duban 的文档" in client.get(report).text


def test_refusals(client: TestClient, app: FastAPI, workdir: Path) -> None:
    token = csrf(client)
    for name in ("../督办.yaml", "/etc/passwd", "..\\督办.yaml", "不存在.yaml", ""):
        refused = client.post("/duban/build", data={"csrftoken": token, "config": name})
        assert refused.status_code == 404, name
    assert client.post("/duban/build", data={"config": "督办.yaml"}).status_code == 403
    forged = client.post("/duban/build", data={"csrftoken": "forged-token-forged-token",
                                               "config": "督办.yaml"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    assert not (workdir / "输出").exists()  # nothing was built
    for path in (b"/generate/jobs/../../../etc/passwd/zip", b"/generate/jobs/%2e%2e%2f/zip",
                 b"/files/%E8%BE%93%E5%87%BA/../../../etc/passwd",
                 "/files/输出/督办通知单/../../../../etc/passwd".encode()):
        status, body = raw_get(app, path)
        assert status == 404, path
        assert b"root:" not in body


def test_duban_build_needs_the_token_off_loopback(workdir: Path) -> None:
    app = create_app(workdir, Settings(host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        refused = c.post("/duban/build", data={"config": "督办.yaml"})
        assert refused.status_code == 401 and "需要访问令牌" in refused.text
        assert c.get("/generate", params={"config": "督办.yaml"}).status_code == 401
    assert not (workdir / "输出").exists()
