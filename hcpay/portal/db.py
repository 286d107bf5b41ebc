"""Engines and transactions.

SQLite (the embedded default) runs in WAL mode with one writer at a time: a process-wide lock
and ``BEGIN IMMEDIATE`` serialise writers, while readers run alongside them. PostgreSQL uses an
ordinary pool; several portal processes may share it, so anything that must be global (locks,
rate limits, the sandbox clock, jobs) lives in the database.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hcpay import paths


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` as psycopg 3 URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


# SQLite runs one writer at a time, and releases the GIL inside every statement. With the
# default 5 ms switch interval the writer, holding the write lock, may wait that long for the GIL
# after each statement while request threads run Python, and every other writer waits with it.
_SQLITE_SWITCH_INTERVAL = 0.0005


def _private_sqlite_files(url: str) -> None:
    """The database holds member data: 0600, and SQLite gives its WAL and shared-memory files
    the database file's mode. A file an older hcpay made 0644 is narrowed too."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    main = Path(database)
    if not main.parent.is_dir():
        return  # SQLite will say it cannot open the file
    paths.make_private(main)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(database + suffix)
        if side.exists():
            side.chmod(0o600)


def _sqlite_engine(url: str) -> Engine:
    _private_sqlite_files(url)
    if sys.getswitchinterval() > _SQLITE_SWITCH_INTERVAL:
        sys.setswitchinterval(_SQLITE_SWITCH_INTERVAL)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
        pool_size=8,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("hcpay_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class FairLock:
    """A re-entrant lock handed to waiters in the order they came (``threading.RLock`` lets any
    waiter win, so under load a few requests wait for many writes in a row: a long tail)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiters: deque[tuple[int, threading.Lock]] = deque()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> None:
        me = threading.get_ident()
        with self._guard:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None:
                self._owner, self._depth = me, 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append((me, turn))
        turn.acquire()  # released by the owner before us, who made us the owner

    def __exit__(self, *_exc: object) -> None:
        with self._guard:
            self._depth -= 1
            if self._depth:
                return
            if self._waiters:
                self._owner, turn = self._waiters.popleft()
                self._depth = 1
                turn.release()
            else:
                self._owner = None


class Database:
    """One engine and the two kinds of transaction the portal uses: read and write."""

    def __init__(
        self, url: str, *, schema: str | None = None, info: dict[str, Any] | None = None
    ) -> None:
        """``info`` is handed to every session (``session.info``): what services that only get
        a session need from the portal, such as the key that seals secrets in the outbox."""
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.schema = schema
        if self.is_sqlite:
            self.engine = _sqlite_engine(self.url)
        else:
            connect_args: dict[str, Any] = {}
            if schema:
                connect_args["options"] = f"-csearch_path={schema}"
            self.engine = create_engine(
                self.url, pool_size=10, max_overflow=10, pool_pre_ping=True,
                connect_args=connect_args,
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info=info or {})
        self._write_lock = FairLock()

    @property
    def dialect(self) -> str:
        return make_url(self.url).get_backend_name()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction for reading; rolled back at the end."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits when the block ends without an exception."""
        if not self.is_sqlite:
            with self._sessions() as session, session.begin():
                yield session
            return
        with self._write_lock, self._sessions() as session:
            session.connection(execution_options={"hcpay_write": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
