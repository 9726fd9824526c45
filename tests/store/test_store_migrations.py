"""Migrations: a database made by the first revision upgrades with its data intact; the tables
module and the migrations agree; databases that are not ours, or newer, are refused untouched."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline import history
from reportgen.store import queries
from reportgen.store.engine import head_revision, make_engine, open_engine, resolve, upgrade
from reportgen.store.errors import StoreError
from reportgen.store.tables import metadata

# Rows written the way revision 0001 stored them, in plain SQL (not through today's code).
REVISION_1_ROWS = [
    ("INSERT INTO periods (id, name, title, report_date, sort_date, recorded_at, source) VALUES "
     "(1, '2022年8-10月', '湛河区台账', '2022-11-12', '2022-10-31', '2022-11-13 08:00:00', "
     "'台账.yaml')"),
    ("INSERT INTO period_statuses (period_id, position, name, color, fill, weak, lagging) VALUES "
     "(1, 0, '积极', '#006100', '#C6EFCE', false, false), "
     "(1, 1, '滞后', '#C00000', '#FFC7CE', true, true)"),
    ("INSERT INTO items (id, period_id, position, item_key, seq, section, task, target, deadline,"
     " notes) VALUES (10, 1, 0, 'ZH-1', '1', '一、产业', '推进X项目建设', NULL, '年底前', NULL), "
     "(11, 1, 1, NULL, '2', NULL, '另一项任务', '目标', NULL, '备注')"),
    ("INSERT INTO unit_rows (id, item_id, position, unit, person, progress, status) VALUES "
     "(100, 10, 0, '区财政局', '王惠平', '已开工。', '积极'), "
     "(101, 10, 1, '区工信局 区商务局', NULL, '', '滞后'), "
     "(102, 11, 0, NULL, NULL, NULL, NULL)"),
]


def _database(url: str):  # type: ignore[no-untyped-def]
    return resolve(url, Path.cwd(), trusted=True)


def test_revision_1_database_upgrades_with_its_data(db_url: str) -> None:
    engine = make_engine(_database(db_url))
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            assert "notice_numbers" not in inspect(conn).get_table_names()
            for sql in REVISION_1_ROWS:
                conn.execute(text(sql))
            if engine.dialect.name == "postgresql":  # explicit ids: move the sequences on
                for table in ("periods", "items", "unit_rows"):
                    conn.execute(text(f"SELECT setval('{table}_id_seq', 1000)"))
        upgrade(engine)
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert "notice_numbers" in inspect(conn).get_table_names()
    finally:
        engine.dispose()
    loaded = history.load_period("2022年8-10月", db=db_url)
    assert loaded.date == dt.date(2022, 11, 12) and loaded.scale.names == ["积极", "滞后"]
    assert loaded.items == [
        Item(id="ZH-1", seq="1", section="一、产业", task="推进X项目建设", deadline="年底前",
             rows=[UnitRow(unit="区财政局", person="王惠平", progress="已开工。", status="积极"),
                   UnitRow(unit="区工信局 区商务局", progress="", status="滞后")]),
        Item(seq="2", task="另一项任务", target="目标", notes="备注", rows=[UnitRow()]),
    ]
    # The upgraded store takes new periods and notice numbers.
    with open_engine(_database(db_url)) as engine, Session(engine) as session, session.begin():
        queries.record_period(session, Ledger(title="九月", period="2022年11月"), "2022年11月", None)
        queries.record_notice_number(session, 2022, 1)
    assert [p.name for p in history.list_periods(db=db_url)] == ["2022年8-10月", "2022年11月"]


def test_tables_module_matches_the_migrations(db_url: str) -> None:
    with open_engine(_database(db_url)) as engine, engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_every_revision_downgrades_and_upgrades_again(db_url: str) -> None:
    from alembic import command

    from reportgen.store.engine import _alembic_config

    engine = make_engine(_database(db_url))
    try:
        upgrade(engine)
        with engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        with engine.connect() as conn:
            assert set(metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_a_newer_schema_is_refused(db_url: str) -> None:
    with open_engine(_database(db_url)) as engine, engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="9999"):
        history.list_periods(db=db_url)


def test_a_database_of_another_program_is_left_alone(db_url: str) -> None:
    engine = make_engine(_database(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE accounts (id INTEGER PRIMARY KEY, secret TEXT)"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="accounts"):
        history.record(Path(__file__).parents[2] / "examples/zhanhe-2022-08/台账.yaml", db=db_url)
    engine = make_engine(_database(db_url))
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == {"accounts"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("content", [b"junk bytes " * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_junk_file_is_refused_and_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "reportgen.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="不是有效的"):
        history.list_periods(db=str(path))
    assert path.read_bytes() == content


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "reportgen.db").mkdir()
    with pytest.raises(StoreError, match="不是文件"):
        history.list_periods(db=str(tmp_path / "reportgen.db"))


def test_revision_3_notices_upgrade_without_a_due_date(db_url: str) -> None:
    engine = make_engine(_database(db_url))
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            assert "due" not in {c["name"] for c in inspect(conn).get_columns("notices")}
            conn.execute(text("INSERT INTO notice_numbers (year, number, issued_at, document) "
                              "VALUES (2022, 1, '2022-11-13 08:00:00', '督办〔2022〕1号 区甲局')"))
            conn.execute(text("INSERT INTO notices (year, number, label, unit, period, level, "
                              "item_keys) VALUES (2022, 1, '督办〔2022〕1号', '区甲局', "
                              "'2022年8-10月', '督办', '[\"task:甲\"]')"))
        upgrade(engine)
    finally:
        engine.dispose()
    issued = history.NoticeRegistry(_database(db_url)).issued(2022)
    assert [(n.number, n.unit, n.item_keys, n.due) for n in issued] == [
        ("督办〔2022〕1号", "区甲局", ("task:甲",), None)]
