"""``flask --app app worker``: an RQ worker on ``JOBS_REDIS_URL`` and the scheduler's tick.

The worker runs jobs in its own process (RQ's SimpleWorker, no fork per job: a job is a short
call into the app). Run as many as the load needs, on as many machines, each with
``--no-scheduler`` but one or two (more schedulers are harmless, see scheduler.py).
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import threading
import time

import click
from flask import Flask, current_app

log = logging.getLogger(__name__)

#: the app of this worker process (``perform`` runs inside it)
_app: Flask | None = None


def perform(job_id: int) -> None:
    """What RQ runs: the job, inside the worker's app context."""
    from outreach.jobs.runner import run

    assert _app is not None, "perform runs in `flask worker`"
    with _app.app_context():
        run(job_id)


def _tick(app: Flask) -> None:
    from outreach.jobs.backends import dispatch
    from outreach.jobs.scheduler import tick

    with app.app_context():
        dispatch(app, tick())


def _scheduler_loop(app: Flask, stop: threading.Event) -> None:
    every = float(app.config.get("JOBS_TICK_SECONDS", 5))
    while not stop.is_set():
        try:
            _tick(app)
        except Exception:  # noqa: BLE001 - a database or Redis hiccup; try again next tick
            log.exception("the scheduler's tick failed")
        stop.wait(every)


@click.command("worker")
@click.option("--scheduler/--no-scheduler", default=True, help="Also run the scheduler's tick.")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (tests, benchmarks).")
def worker_command(scheduler: bool, burst: bool) -> None:
    """Run jobs from Redis (JOBS_REDIS_URL) and, unless --no-scheduler, the periodic jobs."""
    global _app
    from rq import SimpleWorker

    from outreach.jobs.backends import mode, redis_connection, rq_queue

    app = current_app._get_current_object()
    if mode(app) != "rq":
        raise click.ClickException(
            "no Redis to take jobs from: set OUTREACH_JOBS_REDIS_URL (without it the app "
            "process runs jobs in a thread of its own)"
        )
    _app = app
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1: where it is stuck
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    if scheduler:
        _tick(app)  # what waited while no worker ran goes to the queue before the worker starts
        thread = threading.Thread(target=_scheduler_loop, args=(app, stop), daemon=True)
        thread.start()
    started = time.monotonic()
    try:
        SimpleWorker([rq_queue(app)], connection=redis_connection(app)).work(
            burst=burst, with_scheduler=False, logging_level="WARNING"
        )
    finally:
        stop.set()
        log.info("worker stopped after %.1f s", time.monotonic() - started)
