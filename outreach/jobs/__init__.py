"""Work that outlives a request: ``enqueue`` a job, ``@periodic`` for a job on a schedule.

    from outreach.jobs import enqueue, periodic
    enqueue("outreach.reports.jobs:render", report_id, key=f"report:{report_id}")

A job is a function named "package.module:function", called later in an app context with
arguments that JSON can hold. It is handed to a worker once the transaction that enqueued it
commits (and never if it rolls back). It must be idempotent: it is retried with backoff when it
raises, and runs again when its worker dies. ``key`` makes enqueueing idempotent: a job whose
key is already in the table (waiting, running, done or failed) is not enqueued again.

RQ on Redis runs jobs when ``JOBS_REDIS_URL`` (``OUTREACH_JOBS_REDIS_URL``) is set and
``flask --app app worker`` runs; otherwise a background thread of the app process does;
``JOBS_MODE = "sync"`` (tests) runs each job as soon as its transaction commits.
"""

from __future__ import annotations

from outreach.jobs import backends, queue
from outreach.jobs.models import Job, JobStatus
from outreach.jobs.queue import enqueue, requeue
from outreach.jobs.runner import current_job_id, progress
from outreach.jobs.scheduler import periodic

__all__ = [
    "Job",
    "JobStatus",
    "current_job_id",
    "enqueue",
    "periodic",
    "progress",
    "register",
    "requeue",
]

queue.DISPATCH = backends.dispatch


def register(app) -> None:
    """The failed-jobs page and ``flask worker``; in thread mode, the job thread starts with
    the first request."""
    from outreach.jobs import views  # noqa: F401
    from outreach.jobs.backends import ThreadRunner, mode
    from outreach.jobs.blueprint import bp
    from outreach.jobs.worker import worker_command

    app.register_blueprint(bp)
    app.cli.add_command(worker_command)
    if mode(app) == "thread" and not app.config.get("TESTING"):

        @app.before_request
        def _start_job_thread() -> None:
            ThreadRunner.of(app)
