"""台账 page over HTTP: choose or upload a ledger, its validation table, statistics, saving."""
from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import EXAMPLE, csrf

BAD = """title: 测试台账
items:
  - task: 正常任务
    units:
      - unit: 区财政局
        progress: 已完成
        status: 积极
  - seq: 2
    units:
      - unit: 区发改委
        status: 很好
"""

HOSTILE = """title: "<script>alert(1)</script>台账"
items:
  - task: "<script>alert('x')</script>任务"
    units:
      - unit: "<img src=x onerror=alert(1)>局"
        progress: "进展 <b>粗</b> & 符号"
        status: 正常
"""


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="stat-(\w+)">(\d+)<', html))


def status_rows(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<tr data-status="([^"]+)"><td>[^<]+</td><td class="num">(\d+)</td>'
                      r'<td class="num">(\d+)%</td>', html)


def upload(client: TestClient, name: str, data: bytes) -> object:
    return client.post("/ledger/upload", data={"csrftoken": csrf(client)},
                       files={"ledger": (name, data, "application/octet-stream")})


def test_page_lists_the_ledgers_of_the_working_folder(client: TestClient) -> None:
    page = client.get("/ledger")
    assert page.status_code == 200
    assert '<option value="台账.yaml"' in page.text
    assert 'value="config.yaml"' not in page.text  # a config is not a ledger
    assert ".yaml、.yml" in page.text  # the loaders' suffixes


def test_choose_a_ledger_shows_its_statistics(client: TestClient) -> None:
    page = client.get("/ledger", params={"file": "台账.yaml"})
    assert page.status_code == 200
    assert figures(page.text) == {"items": "48", "rows": "56", "units": "24"}
    assert status_rows(page.text) == [("积极", "22", "39"), ("正常", "18", "32"),
                                      ("一般", "6", "11"), ("滞后", "10", "18")]
    assert "存在滞后事项的单位" in page.text


def test_upload_shows_statistics_and_saves_on_request(client: TestClient, workdir: Path) -> None:
    shown = upload(client, "台账.yaml", (EXAMPLE / "台账.yaml").read_bytes())
    assert shown.status_code == 200  # type: ignore[attr-defined]
    text = shown.text  # type: ignore[attr-defined]
    assert figures(text)["items"] == "48" and figures(text)["rows"] == "56"
    key = re.search(r'name="key" value="([^"]+)"', text)
    assert key
    before = set(workdir.iterdir())
    saved = client.post("/ledger/save", data={"csrftoken": csrf(client), "key": key.group(1),
                                              "name": "../../八月台账"}, follow_redirects=False)
    assert saved.status_code == 303
    new = set(workdir.iterdir()) - before
    assert [p.name for p in new] == ["八月台账.yaml"]
    (path,) = new
    assert path.read_bytes() == (EXAMPLE / "台账.yaml").read_bytes()
    again = client.post("/ledger/save", data={"csrftoken": csrf(client), "key": key.group(1),
                                              "name": path.stem}, follow_redirects=False)
    assert again.status_code == 303
    assert len(set(workdir.iterdir()) - before) == 2  # numbered, never overwritten


def test_bad_ledger_shows_the_chinese_error_table(client: TestClient) -> None:
    shown = upload(client, "坏台账.yaml", BAD.encode("utf-8"))
    assert shown.status_code == 422  # type: ignore[attr-defined]
    text = shown.text  # type: ignore[attr-defined]
    assert "台账文件 坏台账.yaml 有 2 处错误" in text
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
                      text)
    assert ("坏台账.yaml", "items[1]（第8行）", "task", "缺少工作任务") in rows
    assert any(r[2] == "status" and "很好" in r[3] for r in rows)
    assert "reportgen-web-" not in text  # the stored path never shows
    assert 'name="key"' not in text  # nothing to save


def test_unknown_type_and_junk_bytes_are_refused_in_chinese(client: TestClient) -> None:
    exe = upload(client, "工具.exe", b"MZ\x90\x00")
    assert exe.status_code == 422 and "不支持的台账文件类型“.exe”" in exe.text  # type: ignore[attr-defined]
    junk = upload(client, "台账.xlsx", b"\x00\xff" * 500)
    assert junk.status_code == 422  # type: ignore[attr-defined]
    assert "台账.xlsx" in junk.text and "Traceback" not in junk.text  # type: ignore[attr-defined]
    nameless = upload(client, "", b"")
    assert nameless.status_code == 400  # type: ignore[attr-defined]


def test_sent_names_are_never_paths(app: FastAPI, client: TestClient, tmp_path: Path) -> None:
    shown = upload(client, "../../../../tmp/evil.yaml", (EXAMPLE / "台账.yaml").read_bytes())
    assert shown.status_code == 200  # type: ignore[attr-defined]
    assert not (tmp_path / "evil.yaml").exists() and not Path("/tmp/evil.yaml").exists()
    stored = [p.name for p in app.state.workbench.private.rglob("*") if p.is_file()]
    assert stored == ["ledger.yaml"]
    assert "evil.yaml" in shown.text  # type: ignore[attr-defined]


def test_ledger_text_is_escaped(client: TestClient) -> None:
    shown = upload(client, "<b>台账</b>.yaml", HOSTILE.encode("utf-8"))
    text = shown.text  # type: ignore[attr-defined]
    assert shown.status_code == 200  # type: ignore[attr-defined]
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>台账" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;台账" in text


def test_choosing_a_file_outside_is_refused(client: TestClient) -> None:
    for name in ("../台账.yaml", "/etc/passwd", ".hidden.yaml"):
        refused = client.get("/ledger", params={"file": name})
        assert refused.status_code == 404 and "工作文件夹中没有这个台账" in refused.text


def test_expired_upload_cannot_be_saved(client: TestClient) -> None:
    gone = client.post("/ledger/save", data={"csrftoken": csrf(client), "key": "nope"})
    assert gone.status_code == 404 and "已过期" in gone.text


def test_warnings_about_similar_unit_names(client: TestClient, workdir: Path) -> None:
    (workdir / "相近.yaml").write_text(
        "title: 相近\nitems:\n  - task: 甲\n    units:\n      - unit: 区交通局\n"
        "        progress: 有\n        status: 正常\n  - task: 乙\n    units:\n"
        "      - unit: 区交通运输局\n        progress: 有\n        status: 正常\n",
        encoding="utf-8")
    page = client.get("/ledger", params={"file": "相近.yaml"})
    assert page.status_code == 200 and "提醒（1 条）" in page.text
    assert "单位名称相近：“区交通局”与“区交通运输局”" in page.text


def zip_bomb() -> bytes:
    """An .xlsx whose sheet inflates a thousandfold (20 MB of blanks in about 20 KB)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    return out.getvalue()


def test_zip_bomb_upload_is_refused_by_the_loaders_limits(client: TestClient) -> None:
    """The web adds no limits of its own: the loaders' limits (hardening work) apply."""
    import importlib.util

    if importlib.util.find_spec("reportgen.loaders.limits") is None:
        import pytest

        pytest.skip("加载器的压缩包限制（reportgen.loaders.limits）尚未合入：上传沿用加载器的限制")
    refused = upload(client, "炸弹.xlsx", zip_bomb())
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "炸弹.xlsx" in refused.text  # type: ignore[attr-defined]


def test_saving_under_a_taken_name_says_what_it_was_saved_as(client: TestClient,
                                                            workdir: Path) -> None:
    """台账.yaml exists, so the upload goes to 台账_2.yaml: the configs still read 台账.yaml, and
    the clerk who meant to replace it would build from last month's ledger without knowing."""
    text = upload(client, "台账.yaml", (EXAMPLE / "台账.yaml").read_bytes()).text  # type: ignore[attr-defined]
    key = re.search(r'name="key" value="([^"]+)"', text)
    assert key
    saved = client.post("/ledger/save", data={"csrftoken": csrf(client), "key": key.group(1),
                                              "name": "台账"})
    notice = re.search(r'<p class="notice ok">([^<]*)</p>', saved.text)
    assert notice and "已有同名文件 台账.yaml，未覆盖，已另存为 台账_2.yaml" in notice.group(1)
    assert "配置中写的台账仍是 台账.yaml" in notice.group(1)
    fresh = client.post("/ledger/save", data={"csrftoken": csrf(client), "key": key.group(1),
                                              "name": "十一月台账"})
    notice = re.search(r'<p class="notice ok">([^<]*)</p>', fresh.text)
    assert notice and notice.group(1) == "已保存为 十一月台账.yaml。"


def test_the_renamed_notice_escapes_and_bounds_what_the_address_says(client: TestClient) -> None:
    """``wanted`` comes from the address bar: shown as text, never markup, at most 200 chars."""
    page = client.get("/ledger", params={"file": "台账.yaml", "notice": "renamed",
                                         "wanted": "<script>alert(1)</script>" + "长" * 500})
    assert page.status_code == 200 and "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "长" * 201 not in page.text
    assert client.get("/ledger", params={"notice": "renamed"}).status_code == 200
