"""Engine settings: SQLite gets WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, has_request_context, request

from outreach.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself so "BEGIN IMMEDIATE" can be used for writes.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _sqlite_begin(conn):
        # In WAL mode a deferred transaction that reads and then writes fails at once with
        # "database is locked" when another writer committed in between; the busy timeout does
        # not help it. Requests that change data therefore take the write lock up front and
        # queue on the busy timeout; reads (and scripts) begin deferred and run concurrently.
        if has_request_context() and request.method not in SAFE_METHODS:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
