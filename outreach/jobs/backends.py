"""Where a job's id travels to a worker: RQ on Redis, a background thread of the app process,
or (tests) right away, in the committing process.

``JOBS_MODE``: "auto" (the default) is "rq" when ``JOBS_REDIS_URL`` is set and "thread"
otherwise; "sync" runs each job as soon as the transaction that enqueued it commits, in an app
context of its own. Whatever the mode, the job table is the record (outreach/jobs/models.py):
a lost id is handed out again by the scheduler.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from datetime import datetime

from flask import Flask

log = logging.getLogger(__name__)

#: the RQ queue every job goes through
QUEUE_NAME = "outreach"


def mode(app: Flask) -> str:
    chosen = (app.config.get("JOBS_MODE") or "auto").lower()
    if chosen == "auto":
        return "rq" if app.config.get("JOBS_REDIS_URL") else "thread"
    if chosen not in ("rq", "thread", "sync"):
        raise RuntimeError(f"JOBS_MODE is {chosen!r}; use auto, rq, thread or sync")
    return chosen


def dispatch(app: Flask, job_ids: list[int]) -> None:
    """Hand committed jobs to whatever runs them."""
    if not job_ids:
        return
    chosen = mode(app)
    if chosen == "sync":
        run_now(app, job_ids)
    elif chosen == "thread":
        ThreadRunner.of(app).put(job_ids)
    else:
        try:
            rq_queue(app).enqueue_many(
                [
                    rq_queue(app).prepare_data(
                        "outreach.jobs.worker.perform", args=(job_id,), result_ttl=0
                    )
                    for job_id in job_ids
                ]
            )
        except Exception:  # noqa: BLE001 - the scheduler hands them out again
            log.exception("Redis refused jobs %s; the scheduler will hand them out", job_ids)


def run_now(app: Flask, job_ids: list[int], now: datetime | None = None) -> None:
    """Run the jobs here, one after the other, each in an app context of its own."""
    from outreach.jobs.runner import run

    for job_id in job_ids:
        with app.app_context():
            run(job_id, now)


_connections: dict[str, object] = {}


def redis_connection(app: Flask):
    from redis import Redis

    url = app.config["JOBS_REDIS_URL"]
    if url not in _connections:
        _connections[url] = Redis.from_url(url)
    return _connections[url]


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(app))


class ThreadRunner:
    """One daemon thread per app process that runs jobs and, every JOBS_TICK_SECONDS, the
    scheduler's tick (periodic jobs, retries, lost jobs)."""

    _runners: dict[int, ThreadRunner] = {}
    _guard = threading.Lock()

    def __init__(self, app: Flask):
        self.app = app
        self.ids: queue.Queue[int | None] = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="outreach-jobs", daemon=True)
        self.thread.start()

    @classmethod
    def of(cls, app: Flask) -> ThreadRunner:
        with cls._guard:
            runner = cls._runners.get(id(app))
            if runner is None or not runner.thread.is_alive():
                runner = cls._runners[id(app)] = cls(app)
            return runner

    def put(self, job_ids: list[int]) -> None:
        for job_id in job_ids:
            self.ids.put(job_id)

    def _loop(self) -> None:
        from outreach.jobs.scheduler import tick

        every = float(self.app.config.get("JOBS_TICK_SECONDS", 5))
        next_tick = time.monotonic()
        while True:
            try:
                job_id = self.ids.get(timeout=max(next_tick - time.monotonic(), 0.01))
            except queue.Empty:
                job_id = None
            try:
                if job_id is not None:
                    run_now(self.app, [job_id])
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + every
                    with self.app.app_context():
                        self.put(tick())
            except Exception:  # noqa: BLE001 - the thread outlives any one job
                log.exception("the job thread caught an error")
