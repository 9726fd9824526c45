"""Where the period store lives and how to open it: URL rules, SQLite set-up, migrations.

The default is one SQLite file, ``reportgen.db`` in the working folder (WAL journal, foreign
keys on, busy timeout), created and migrated on first use. A ``postgresql+psycopg://`` URL
puts the same tables on a PostgreSQL server. Every open brings the schema to the newest
Alembic revision shipped in ``migrations/``; a database from a newer reportgen is refused.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from reportgen.errors import ConfigError
from reportgen.store.errors import StoreError, StoreMissingError
from reportgen.store.tables import metadata

DEFAULT_FILE = "reportgen.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_TIMEOUT_S = 30.0  # how long a writer waits for another writer's lock
MIGRATION_LOCK = 0x7265706F7274  # PostgreSQL advisory lock key held while migrating ("report")
# Drivers a URL may name; plain "postgresql" means psycopg 3 (the only driver installed).
DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite",
           "postgresql": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg"}


@dataclass(frozen=True)
class Database:
    """A resolved store location: the SQLAlchemy URL and, for SQLite, the file."""

    url: URL
    path: Path | None = None  # the SQLite file; None for a server

    @property
    def label(self) -> str:
        """The location as shown to the user: the file, or the URL without its password."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)


def resolve(value: str | None, base: Path, trusted: bool) -> Database:
    """The store a ``--db`` value (``trusted``) or a config's ``db`` key names.

    A bare path or ``sqlite:///path`` is a SQLite file, relative to ``base``. A value from a
    config (not ``trusted``: configs are shared between people) may only name a SQLite file
    inside ``base``, without URL options; the user's own command-line flag may name any file.
    """
    if value is None or not value.strip():
        return Database(make_url("sqlite://").set(database=str(base / DEFAULT_FILE)),
                        base / DEFAULT_FILE)
    value = value.strip()
    if "://" not in value:
        return _sqlite_file(Path(value), base, trusted, value)
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise ConfigError(f"数据库地址“{value}”无法识别；应写成 SQLite 文件路径或 "
                          "postgresql+psycopg://用户@主机/库名") from None
    driver = DRIVERS.get(url.drivername)
    if driver is None:
        raise ConfigError(f"不支持的数据库“{url.drivername}”；可用：SQLite 文件或 "
                          "postgresql+psycopg://…")
    if driver == "sqlite":
        if url.query and not trusted:
            raise ConfigError(f"配置中的 SQLite 地址不能带参数：{value}")
        if not url.database or url.database == ":memory:" or url.host:
            raise ConfigError(f"数据库地址“{value}”没有指明 SQLite 文件；内存数据库不能保存历史")
        return _sqlite_file(Path(url.database), base, trusted, value, url.query)
    return Database(url.set(drivername=driver))


def _sqlite_file(path: Path, base: Path, trusted: bool, value: str,
                 query: Any = None) -> Database:
    if str(path) in ("", ":memory:"):
        raise ConfigError(f"数据库地址“{value}”没有指明 SQLite 文件；内存数据库不能保存历史")
    if not trusted:
        inside = (base / path).resolve()
        if path.is_absolute() or not inside.is_relative_to(base.resolve()):
            raise ConfigError(f"配置中的数据库文件“{value}”不在配置所在的文件夹 {base} 之内；"
                              "只能写相对路径（如 reportgen.db），或在命令行用 --db 指定")
    full = path if path.is_absolute() else base / path
    url = make_url("sqlite://").set(database=str(full), query=query or {})
    return Database(url, full)


def _sqlite_events(engine: Engine) -> None:
    """Foreign keys and WAL on every connection; transactions begin explicitly.

    pysqlite's own transaction handling is turned off so that a transaction begins with our
    BEGIN: ``BEGIN IMMEDIATE`` for writes (the write lock is taken at once, so a second writer
    waits instead of failing half-way), plain ``BEGIN`` for reads.
    """
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("reportgen_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(database: Database) -> Engine:
    """An engine for ``database`` (nothing is opened yet)."""
    if database.path is not None:
        engine = create_engine(database.url, connect_args={"timeout": SQLITE_TIMEOUT_S})
        _sqlite_events(engine)
        return engine
    return create_engine(database.url, pool_pre_ping=False)


def writer(engine: Engine) -> Engine:
    """The same engine, its transactions taking the write lock at once on SQLite."""
    return engine.execution_options(reportgen_write=True)


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this reportgen ships."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default the newest) in one transaction."""
    script = ScriptDirectory(str(MIGRATIONS))
    known = {rev.revision for rev in script.walk_revisions()}
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":  # one migrating client at a time
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in known:
            raise StoreError(f"数据库的结构版本 {current} 比本程序新（本程序最高 "
                             f"{script.get_current_head()}）：请升级 reportgen 后再使用")
        if current is None:
            ours = set(metadata.tables)
            foreign = set(inspect(connection).get_table_names()) - ours - {"alembic_version"}
            if foreign:
                raise StoreError("这个数据库里有不属于 reportgen 的表（"
                                 f"{'、'.join(sorted(foreign)[:5])}），未做改动")
        target = script.get_current_head() if revision == "head" else revision
        if current != target:
            command.upgrade(_alembic_config(connection), revision)


@contextlib.contextmanager
def open_engine(database: Database, create: bool = True) -> Iterator[Engine]:
    """An engine on a store migrated to the newest schema; disposed of afterwards.

    ``create`` False: a SQLite file that does not exist yet raises StoreMissingError rather
    than being created (reading commands must not leave an empty database behind).
    """
    if database.path is not None:
        if not database.path.exists():
            if not create:
                raise StoreMissingError(f"还没有历史数据库 {database.path}：先用 "
                                        "reportgen record 记录一期台账")
            database.path.parent.mkdir(parents=True, exist_ok=True)
        elif not database.path.is_file():
            raise StoreError(f"{database.path} 不是文件，不能用作数据库")
    engine = make_engine(database)
    try:
        with translate_errors(database):
            upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def translate_errors(database: Database) -> Iterator[None]:
    """Database failures as a Chinese StoreError naming the store, never a traceback."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        if "not a database" in reason or "malformed" in reason:
            raise StoreError(f"{database.label} 不是有效的 reportgen 数据库（{reason}）") from None
        if "locked" in reason:
            raise StoreError(f"数据库 {database.label} 正被其他程序写入，请稍后再试") from None
        raise StoreError(f"数据库 {database.label} 操作失败：{reason}") from None
    except OSError as exc:
        raise StoreError(f"无法打开数据库 {database.label}：{exc.strerror or exc}") from None


def pause_for_tests(label: str) -> None:
    """Test hook: when REPORTGEN_TEST_PAUSE names a file, write ``label`` there and wait.

    The crash-safety tests kill the process while it waits inside a write transaction.
    """
    marker = os.environ.get("REPORTGEN_TEST_PAUSE")
    if marker:
        import time

        staged = Path(marker + ".tmp")
        staged.write_text(label, encoding="utf-8")
        os.replace(staged, marker)  # appears whole: the test reads it as soon as it exists
        time.sleep(60)
