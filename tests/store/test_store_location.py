"""Where the store lives: the user's --db may name any file; a shared config's db key may only
name a SQLite file inside its own folder (or a server URL); odd URLs are refused clearly."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from reportgen.config import config_from_dict
from reportgen.errors import ConfigError
from reportgen.pipeline import history
from reportgen.store.engine import resolve

SEED = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08"


def _config(folder: Path, db: str | None) -> Path:
    data = yaml.safe_load((SEED / "config.yaml").read_text(encoding="utf-8"))
    data["ledger"] = str(SEED / "台账.yaml")
    data["db"] = db
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_default_is_reportgen_db_in_the_working_folder(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = history.record(SEED / "台账.yaml")
    assert result.database == str(tmp_path / "reportgen.db")
    assert (tmp_path / "reportgen.db").is_file()


@pytest.mark.parametrize("value", ["历史/reportgen.db", "sqlite:///历史/reportgen.db", "./a/../h.db"])
def test_config_may_name_a_file_inside_its_folder(tmp_path: Path, value: str) -> None:
    config = _config(tmp_path, value)
    result = history.record(config)
    assert Path(result.database).resolve().is_relative_to(tmp_path.resolve())
    assert Path(result.database).is_file()
    assert [p.name for p in history.list_periods(config=config)] == ["2022年8-10月"]


@pytest.mark.parametrize("value", [
    "/tmp/elsewhere.db", "../outside.db", "sub/../../outside.db", "sqlite:////etc/reportgen.db",
    "sqlite:///../outside.db", "sqlite:///h.db?mode=rwc&uri=true", "sqlite://", "sqlite:///:memory:",
    "mysql://root@localhost/x", "oracle://x", "file:///etc/passwd", "postgresql+asyncpg://h/x",
])
def test_config_cannot_point_the_store_elsewhere(tmp_path: Path, value: str) -> None:
    config = _config(tmp_path, value)
    before = set(tmp_path.parent.iterdir())
    with pytest.raises(ConfigError) as caught:
        history.record(config)
    assert caught.value.exit_code == 3
    assert set(tmp_path.parent.iterdir()) == before  # nothing created next to the folder
    assert not (tmp_path / "reportgen.db").exists()


def test_config_cannot_escape_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    os.symlink(outside, work / "link")
    with pytest.raises(ConfigError, match="不在配置所在的文件夹"):
        history.record(_config(work, "link/reportgen.db"))
    assert list(outside.iterdir()) == []


def test_the_users_own_flag_may_name_any_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "别处" / "历史.db"
    (tmp_path / "work").mkdir()
    config = _config(tmp_path / "work", "../not-used.db")
    result = history.record(config, db=str(elsewhere))  # the flag wins over the config key
    assert result.database == str(elsewhere) and elsewhere.is_file()
    assert history.record(SEED / "台账.yaml", db=f"sqlite:///{elsewhere}", replace=True).replaced


def test_server_urls_from_a_config_are_kept_and_shown_without_password(tmp_path: Path) -> None:
    config = config_from_dict({"ledger": "台账.yaml", "documents": [{"kind": "attachment"}],
                               "db": "postgresql://clerk:secret@db.example/reportgen"},
                              "config.yaml", tmp_path)
    target = history.database(config=config)
    assert target.url.drivername == "postgresql+psycopg"
    assert target.path is None
    assert "secret" not in target.label and "clerk" in target.label


def test_a_bare_path_is_a_sqlite_file(tmp_path: Path) -> None:
    target = resolve("h.db", tmp_path, trusted=False)
    assert target.path == tmp_path / "h.db" and target.url.drivername == "sqlite"
    for bad in ("://x", "postgresql+psycopg://a:b@h:notaport/d"):
        with pytest.raises(ConfigError, match="无法识别"):
            resolve(bad, tmp_path, trusted=True)


def test_an_unreachable_server_is_a_chinese_error() -> None:
    from reportgen.store.errors import StoreError

    with pytest.raises(StoreError, match="数据库 postgresql\\+psycopg://clerk:\\*\\*\\*@127.0.0.1:1/x"):
        history.list_periods(db="postgresql+psycopg://clerk:secret@127.0.0.1:1/x?connect_timeout=5")
