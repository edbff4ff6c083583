"""Reads from a PostgreSQL streaming replica (``OUTREACH_DATABASE_REPLICA_URL``).

A page that only reads and may be a second or so behind (the dashboards, report previews and
downloads, the API's reads) marks its request with ``read_from_replica()``; its session then
sends plain SELECTs to the replica (``outreach.extensions.RoutingSession``). Everything else
stays on the primary:

- every write, and every ``SELECT … FOR UPDATE``;
- signing in and checking the sign-in session (read before the request is marked);
- the requests of a browser that wrote something in the last ``REPLICA_STICKY_SECONDS``, so a
  user sees their own entry in the figures at once instead of after the replica catches up;
- every request while the replica does not answer: it is asked again after
  ``REPLICA_RETRY_SECONDS``, and pages meanwhile read the primary.

Without a replica URL nothing changes. The engine's connections are made on first use.
"""

from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session

log = logging.getLogger(__name__)
_WROTE_AT = "wrote_at"
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


class Replica:
    """The replica's engine and whether it answered when last asked."""

    def __init__(self, url: str, retry_seconds: float):
        self.engine = sa.create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 2},
        )
        self.retry_seconds = retry_seconds
        self.down_until = 0.0
        self.lock = threading.Lock()

    def usable(self) -> bool:
        if time.monotonic() < self.down_until:
            return False
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.SQLAlchemyError as error:
            with self.lock:
                self.down_until = time.monotonic() + self.retry_seconds
            log.warning("read replica unreachable, reading the primary: %s", error)
            return False
        return True


def read_from_replica() -> bool:
    """Mark this request's reads for the replica when there is one and it may be used; returns
    whether it was marked."""
    from flask_login import current_user

    replica: Replica | None = current_app.extensions.get("outreach_replica")
    if replica is None or g.get("read_replica"):
        return bool(g.get("read_replica"))
    current_user._get_current_object()  # the sign-in session is checked on the primary
    sticky = current_app.config["REPLICA_STICKY_SECONDS"]
    if time.time() - session.get(_WROTE_AT, 0) < sticky or not replica.usable():
        return False
    g.read_replica = True
    return True


def replica_blueprint(bp) -> None:
    """Every GET of a blueprint reads from the replica."""

    @bp.before_request
    def _mark():
        if request.method in ("GET", "HEAD"):
            read_from_replica()


def init_app(app: Flask) -> None:
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return
    app.extensions["outreach_replica"] = Replica(url, app.config["REPLICA_RETRY_SECONDS"])

    @app.after_request
    def _remember_writes(response):
        if request.method in _WRITES and response.status_code < 400:
            session[_WROTE_AT] = int(time.time())
        return response
