"""填报 page over HTTP: split forms as a zip, upload returned forms, review, accept a new ledger."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from forms_support import fill
from web_support import csrf

from reportgen import pipeline


def split_zip(client: TestClient, folder: Path) -> dict[str, Path]:
    got = client.post("/forms/split", data={"csrftoken": csrf(client), "ledger": "台账.yaml"})
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/zip"
    assert "filename*=utf-8''%E5%8F%B0%E8%B4%A6-%E5%A1%AB%E6%8A%A5%E8%A1%A8.zip" in \
        got.headers["content-disposition"]
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(got.content)) as zf:
        zf.extractall(folder)
    return {p.stem: p for p in folder.iterdir()}


def collect(client: TestClient, forms: list[Path]) -> str:
    files = [("returned", (p.name, p.read_bytes(), "application/octet-stream")) for p in forms]
    got = client.post("/forms/collect", data={"csrftoken": csrf(client), "ledger": "台账.yaml"},
                      files=files)
    assert got.status_code == 200, got.text
    return got.text


def test_split_gives_one_form_per_lead_unit_and_the_list(client: TestClient,
                                                         tmp_path: Path) -> None:
    forms = split_zip(client, tmp_path / "forms")
    assert "发送清单" in forms and "区发改委" in forms and "区财政局" in forms
    assert len(forms) == 24 + 1  # 24 lead units in the bare ledger, and the list


def test_collect_review_and_accept(client: TestClient, workdir: Path, tmp_path: Path) -> None:
    forms = split_zip(client, tmp_path / "forms")
    fill(forms["区发改委"], "11月已完成项目储备。", "正常")
    fill(forms["区财政局"], "11月已争取资金2亿元。")
    before = set(workdir.iterdir())
    page = collect(client, [forms["区发改委"], forms["区财政局"]])
    assert "读取 2 个文件；更新 2 项" in page
    assert "<tr><td>区发改委</td><td class=\"num\">1</td>" in page
    assert "区发改委.xlsx" in page and "form-001" not in page  # the names as sent
    assert set(workdir.iterdir()) == before  # nothing written before accepting
    key = re.search(r'name="key" value="([^"]+)"', page)
    assert key
    accepted = client.post("/forms/accept", data={"csrftoken": csrf(client), "key": key.group(1),
                                                  "name": "台账-11月"}, follow_redirects=False)
    assert accepted.status_code == 303
    assert accepted.headers["location"].endswith("notice=accepted")
    # the new ledger by name, and that the configs still read the one they named
    shown = client.get(accepted.headers["location"]).text
    assert "已合并填报表并写入新台账 台账-11月.yaml（原台账不变）。配置中写的台账仍是原台账" in shown
    assert {p.name for p in set(workdir.iterdir()) - before} == {"台账-11月.yaml",
                                                                 "台账-11月_合并报告.md"}
    merged = pipeline.validate(workdir / "台账-11月.yaml").ledger
    texts = [row.progress for _, row in merged.rows]
    assert "11月已完成项目储备。" in texts and "11月已争取资金2亿元。" in texts
    assert "区发改委.xlsx" in (workdir / "台账-11月_合并报告.md").read_text(encoding="utf-8")
    again = client.post("/forms/accept", data={"csrftoken": csrf(client), "key": key.group(1)})
    assert again.status_code == 409


def test_unreadable_and_foreign_returns_are_reported(client: TestClient, tmp_path: Path) -> None:
    junk = tmp_path / "乱码.xlsx"
    junk.write_bytes(b"\x00junk" * 100)
    page = collect(client, [junk])
    assert "无法读取的文件（1）" in page and "乱码.xlsx" in page


def test_collect_needs_files_and_a_known_ledger(client: TestClient) -> None:
    none = client.post("/forms/collect", data={"csrftoken": csrf(client), "ledger": "台账.yaml"})
    assert none.status_code == 400 and "请选择各单位交回的填报表" in none.text
    outside = client.post("/forms/split", data={"csrftoken": csrf(client), "ledger": "../台账.yaml"})
    assert outside.status_code == 404
    expired = client.post("/forms/accept", data={"csrftoken": csrf(client), "key": "old"})
    assert expired.status_code == 404 and "已过期" in expired.text


def test_split_of_a_bad_ledger_shows_the_error(client: TestClient, workdir: Path) -> None:
    (workdir / "坏.yaml").write_text("items:\n  - units: []\n", encoding="utf-8")
    shown = client.post("/forms/split", data={"csrftoken": csrf(client), "ledger": "坏.yaml"})
    assert shown.status_code == 422
    assert "错误：台账文件" in shown.text


def test_uploaded_returns_stay_in_the_private_folder(app: FastAPI, client: TestClient,
                                                     tmp_path: Path) -> None:
    forms = split_zip(client, tmp_path / "forms")
    collect(client, [forms["区发改委"]])
    stored = [p for p in app.state.workbench.private.rglob("*.xlsx")]
    assert [p.name for p in stored if p.name.startswith("form-")] == ["form-001.xlsx"]
    assert (app.state.workbench.private.stat().st_mode & 0o077) == 0


def test_forms_page_lists_ledgers(client: TestClient) -> None:
    page = client.get("/forms")
    assert page.status_code == 200 and '<option value="台账.yaml"' in page.text
    assert 'accept=".xlsx" multiple' in page.text


def test_zips_leave_nothing_behind(app: FastAPI, client: TestClient, tmp_path: Path) -> None:
    split_zip(client, tmp_path / "forms")
    assert list(app.state.workbench.private.iterdir()) == []  # removed once sent
