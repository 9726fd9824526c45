"""A template cannot run for ever or build gigabytes: time and output limits end it (exit 4)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support import exit_status

from reportgen.errors import ConfigError, TemplateError
from reportgen.templating.limits import RenderLimits
from reportgen.templating.render import render_template

NESTED_RANGE = ("{% for i in range(100000) %}{% for j in range(100000) %}"
                "{% endfor %}{% endfor %}")
# Loops over a list call no hook at all: only the watchdog can stop them.
NESTED_LIST = ("{% set l = [0] * 100000 %}{% for a in l %}{% for b in l %}{% for c in l %}"
               "{% endfor %}{% endfor %}{% endfor %}")
SHORT = RenderLimits(seconds=0.5)


def _template(folder: Path, body: str) -> list[Path]:
    templates = folder / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "probe.html.j2").write_text(body, encoding="utf-8")
    return [templates]


@pytest.mark.parametrize("body", [NESTED_RANGE, NESTED_LIST])
def test_endless_loops_end_with_a_template_error(body: str, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="时间上限") as info:
        render_template("probe.html.j2", {}, _template(tmp_path, body), SHORT)
    assert "limits.render_seconds" in info.value.message


@pytest.mark.parametrize("body", [NESTED_RANGE, NESTED_LIST])
def test_the_time_limit_works_in_worker_threads(body: str, tmp_path: Path) -> None:
    dirs = _template(tmp_path, body)

    def job() -> str:
        try:
            render_template("probe.html.j2", {}, dirs, SHORT)
        except TemplateError as exc:
            return exc.message
        return "finished"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: job(), range(2)))
    assert all("时间上限" in r for r in results), results
    assert threading.active_count() < 10  # the watchdog timers are gone


def test_a_render_within_the_limit_is_not_disturbed_later(tmp_path: Path) -> None:
    dirs = _template(tmp_path, "{% for i in range(3) %}{{ i }}{% endfor %}")
    assert render_template("probe.html.j2", {}, dirs, RenderLimits(seconds=0.2)) == "012"
    threading.Event().wait(0.4)  # past the deadline: no stray timeout lands in this thread
    assert sum(range(10_000)) == 49_995_000


def test_the_output_size_is_limited(tmp_path: Path) -> None:
    dirs = _template(tmp_path, '{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}')
    with pytest.raises(TemplateError, match="1 MB"):
        render_template("probe.html.j2", {}, dirs, RenderLimits(output_bytes=1024 * 1024))


@pytest.mark.parametrize("expression", [
    '{{ "x" * 1000000000 }}',
    '{{ "x" * 10 ** 9 }}',
    "{{ 10 ** 100000000 }}",
    '{{ "x" | center(1000000000) }}',
    '{{ "x" | indent(1000000000) }}',
    "{{ [1] | batch(1000000000) | list }}",
    "{{ [1] | slice(1000000000) | list }}",
    '{{ "%999999999d" % 1 }}',
    '{{ "%999999999d" | format(1) }}',
    '{{ ("x" * 1000000) | replace("x", "xxxxxxxxxxxxxxxxxxxx") }}',
    "{{ ([1] * 9000000) + ([1] * 9000000) }}",
    "{{ lipsum(100000000) }}",
    "{{ range(1000000000) | list }}",
])
def test_huge_values_are_refused_before_they_are_built(expression: str, tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render_template("probe.html.j2", {}, _template(tmp_path, expression), RenderLimits())
    assert "模板" in info.value.message


def test_the_limits_are_set_in_the_config_and_build_exits_4(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "台账.yaml").write_text(
        "title: 台账\nitems:\n  - task: 任务\n    progress: 推进中。\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "attachment.html.j2").write_text(NESTED_RANGE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "ledger: 台账.yaml\nlimits: {render_seconds: 0.5}\n"
        "documents:\n  - kind: attachment\n    formats: [docx]\n", encoding="utf-8")
    assert exit_status(["build", str(tmp_path / "config.yaml")]) == 4
    err = capsys.readouterr().err
    assert "0.5 秒" in err and "Traceback" not in err
    assert not (tmp_path / "输出").exists() or not any((tmp_path / "输出").iterdir())


@pytest.mark.parametrize("limits", ["{render_seconds: 0}", "{render_output_mb: -1}",
                                    "{render_seconds: 1, nonsense: 2}"])
def test_bad_limits_are_a_config_error(limits: str, tmp_path: Path) -> None:
    from reportgen.config import load_config

    (tmp_path / "config.yaml").write_text(
        f"ledger: 台账.yaml\nlimits: {limits}\ndocuments:\n  - kind: attachment\n",
        encoding="utf-8")
    with pytest.raises(ConfigError, match="limits"):
        load_config(tmp_path / "config.yaml")


@pytest.mark.parametrize("name", ["机密.txt", "台账.yaml", "子目录/笔记.md", "link.j2"])
def test_a_template_includes_only_templates_inside_its_folders(name: str, tmp_path: Path) -> None:
    """The config folder is searched for templates: its other files stay unreadable."""
    (tmp_path / "机密.txt").write_text("绝密内容", encoding="utf-8")
    (tmp_path / "台账.yaml").write_text("title: 绝密内容", encoding="utf-8")
    (tmp_path / "子目录").mkdir()
    (tmp_path / "子目录" / "笔记.md").write_text("绝密内容", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-外部.txt"
    outside.write_text("绝密内容", encoding="utf-8")
    (tmp_path / "link.j2").symlink_to(outside)
    dirs = [tmp_path / "templates", tmp_path]
    _template(tmp_path, "{% include '" + name + "' %}")
    with pytest.raises(TemplateError, match="找不到模板") as info:
        render_template("probe.html.j2", {}, dirs, RenderLimits())
    assert "绝密内容" not in info.value.message
