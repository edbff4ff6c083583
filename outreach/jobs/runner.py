"""Running one job: claim it, call its function inside the app context, commit what it wrote
together with "done", or record the failure and when to try again.

A job's own writes and its "done" commit in one transaction, so a job killed half-way leaves
nothing behind and simply runs again. The claim is committed first: it takes an attempt and a
lease, so that a worker killed with ``kill -9`` is noticed when the lease passes (the scheduler
hands the job out again) and a job that kills its worker every time stops after
``max_attempts``.
"""

from __future__ import annotations

import contextvars
import importlib
import json
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

_current_job: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "outreach_current_job", default=None
)


def resolve(path: str):
    """The function named "package.module:function"."""
    module, _, name = path.partition(":")
    if not module or not name:
        raise ValueError(f"a job is named 'package.module:function', not {path!r}")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def backoff(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: JOBS_BACKOFF_SECONDS, doubling, at most an
    hour."""
    base = float(current_app.config.get("JOBS_BACKOFF_SECONDS", 30))
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


def lease() -> timedelta:
    return timedelta(seconds=float(current_app.config.get("JOBS_LEASE_SECONDS", 600)))


def current_job_id() -> int | None:
    """The id of the job running in this context (None outside a job)."""
    return _current_job.get()


def claim(job_id: int, now: datetime | None = None) -> bool:
    """Take the job if it is due, or if the worker that held it is gone (its lease passed)."""
    now = now or utcnow()
    due = sa.and_(Job.status == JobStatus.QUEUED, Job.run_after <= now)
    abandoned = sa.and_(Job.status == JobStatus.RUNNING, Job.lease_until < now)
    claimed = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, sa.or_(due, abandoned))
        .values(status=JobStatus.RUNNING, lease_until=now + lease(), attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def run(job_id: int, now: datetime | None = None) -> bool:
    """Run a job if it can be claimed (``now``: the clock, for tests); False when another
    worker has it or it is finished."""
    if not claim(job_id, now):
        return False
    job = db.session.get(Job, job_id)
    args, kwargs = json.loads(job.arguments)
    token = _current_job.set(job_id)
    try:
        result = resolve(job.func)(*args, **kwargs)
        job = db.session.get(Job, job_id)
        job.status = JobStatus.DONE
        job.progress = 100
        job.finished_at = utcnow()
        job.lease_until = None
        job.result = None if result is None else json.dumps(result)
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.func)
        _failed(job_id, error, now or utcnow())
    finally:
        _current_job.reset(token)
    return True


def _failed(job_id: int, error: Exception, now: datetime) -> None:
    job = db.session.get(Job, job_id)
    job.error = f"{type(error).__name__}: {error}"[:4000]
    job.lease_until = None
    if job.attempts >= job.max_attempts:
        job.status = JobStatus.FAILED
        job.finished_at = now
    else:
        job.status = JobStatus.QUEUED
        job.run_after = now + backoff(job.attempts)
    db.session.commit()


def progress(percent: int, note: str | None = None) -> None:
    """Tell the job's status page how far the running job is (and keep its lease). Written on
    a connection of its own, so it shows at once while the job's own writes stay uncommitted;
    on SQLite, call it before the job starts writing."""
    job_id = _current_job.get()
    if job_id is None:
        return
    values = {
        "progress": max(0, min(int(percent), 99)),
        "progress_note": note[:200] if note else None,
        "lease_until": utcnow() + lease(),
    }
    with db.engine.begin() as conn:
        conn.execute(sa.update(Job).where(Job.id == job_id).values(**values))
