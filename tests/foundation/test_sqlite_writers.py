"""SQLite writers queue on the lock file: reads run side by side, a transaction that read before
another writer committed still writes, and the lock is free again once a transaction ends."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa

from outreach.core import database
from outreach.core.audit import AuditEvent
from outreach.core.database import QueuedWriterConnection, WriterQueue


@pytest.fixture
def engine(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    return db.engine


def _audit(conn, n: int) -> None:
    conn.execute(
        sa.insert(AuditEvent).values(action="queue_test", object_type="t", object_id=str(n))
    )


def _count(conn) -> int:
    stmt = sa.select(sa.func.count()).where(AuditEvent.action == "queue_test")
    return conn.scalar(stmt)


def test_a_transaction_that_read_before_another_commit_still_writes(engine):
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        assert _count(first) == 0  # a read snapshot from before the other commit
        with second.begin():
            _audit(second, 1)
        _audit(first, 2)  # would be SQLITE_BUSY_SNAPSHOT in the old snapshot
        assert _count(first) == 2  # the writing part sees the newest data
        first.commit()
    with engine.connect() as conn:
        assert _count(conn) == 2


def test_readers_do_not_take_the_lock_and_writers_release_it(engine):
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert isinstance(dbapi, QueuedWriterConnection)
        with conn.begin():
            _count(conn)
            assert not dbapi.holding
            _audit(conn, 1)
            assert dbapi.holding
        assert not dbapi.holding
        with conn.begin() as trans:
            _audit(conn, 2)
            trans.rollback()
        assert not dbapi.holding
        assert _count(conn) == 1


def test_writers_of_several_threads_take_turns(engine):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                with engine.begin() as conn:
                    _count(conn)
                    _audit(conn, n * 100 + i)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    with engine.connect() as conn:
        assert _count(conn) == 80


def test_an_in_memory_database_has_no_lock_file():
    assert WriterQueue.of(":memory:") is None
    assert WriterQueue.of("") is None


def _wal_size(engine) -> int:
    path = f"{engine.url.database}-wal"
    return os.path.getsize(path) if os.path.exists(path) else 0


def test_the_write_ahead_log_shrinks_back_once_readers_let_go(engine):
    """A reader that holds on keeps the log growing; once it let go, the log starts over and
    its file is cut back, where SQLite alone would keep the file at its largest for good."""
    with engine.connect() as reader:
        reader.begin()
        _count(reader)  # a snapshot the log cannot start over under
        for _ in range(80):
            with engine.begin() as conn:
                conn.execute(
                    sa.insert(AuditEvent),
                    [
                        {"action": "queue_test", "object_type": "t", "summary": "x" * 300}
                        for _ in range(200)
                    ],
                )
        grown = _wal_size(engine)
        assert grown > 2 * database.WAL_LIMIT
        reader.commit()
    for n in range(3):  # a checkpoint of everything, then a writer that starts the log over
        with engine.begin() as conn:
            _audit(conn, n)
    assert _wal_size(engine) <= database.WAL_LIMIT
    with engine.connect() as conn:
        assert _count(conn) == 80 * 200 + 3
