"""历史 over HTTP: the selected period's detail, its comparison with the one before (the same
numbers as the pipeline's comparison), lights, 督办 notices, escaping, refusals."""
from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import csrf, post_job, raw_get, wait_job

from reportgen.analysis.deadlines import light_counts
from reportgen.pipeline import history
from reportgen.pipeline.compare import compare_ledgers
from reportgen.pipeline.lights import ledger_lights
from reportgen.web import Settings, create_app

TOKEN = "history-token-0123456789"


def number(page: str, element: str) -> int:
    found = re.search(rf'id="{element}">(\d+)<', page)
    assert found, element
    return int(found.group(1))


def rows(page: str, table: str) -> list[list[str]]:
    found = re.search(rf'id="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, table
    return [[html.unescape(re.sub(r"<[^>]+>", "|", cell)) for cell in
             re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)]


def record(client: TestClient, ledger: str, period: str) -> None:
    done = client.post("/history/record", data={"csrftoken": csrf(client), "ledger": ledger,
                                                "period": period}, follow_redirects=False)
    assert done.status_code == 303, done.text


def test_an_empty_store_shows_no_detail(client: TestClient) -> None:
    page = client.get("/history")
    assert page.status_code == 200 and "已记录的期次（0）" in page.text
    assert 'id="period-detail"' not in page.text and 'id="record-form"' in page.text


def test_the_newest_period_against_the_one_before(client: TestClient, workdir: Path) -> None:
    record(client, "history/2022年6-7月.yaml", "2022年6-7月")
    record(client, "台账.yaml", "2022年8-10月")
    record(client, "history/2022年11月.yaml", "2022年11月")
    page = client.get("/history").text
    assert "已记录的期次（3）" in page and "与上期（2022年8-10月）对比" in page
    db = str(workdir / "reportgen.db")
    series = history.load_series(db=db)
    expected = compare_ledgers(series[2], series[1], history=series[:1]).comparison.previous
    assert [number(page, k) for k in ("cmp-improved", "cmp-slipped", "cmp-added",
                                      "cmp-removed", "cmp-newly-lagging", "cmp-recovered")] == [
        len(expected.improved), len(expected.slipped), len(expected.added),
        len(expected.removed), len(expected.newly_lagging), len(expected.recovered)]
    assert [len(rows(page, t)) for t in ("improved-rows", "slipped-rows", "added-items",
                                         "removed-items")] == [4, 2, 3, 2]
    assert rows(page, "share-changes") == [
        ["积极", "22", "39%", "20", "35%", "-4 个百分点"],
        ["正常", "18", "32%", "22", "39%", "+7 个百分点"],
        ["一般", "6", "11%", "8", "14%", "+3 个百分点"],
        ["滞后", "10", "18%", "7", "12%", "-6 个百分点"]]
    lights, _ = ledger_lights(series[2], on=series[2].date)
    counts = light_counts(lights)
    assert [number(page, f"light-{c}") for c in ("red", "yellow", "green")] == [
        counts["红"], counts["黄"], counts["绿"]]
    assert len(rows(page, "flagged-rows")) == counts["红"] + counts["黄"]
    assert ["区住建局", "1", "3", "1"] in rows(page, "unit-lights")
    assert 'id="no-notices"' in page


def test_an_earlier_period_is_selected_by_name(client: TestClient) -> None:
    record(client, "台账.yaml", "2022年8-10月")
    record(client, "history/2022年11月.yaml", "2022年11月")
    page = client.get("/history", params={"period": "2022年8-10月"}).text
    assert "<h2>2022年8-10月</h2>" in page and 'id="no-comparison"' in page
    assert rows(page, "share-changes")[0] == ["积极", "—", "—", "22", "39%", "—"]
    assert '<a href="/history?period=2022%E5%B9%B411%E6%9C%88">查看</a>' in page


def test_notices_built_from_the_web_appear_under_their_period(client: TestClient) -> None:
    record(client, "台账.yaml", "2022年8-10月")
    job = post_job(client, "/duban/build", "督办.yaml")
    assert wait_job(client, job)["state"] == "done"
    page = client.get("/history").text
    notices = rows(page, "notices")
    assert len(notices) == 8 and "督办通知（8）" in page
    assert notices[0][:3] == ["督办〔2022〕1号", "区住建局", "督办通知"]
    assert notices[0][4] == "2022-11-18"
    assert notices[0][3].startswith("3 ")  # the items, named as the period names them
    assert "|" in notices[0][3]  # one line per item (3, 4 and 8)


def test_unknown_and_hostile_period_names(client: TestClient, app: FastAPI) -> None:
    assert client.get("/history", params={"period": "2022年8-10月"}).status_code == 200  # no store
    record(client, "台账.yaml", "2022年8-10月")
    missing = client.get("/history", params={"period": "<script>alert(1)</script>"})
    assert missing.status_code == 404
    assert "<script>alert(1)" not in missing.text and "&lt;script&gt;" in missing.text
    status, body = raw_get(app, b"/history/../../etc/passwd")
    assert status == 404 and b"root:" not in body
    for name in ("../../etc/passwd", "/etc/passwd", "2022年8-10月\x00"):
        refused = client.get("/history", params={"period": name})
        assert refused.status_code == 404 and "root:" not in refused.text


def test_ledger_texts_are_escaped_in_every_table(client: TestClient, workdir: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    (workdir / "坏人.yaml").write_text(
        "title: 测试\nperiod: 2022年12月\ndate: 2022-12-20\nitems:\n"
        f"  - seq: 1\n    task: \"{hostile}\"\n    deadline: 2022年11月底\n"
        f"    units:\n      - unit: \"<b>区某局</b>\"\n        status: 滞后\n", encoding="utf-8")
    record(client, "台账.yaml", "2022年8-10月")
    record(client, "坏人.yaml", "2022年12月")
    page = client.get("/history").text
    assert hostile not in page and "<b>区某局" not in page
    assert html.escape(hostile) in page
    assert [r[2] for r in rows(page, "flagged-rows")] == [hostile]
    assert any(r[1] == hostile for r in rows(page, "added-items"))


def test_history_needs_the_token_off_loopback(workdir: Path) -> None:
    app = create_app(workdir, Settings(host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        for path in ("/history", "/history?period=2022年8-10月"):
            refused = c.get(path)
            assert refused.status_code == 401 and "需要访问令牌" in refused.text
        assert c.post("/history/record", data={"ledger": "台账.yaml"}).status_code == 401
        assert c.get("/history", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_notices_of_a_period_recorded_under_another_name_are_listed(client: TestClient) -> None:
    job = post_job(client, "/duban/build", "督办.yaml")  # no period recorded yet
    assert wait_job(client, job)["state"] == "done"
    page = client.get("/history").text
    assert "已记录的期次（0）" in page
    listed = rows(page, "unrecorded-notices")
    assert len(listed) == 8 and listed[0][:3] == ["督办〔2022〕1号", "2022年8-10月", "区住建局"]
    record(client, "台账.yaml", "8-10月")  # another name: still listed apart
    assert len(rows(client.get("/history").text, "unrecorded-notices")) == 8
    record(client, "台账.yaml", "2022年8-10月")  # the notices' own period: shown under it
    page = client.get("/history", params={"period": "2022年8-10月"}).text
    assert 'id="unrecorded"' not in page and len(rows(page, "notices")) == 8


def test_recording_a_period_twice_says_how_to_replace_it_on_the_page(client: TestClient) -> None:
    """The page has no command line: its refusal names its own 替换 box, not ``--replace``."""
    record(client, "台账.yaml", "2022年8-10月")
    again = client.post("/history/record", data={"csrftoken": csrf(client), "ledger":
                        "history/2022年11月.yaml", "period": "2022年8-10月"})
    assert again.status_code == 422
    text = html.unescape(again.text)
    assert "期次“2022年8-10月”已经记录过" in text and "--replace" not in text
    assert "勾选“替换已记录的同名期次”" in text and 'name="replace"' in text
    # the form keeps what was asked, so ticking the box records the same ledger, not the first
    assert '<option value="history/2022年11月.yaml" selected>' in text
    assert 'name="period" maxlength="200" value="2022年8-10月"' in text
    replaced = client.post("/history/record", data={
        "csrftoken": csrf(client), "ledger": "history/2022年11月.yaml", "period": "2022年8-10月",
        "replace": "1"}, follow_redirects=False)
    assert replaced.status_code == 303 and replaced.headers["location"] == "/history?notice=replaced"
    assert "已替换" in client.get(replaced.headers["location"]).text
    (stored,) = history.list_periods(str(client.app.state.workbench.store))  # type: ignore[attr-defined]
    assert stored.name == "2022年8-10月" and stored.items == 49  # the 11月 ledger's 49 tasks


def test_an_empty_folder_says_where_a_ledger_comes_from(tmp_path: Path) -> None:
    """With no ledger there is no 记入一期 form, so 历史 must not send the clerk 'below'; 生成's
    new-config form has an empty 台账 list, which says where a ledger comes from."""
    with TestClient(create_app(tmp_path, Settings()), base_url="http://127.0.0.1") as c:
        page = html.unescape(c.get("/history").text)
    assert "已记录的期次（0）" in page and 'id="record-form"' not in page
    assert "在下方" not in page and "先在“台账”页上传并保存台账" in page
    with TestClient(create_app(tmp_path, Settings()), base_url="http://127.0.0.1") as c:
        page = html.unescape(c.get("/generate").text)
    assert 'id="no-ledger">工作文件夹中还没有台账：先在“台账”页上传并保存台账' in page
