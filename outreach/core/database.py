"""Engine settings. SQLite gets WAL, foreign keys and a busy timeout on every connection, and its
writers wait their turn in a queue instead of polling.

SQLite runs one writing transaction at a time. Every transaction begins deferred, so reads
(every GET, and the checks a POST makes before it changes anything) run side by side. Just
before a transaction's first write (INSERT, UPDATE, DELETE, SAVEPOINT, DDL…) its connection
takes an exclusive ``flock`` on ``<database file>-lock``: the kernel queues the writers of every
process and wakes the next one the moment the lock is free, where SQLite's busy handler would
poll with sleeps of up to 100 ms. Holding it, the connection starts its transaction over with
``BEGIN IMMEDIATE``: in WAL mode a transaction that read and then writes fails with
SQLITE_BUSY_SNAPSHOT ("database is locked") when another writer committed in between, so the
writing part must start from the newest data. It then sees every committed change, as each
statement does on PostgreSQL (READ COMMITTED); what was read before is not read again, and
versioned rows still refuse a concurrent edit. The lock is released when the transaction ends.

The write-ahead log is copied into the database by SQLite's own checkpoints, but it can only
start over from its beginning at a moment when no reader uses it. Under a sustained flood of
requests no such moment comes and the file grows (145 MB in 40 s of the load benchmark's
saturating load); once the flood ebbs the log starts over and is cut back to ``WAL_LIMIT``,
where without ``journal_size_limit`` the file would keep its largest size for good.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

import sqlalchemy as sa
from flask import Flask

from outreach.extensions import db

#: statements that never write (anything else takes the write lock first)
_READS = ("SELECT", "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE", "EXPLAIN")
#: the write-ahead log file is cut back to this size when it starts over (SQLite's own
#: checkpoint threshold: 1000 pages)
WAL_LIMIT = 1000 * 4096


class WriterQueue:
    """An exclusive lock on one file, taken by one transaction at a time across processes.

    Each process opens the file itself (a descriptor inherited through ``fork`` would be shared
    with the parent); its threads take turns on a thread lock first, with the busy timeout, so
    a thread that already writes through another connection gets "database is locked" as
    before instead of waiting for itself forever.
    """

    _queues: dict[str, WriterQueue] = {}
    _guard = threading.Lock()

    def __init__(self, database: str):
        self.database = database
        self.path = database + "-lock"
        self.pid = 0
        self.fd = -1
        self.threads = threading.Lock()

    @classmethod
    def of(cls, database: str) -> WriterQueue | None:
        """The queue of a database file; None for an in-memory database or a URI, whose
        writers rely on the busy timeout alone."""
        if database in ("", ":memory:") or database.startswith("file:"):
            return None
        database = os.path.realpath(database)
        with cls._guard:
            return cls._queues.setdefault(database, cls(database))

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if self.pid != os.getpid():
                self.pid, self.threads = os.getpid(), threading.Lock()
                # flock needs no write access: whoever may read the database may queue.
                mode = os.stat(self.database).st_mode & 0o666
                self.fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, mode)
        if not self.threads.acquire(timeout=timeout):
            return False
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self.threads.release()
            raise
        return True

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.threads.release()


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that queues for the write lock before its transaction first
    writes and leaves the queue when the transaction ends."""

    def __init__(self, database, timeout: float = 5.0, *args, **kwargs):
        super().__init__(database, timeout, *args, **kwargs)
        self.queue = WriterQueue.of(os.fspath(database))
        self.timeout = timeout
        self.writing = False  # this transaction has begun to write
        self.holding = False  # … and holds the queue's lock

    def before_statement(self, statement: str) -> None:
        if self.writing or not self.in_transaction or statement.lstrip().startswith(_READS):
            return
        self.writing = True
        self.holding = self.queue is not None and self.queue.acquire(self.timeout)
        # Nothing was written yet: start again, from the newest data, with the write lock.
        self.execute("ROLLBACK")
        self.execute("BEGIN IMMEDIATE")

    def _ended(self) -> None:
        if self.in_transaction:
            return
        self.writing = False
        if self.holding:
            self.holding = False
            self.queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._ended()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._ended()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.writing = False
            if self.holding:
                self.holding = False
                self.queue.release()


def engine_options(app: Flask) -> None:
    """Before the engine is made: SQLite connections are QueuedWriterConnections."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.drivername not in ("sqlite", "sqlite+pysqlite"):
        return
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    options["connect_args"] = {
        **options.get("connect_args", {}),
        "factory": QueuedWriterConnection,
        "timeout": int(app.config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000,
    }
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself (deferred; see the module's docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _sqlite_begin(conn):
        conn.exec_driver_sql("BEGIN")

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _queue_writer(_conn, cursor, statement, *_args):
        before = getattr(cursor.connection, "before_statement", None)
        if before is not None:
            before(statement)
