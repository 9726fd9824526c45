"""A new user's month in a real Chromium: upload, statistics, build (its progress streamed),
download, forms, history with the comparison and lights, 督办 from the web and in history.

Plus the refusals a browser meets: a bad ledger's error table, an oversized upload, a missing
token off loopback, a form without its CSRF token. Screenshots go to test-output/web-screenshots.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from browser_support import ARGS, CHROMIUM, VIEWPORT, live_server, need_chromium, shot
from forms_support import fill
from web_support import EXAMPLE

from reportgen import pipeline
from reportgen.analysis.deadlines import light_counts
from reportgen.analysis.stats import compute
from reportgen.pipeline import history
from reportgen.pipeline.compare import compare_ledgers
from reportgen.pipeline.lights import ledger_lights
from reportgen.web import Settings
from reportgen.web.routes.extension import pipeline_room

playwright_api = pytest.importorskip("playwright.sync_api")

LIMIT_MB = 2
STREAM = re.compile(r"/generate/jobs/[0-9a-f]+/events(\?|$)")  # a job's event stream


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need_chromium()
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(workdir: Path) -> Iterator[str]:
    with live_server(workdir, Settings(upload_limit=LIMIT_MB * 1024 * 1024)) as base:
        yield base


@pytest.fixture
def page(browser: object, site: str) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True,  # type: ignore[attr-defined]
                                  locale="zh-CN")
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.problems = problems
    yield opened
    context.close()
    refused = [p for p in problems if "status of 4" not in p]  # expected refusals aside
    assert not refused, refused  # no CSP violation, no blocked font, no script error


def download(page: object, click: str, folder: Path) -> Path:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click(click)  # type: ignore[attr-defined]
    got = info.value
    path = folder / got.suggested_filename
    got.save_as(str(path))
    return path


def test_a_month_end_to_end(page: object, site: str, workdir: Path, tmp_path: Path) -> None:
    p = page
    # 1. 台账: upload the seed-002 ledger, see its figures.
    p.goto(site + "/ledger")  # type: ignore[attr-defined]
    shot(p, "01-ledger")
    p.set_input_files("#ledger-file", str(EXAMPLE / "台账.yaml"))  # type: ignore[attr-defined]
    p.click("#upload-form button[type=submit]")  # type: ignore[attr-defined]
    assert p.inner_text("#stat-items") == "48"  # type: ignore[attr-defined]
    assert p.inner_text("#stat-rows") == "56"  # type: ignore[attr-defined]
    rows = [r.split("\t")[:3] for r in p.locator("#status-table tbody tr").all_inner_texts()]  # type: ignore[attr-defined]
    assert rows == [["积极", "22", "39%"], ["正常", "18", "32%"], ["一般", "6", "11%"],
                    ["滞后", "10", "18%"]]
    shot(p, "02-ledger-statistics")

    # 2. 生成: the example's config, its preview, a build, the downloads.
    p.goto(site + "/generate?config=config.yaml")  # type: ignore[attr-defined]
    frame = p.frame_locator("iframe").first  # type: ignore[attr-defined]
    assert "督查通报" in frame.locator("header.masthead").inner_text()
    shot(p, "03-generate")
    p.locator("iframe").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    p.mouse.wheel(0, 500)  # type: ignore[attr-defined]
    shot(p, "03-generate-preview")
    streams: list[str] = []
    p.on("request", lambda r: streams.append(r.url)  # type: ignore[attr-defined]
         if r.resource_type == "eventsource" else None)
    p.click("#build-button")  # type: ignore[attr-defined]
    p.wait_for_selector("#job")  # type: ignore[attr-defined]
    # The build takes seconds: the page follows it over server-sent events, one line per step.
    p.wait_for_selector("#job[data-transport=sse]", state="attached")  # type: ignore[attr-defined]
    p.wait_for_selector("#job-log li:nth-child(3)", state="attached",  # type: ignore[attr-defined]
                        timeout=180_000)
    log = p.locator("#job-log li").all_inner_texts()  # type: ignore[attr-defined]
    assert log[0] == "读取配置" and all(a != b for a, b in zip(log, log[1:], strict=False))
    shot(p, "04-build-progress")  # the bar, the current step and the steps so far
    p.wait_for_selector("#outputs", timeout=180_000)  # type: ignore[attr-defined]
    assert [u.rsplit("/", 1)[1].split("?")[0] for u in streams] == ["events"]
    shot(p, "04-build-done")  # the page reloaded itself when the build finished
    archive = download(p, "#zip-link", tmp_path)
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(["督查通报第8期.docx", "督查通报第8期.pdf", "督查通报第8期.xlsx",
                                "督查通报第8期（公开版）.pdf"])
        words = "".join(par.text for par in docx.Document(io.BytesIO(zf.read(names[0]))).paragraphs)
        assert "积极推进事项22件，占比39%" in words and "48大项共计56项工作任务" in words
        sheet = openpyxl.load_workbook(io.BytesIO(zf.read("督查通报第8期.xlsx"))).worksheets[0]
        assert any(c.value == "滞后" for row in sheet.iter_rows() for c in row)
        with pdfplumber.open(io.BytesIO(zf.read("督查通报第8期.pdf"))) as pdf:
            first = (pdf.pages[0].extract_text() or "").replace("\n", "")
            assert "进展“滞后”事项10件，占比18%" in first

    # 3. 填报: split, two units fill in their forms, upload, review, accept.
    p.goto(site + "/forms")  # type: ignore[attr-defined]
    shot(p, "05-forms")
    forms_zip = download(p, "#split-form button[type=submit]", tmp_path)
    forms = tmp_path / "forms"
    with zipfile.ZipFile(forms_zip) as zf:
        zf.extractall(forms)
    fill(forms / "区发改委.xlsx", "11月：项目储备完成。", "正常")
    fill(forms / "区住建局.xlsx", "11月：开工3个项目。", "积极")
    p.set_input_files("#returned-files", [str(forms / "区发改委.xlsx"),  # type: ignore[attr-defined]
                                          str(forms / "区住建局.xlsx")])
    p.click("#collect-form button[type=submit]")  # type: ignore[attr-defined]
    assert p.inner_text("#summary").startswith("读取 2 个文件；更新 2 项")  # type: ignore[attr-defined]
    shot(p, "06-forms-review")
    p.fill("input[name=name]", "台账-11月")  # type: ignore[attr-defined]
    p.click("#accept-button")  # type: ignore[attr-defined]
    assert "已合并填报表并写入新台账" in p.inner_text("main")  # type: ignore[attr-defined]
    assert p.inner_text("#stat-items") == "48"  # type: ignore[attr-defined]
    shot(p, "07-forms-accepted")
    merged = pipeline.validate(workdir / "台账-11月.yaml").ledger
    progress = {row.progress for _, row in merged.rows}
    assert {"11月：项目储备完成。", "11月：开工3个项目。"} <= progress

    # 4. 历史: record last month's ledger and the merged one as two periods.
    p.goto(site + "/history")  # type: ignore[attr-defined]
    for ledger, period in (("台账.yaml", "2022年8-10月"), ("台账-11月.yaml", "2022年11月")):
        p.select_option("#record-form select[name=ledger]", ledger)  # type: ignore[attr-defined]
        p.fill("#record-form input[name=period]", period)  # type: ignore[attr-defined]
        p.click("#record-form button[type=submit]")  # type: ignore[attr-defined]
        assert "已记入历史" in p.inner_text("main")  # type: ignore[attr-defined]
    periods = p.locator("#periods tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert [r.split("\t")[0] for r in periods] == ["2022年8-10月", "2022年11月"]
    assert all("\t48\t56\t" in r for r in periods)
    shot(p, "08-history")
    # The newest period against the one before: the numbers the pipeline's comparison gives.
    check_history(p, workdir)

    # 5. 督办: the example's 督办 config from 生成, built in the worker, then seen in 历史.
    build_duban(p, tmp_path)
    p.goto(site + "/history")  # type: ignore[attr-defined]
    p.click("#periods a")  # type: ignore[attr-defined]  # 查看 the first period (8-10月)
    assert p.inner_text("#period-detail h2") == "2022年8-10月"  # type: ignore[attr-defined]
    notices = p.locator("#notices tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert len(notices) == 8 and p.inner_text("#duban h2") == "督办通知（8）"  # type: ignore[attr-defined]
    first = notices[0].split("\t")
    assert first[:3] == ["督办〔2022〕1号", "区住建局", "督办通知"] and first[4] == "2022-11-18"
    p.locator("#duban").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    shot(p, "16-history-duban")

    # 6. 格式检查: an extension point until pipeline.check lands.
    p.goto(site + "/check")  # type: ignore[attr-defined]
    if pipeline_room("check") is None:
        assert "尚未启用" in p.inner_text("#extension")  # type: ignore[attr-defined]
    shot(p, "09-check")


def check_history(p: object, workdir: Path) -> None:
    """The history page's comparison and lights equal the pipeline's for the recorded periods."""
    db = str(workdir / "reportgen.db")
    before, now = (history.load_period(n, db=db) for n in ("2022年8-10月", "2022年11月"))
    diff = compare_ledgers(now, before).comparison.previous
    assert p.inner_text("#comparison h2") == "与上期（2022年8-10月）对比"  # type: ignore[attr-defined]
    shown = {k: int(p.inner_text(f"#cmp-{k}"))  # type: ignore[attr-defined]
             for k in ("improved", "slipped", "added", "removed", "newly-lagging", "recovered")}
    assert shown == {"improved": len(diff.improved), "slipped": len(diff.slipped),
                     "added": len(diff.added), "removed": len(diff.removed),
                     "newly-lagging": len(diff.newly_lagging), "recovered": len(diff.recovered)}
    # The returned forms: 区住建局's 滞后 row now 积极, 区发改委's 积极 row now 正常.
    improved = p.locator("#improved-rows tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert [r.split("\t")[2:] for r in improved] == [["区住建局", "滞后", "积极"]]
    slipped = p.locator("#slipped-rows tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert ["区发改委", "积极", "正常"] in [r.split("\t")[2:] for r in slipped]
    shares = p.locator("#share-changes tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    old, new = compute(before).by_status, compute(now).by_status
    assert [r.split("\t")[:5] for r in shares] == [
        [o.name, str(o.count), f"{o.share}%", str(n.count), f"{n.share}%"]
        for o, n in zip(old, new, strict=True)]
    p.locator("#comparison").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    shot(p, "08-history-comparison")
    lights, _ = ledger_lights(now, on=now.date)
    counts = light_counts(lights)
    assert [int(p.inner_text(f"#light-{c}")) for c in ("red", "yellow", "green")] == [  # type: ignore[attr-defined]
        counts["红"], counts["黄"], counts["绿"]]
    flagged = p.locator("#flagged-rows tbody tr").count()  # type: ignore[attr-defined]
    assert flagged == counts["红"] + counts["黄"]
    p.locator("#lights").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    shot(p, "08-history-lights")


def build_duban(p: object, tmp_path: Path) -> None:
    """生成 → the 督办 config → build; the progress page falls back to polling when the event
    stream is refused (as behind a proxy that does not stream); the set downloads as a zip."""
    p.goto(p.url.split("/history")[0] + "/generate?config=督办.yaml")  # type: ignore[attr-defined]
    assert p.locator("#planned-notices tbody tr").count() == 8  # type: ignore[attr-defined]
    assert p.locator("#build-button").count() == 0  # type: ignore[attr-defined]
    shot(p, "14-duban-plan")
    p.route(STREAM, lambda route: route.fulfill(status=503, body="stream refused"))  # type: ignore[attr-defined]
    p.click("#duban-button")  # type: ignore[attr-defined]
    p.wait_for_selector("#job[data-transport=poll]", state="attached",  # type: ignore[attr-defined]
                        timeout=60_000)
    shot(p, "15-duban-progress")
    p.wait_for_selector("#job-notices", timeout=180_000)  # type: ignore[attr-defined]
    p.unroute(STREAM)  # type: ignore[attr-defined]
    p.problems[:] = [m for m in p.problems if "status of 503" not in m]  # type: ignore[attr-defined]
    assert p.locator("#job-notices tbody tr").count() == 8  # type: ignore[attr-defined]
    shot(p, "15-duban-done")
    archive = download(p, "#zip-link", tmp_path)
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "督办发送清单.xlsx" in names and "督办通知单（汇总）.pdf" in names
        first = next(n for n in names if n.startswith("督办通知单/督办〔2022〕1号"))
        text = "".join(par.text for par in docx.Document(io.BytesIO(zf.read(first))).paragraphs)
        assert "区住建局" in text or "区住建局" in first


BAD = "title: 坏台账\nitems:\n  - units:\n      - unit: 区财政局\n        status: 很好\n"


def test_bad_ledger_shows_the_chinese_error_table(page: object, site: str,
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "坏台账.yaml"
    bad.write_text(BAD, encoding="utf-8")
    page.goto(site + "/ledger")  # type: ignore[attr-defined]
    page.set_input_files("#ledger-file", str(bad))  # type: ignore[attr-defined]
    page.click("#upload-form button[type=submit]")  # type: ignore[attr-defined]
    assert "台账文件 坏台账.yaml 有 2 处错误" in page.inner_text("#error-message")  # type: ignore[attr-defined]
    rows = page.locator("#errors tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert any("缺少工作任务" in r and "task" in r for r in rows)
    assert any("很好" in r and "status" in r for r in rows)
    shot(page, "10-ledger-errors")


def test_oversized_upload_is_refused(page: object, site: str, tmp_path: Path) -> None:
    big = tmp_path / "大台账.yaml"
    big.write_bytes(b"items: []\n" + b"#" * (LIMIT_MB * 1024 * 1024 + 100))
    page.goto(site + "/ledger")  # type: ignore[attr-defined]
    page.set_input_files("#ledger-file", str(big))  # type: ignore[attr-defined]
    page.click("#upload-form button[type=submit]")  # type: ignore[attr-defined]
    assert "上传文件过大" in page.inner_text("h1")  # type: ignore[attr-defined]
    assert f"不能超过 {LIMIT_MB} MB" in page.inner_text("main")  # type: ignore[attr-defined]
    shot(page, "11-upload-too-large")


def test_post_without_csrf_token_is_refused(page: object, site: str) -> None:
    page.goto(site + "/generate?config=config.yaml")  # type: ignore[attr-defined]
    page.evaluate("document.querySelectorAll('input[name=csrftoken]')"  # type: ignore[attr-defined]
                  ".forEach(function (e) { e.remove(); })")
    page.click("#build-button")  # type: ignore[attr-defined]
    assert "CSRF" in page.inner_text("#error-detail")  # type: ignore[attr-defined]
    shot(page, "12-csrf-refused")


def test_non_local_bind_refuses_a_browser_without_token(browser: object, workdir: Path) -> None:
    token = "browser-token-0123456789"
    with live_server(workdir, Settings(host="0.0.0.0", token=token)) as base:
        context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
        page = context.new_page()
        refused = page.goto(base + "/ledger")
        assert refused.status == 401
        assert "需要访问令牌" in page.inner_text("h1")
        shot(page, "13-token-required")
        page.goto(base + f"/ledger?token={token}")
        assert page.url == base + "/ledger"  # the token leaves the address bar
        assert page.inner_text("h1") == "台账"
        page.goto(base + "/forms")  # later pages ride on the cookie
        assert page.inner_text("h1") == "填报"
        context.close()
