"""Every path a user names is checked before it is opened: a FIFO never hangs a command.

A FIFO (named pipe) stands in each role a file can take — previous-period ledgers given on the
command line or in the config, the matches file, a template beside the config, the history
database, the workbench's settings file — and each is refused by name (or passed over, where
the file is optional) without being opened. Opening a FIFO for reading would block until a
writer came, so each case runs the real CLI in a limited child (input_limits_support) or, in
process, under ``not_blocking``, which releases a stuck reader and fails.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from input_limits_support import assert_refused, run_limited

from reportgen.errors import ConfigError, TemplateError
from reportgen.forms.yaml_dump import dump_yaml
from reportgen.model import Ledger
from reportgen.pipeline.compare import read_matches
from reportgen.templating.env import MAX_TEMPLATE_BYTES
from reportgen.templating.render import render_template
from reportgen.web.settings import SETTINGS_FILE, file_settings


def not_blocking(call: Callable[[], Any], fifo: Path) -> Any:
    """``call()``'s result or exception; a failure if it blocks on ``fifo`` (then released)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)  # a guard against a hang only; a check takes microseconds
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # the reader sees end of file
        thread.join(10)
        pytest.fail(f"{fifo} was opened and read: the command would hang")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def periods(small_ledger: Ledger, tmp_path: Path) -> tuple[Path, Path, Path]:
    """This period's ledger, last period's, and a FIFO beside them."""
    current, previous = tmp_path / "本期.yaml", tmp_path / "上期.yaml"
    dump_yaml(small_ledger, current)
    dump_yaml(small_ledger, previous)
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    return current, previous, fifo


@pytest.mark.parametrize(("role", "code"), [
    ("--compare", 2), ("--history", 2), ("--earlier", 2), ("--matches", 3)])
def test_a_fifo_named_on_the_command_line(periods: tuple[Path, Path, Path], role: str,
                                          code: int) -> None:
    current, previous, fifo = periods
    args: list[str | Path] = ["stats", current, "--compare", previous]
    if role == "--compare":
        args[-1] = fifo
    else:
        args += [role, fifo]
    assert_refused(run_limited(*args), code, "管道.yaml", "命名管道")


@pytest.mark.parametrize(("key", "code"), [
    ("previous", 2), ("history", 2), ("earlier", 2), ("matches", 3)])
def test_a_fifo_named_in_the_config(periods: tuple[Path, Path, Path], tmp_path: Path,
                                    key: str, code: int) -> None:
    current, previous, fifo = periods
    value = f"[{fifo.name}]" if key == "history" else fifo.name
    spec = f"  {key}: {value}\n" if key != "previous" else ""
    config = tmp_path / "配置.yaml"
    config.write_text(f"ledger: {current.name}\ndocuments:\n  - kind: bulletin\n"
                      f"compare:\n  previous: {fifo.name if key == 'previous' else previous.name}\n"
                      + spec, encoding="utf-8")
    assert_refused(run_limited("stats", config), code, "管道.yaml", "命名管道")


def test_read_matches_refuses_a_fifo_a_device_and_a_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "matches.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="命名管道"):
        not_blocking(lambda: read_matches(fifo), fifo)
    device = tmp_path / "device.yaml"
    device.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="设备文件"):
        read_matches(device)
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ConfigError, match="是文件夹"):
        read_matches(tmp_path / "folder.yaml")
    assert read_matches(tmp_path / "missing.yaml").accepted == frozenset()  # not there yet


def _template(folder: Path, name: str = "probe.html.j2") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_a_template_that_is_a_fifo_or_a_device_is_not_a_template(tmp_path: Path) -> None:
    """Passed over as Jinja passes over anything but a regular file: never opened."""
    fifo = _template(tmp_path)
    os.mkfifo(fifo)
    with pytest.raises(TemplateError, match="找不到模板"):
        not_blocking(lambda: render_template("probe.html.j2", {}, [tmp_path]), fifo)
    fifo.unlink()
    fifo.symlink_to("/dev/zero")
    with pytest.raises(TemplateError, match="找不到模板"):
        render_template("probe.html.j2", {}, [tmp_path])


def test_a_template_too_large_to_be_one_is_not_read(tmp_path: Path) -> None:
    big = _template(tmp_path)
    big.write_text("{{ x }}" + " " * MAX_TEMPLATE_BYTES, encoding="utf-8")
    with pytest.raises(TemplateError, match="超过 1024 KB") as info:
        render_template("probe.html.j2", {"x": "值"}, [tmp_path])
    assert "probe.html.j2" in info.value.message
    big.write_text("{{ x }}", encoding="utf-8")
    assert render_template("probe.html.j2", {"x": "值"}, [tmp_path]) == "值"


def test_a_template_symlinked_out_of_its_folder_is_not_read(tmp_path: Path) -> None:
    """The link's target is checked before it is read: a FIFO outside is never opened."""
    outside = tmp_path / "外部"
    outside.mkdir()
    fifo = outside / "pipe"
    os.mkfifo(fifo)
    _template(tmp_path / "模板").symlink_to(fifo)
    with pytest.raises(TemplateError, match="找不到模板"):
        not_blocking(lambda: render_template("probe.html.j2", {}, [tmp_path / "模板"]), fifo)


def test_a_template_that_is_not_utf8(tmp_path: Path) -> None:
    _template(tmp_path).write_bytes("{{ x }}，模板".encode("gb18030"))
    with pytest.raises(TemplateError, match="不是 UTF-8"):
        render_template("probe.html.j2", {"x": 1}, [tmp_path])


def test_a_template_fifo_in_a_build_falls_back_to_the_built_in_one(
        periods: tuple[Path, Path, Path], tmp_path: Path) -> None:
    current, _, _ = periods
    os.mkfifo(tmp_path / "attachment.html.j2")
    config = tmp_path / "配置.yaml"
    config.write_text(f"ledger: {current.name}\ndocuments:\n  - kind: attachment\n"
                      "    formats: [docx]\n    params: {title: 附件}\n", encoding="utf-8")
    run = run_limited("build", config, "-o", tmp_path / "输出", memory=1024 * 1024 * 1024)
    assert run.code == 0, run.err[-2000:]
    [written] = (tmp_path / "输出").glob("*.docx")
    cells = [c.text for t in docx.Document(str(written)).tables for r in t.rows for c in r.cells]
    assert "深化国有投融资公司改革" in cells  # the built-in attachment template, filled


def test_a_history_database_that_is_a_fifo(periods: tuple[Path, Path, Path]) -> None:
    current, _, fifo = periods
    db = fifo.with_name("历史.db")
    os.mkfifo(db)
    assert_refused(run_limited("history", "--db", db, memory=1024 * 1024 * 1024), 5,
                   "历史.db", "不是文件")


def test_the_workbench_settings_file(tmp_path: Path) -> None:
    settings = tmp_path / SETTINGS_FILE
    os.mkfifo(settings)
    assert not_blocking(lambda: file_settings(tmp_path), settings) == {}  # as if absent
    settings.unlink()
    settings.write_text("port: 8001\n#" + "注" * 30_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="不像设置文件"):
        file_settings(tmp_path)
    settings.write_text("host: &h [a, b]\ntoken: *h\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="“host”应是一段文字"):  # never str() of a list
        file_settings(tmp_path)
    settings.write_text("port: [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="“port”应是正整数"):
        file_settings(tmp_path)
    settings.write_text("token: [abc, def]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="“token”应是一段文字"):
        file_settings(tmp_path)
    settings.write_text("port: 8001\ntoken: 口令\n", encoding="utf-8")
    assert file_settings(tmp_path) == {"port": 8001, "token": "口令"}
