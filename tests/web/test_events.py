"""Build progress as server-sent events: every step, then the end; unknown jobs; off the loop."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import httpx
from browser_support import live_server
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import post_job, raw_get, wait_job

from reportgen.web import Settings, create_app
from reportgen.web.routes.events import event

TOKEN = "events-token-0123456789"


def events(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(name, data) of each event in a text/event-stream (comments and retry skipped)."""
    found: list[tuple[str, str]] = []
    name, data = "message", []
    for line in lines:
        if line == "":
            if data:
                found.append((name, "\n".join(data)))
            name, data = "message", []
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
    return found


def test_the_stream_sends_every_step_then_the_end(client: TestClient, app: FastAPI) -> None:
    job_url = post_job(client, "/generate/build", "config.yaml")
    with client.stream("GET", job_url + "/events") as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store"
        got = events(stream.iter_lines())
    job = app.state.workbench.jobs.get(job_url.rsplit("/", 1)[1])
    steps = [data for name, data in got if name == "step"]
    assert steps == job.steps
    assert steps[0] == "读取配置" and "写出 督查通报第8期.pdf" in steps and steps[-1] == "完成"
    assert got[-1][0] == "end"
    end = json.loads(got[-1][1])
    assert end == {**job.to_json(), "state": "done", "finished": True}
    progress = [json.loads(data) for name, data in got if name == "progress"]
    assert progress and all(p["id"] == job.id for p in progress)
    assert job.thread.startswith("reportgen-build")  # the build ran in the worker thread


def test_the_stream_leaves_out_the_steps_the_page_shows(client: TestClient,
                                                        app: FastAPI) -> None:
    job_url = post_job(client, "/generate/build", "config.yaml")
    assert wait_job(client, job_url)["state"] == "done"
    job = app.state.workbench.jobs.get(job_url.rsplit("/", 1)[1])
    with client.stream("GET", job_url + "/events", params={"shown": 2}) as stream:
        got = events(stream.iter_lines())
    assert [data for name, data in got if name == "step"] == job.steps[2:]
    with client.stream("GET", job_url + "/events", params={"shown": 10_000}) as stream:
        assert [name for name, _ in events(stream.iter_lines())] == ["progress", "end"]
    for bad in ("-1", "x", "10000000"):
        refused = client.get(job_url + "/events", params={"shown": bad})
        assert refused.status_code == 400 and "text/html" in refused.headers["content-type"]


def test_a_finished_or_failed_job_streams_its_end_at_once(client: TestClient,
                                                          workdir: Path) -> None:
    (workdir / "坏台账.yaml").write_text("items:\n  - units:\n      - unit: 区财政局\n",
                                         encoding="utf-8")
    text = (workdir / "config.yaml").read_text(encoding="utf-8")
    (workdir / "坏配置.yaml").write_text(text.replace("ledger: 台账.yaml", "ledger: 坏台账.yaml"),
                                         encoding="utf-8")
    job_url = post_job(client, "/generate/build", "坏配置.yaml")
    assert wait_job(client, job_url)["state"] == "failed"
    with client.stream("GET", job_url + "/events") as stream:
        got = events(stream.iter_lines())
    names = [name for name, _ in got]
    assert names[-2:] == ["progress", "end"] and set(names[:-2]) == {"step"}
    assert json.loads(got[-1][1])["state_text"] == "失败"


def test_unknown_jobs_and_traversal_are_not_found(client: TestClient, app: FastAPI) -> None:
    assert client.get("/generate/jobs/nope/events").status_code == 404
    assert "没有这个生成任务" in client.get("/generate/jobs/nope/events").text
    for path in (b"/generate/jobs/../../etc/passwd/events", b"/generate/jobs/%2e%2e/events",
                 b"/generate/jobs/..%2F..%2Fetc%2Fpasswd/events"):
        status, body = raw_get(app, path)
        assert status == 404, path
        assert b"root:" not in body


def test_the_stream_needs_the_token_off_loopback(workdir: Path) -> None:
    app = create_app(workdir, Settings(host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        refused = c.get("/generate/jobs/nope/events")
        assert refused.status_code == 401 and "需要访问令牌" in refused.text
        assert c.get("/generate/jobs/nope/events",
                     headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_event_text_is_one_data_field_per_line() -> None:
    assert event("step", "写出 a.docx") == "event: step\ndata: 写出 a.docx\n\n"
    assert event("step", "一\r\n二\n三") == "event: step\ndata: 一\ndata: 二\ndata: 三\n\n"


def test_a_real_server_streams_while_it_keeps_answering_other_requests(workdir: Path) -> None:
    """Over uvicorn: a queued build's events arrive before it ends, and pages still answer."""
    with live_server(workdir, Settings()) as base, httpx.Client(base_url=base) as http:
        page = http.get("/ledger")
        token = page.text.split('name="csrftoken" value="', 1)[1].split('"', 1)[0]
        started = [http.post("/generate/build", data={"csrftoken": token, "config": "config.yaml"})
                   for _ in range(2)]
        assert [r.status_code for r in started] == [303, 303]
        job_url = started[1].headers["location"]  # queued behind the first build
        lines: list[str] = []
        with http.stream("GET", job_url + "/events", timeout=300) as stream:
            reader = stream.iter_lines()
            for line in reader:
                lines.append(line)
                if line.startswith("event: progress"):
                    break
            # The stream is open and the build has not ended: other requests are answered.
            status = http.get(job_url + "/status").json()
            assert status["finished"] is False
            assert http.get("/history").status_code == 200
            lines.extend(reader)
        got = events(lines)
        assert got[-1][0] == "end" and json.loads(got[-1][1])["state"] == "done"
        assert http.get(job_url + "/status").json()["state"] == "done"
