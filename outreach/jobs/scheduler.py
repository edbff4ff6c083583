"""The scheduler's tick: periodic jobs fall due, retries whose backoff has passed and jobs
lost on the way to a worker are handed out (again).

Any number of schedulers may tick side by side (one per ``flask worker``, or per app process
in thread mode): a periodic job is enqueued with the key ``periodic:<name>:<slot>`` and the
job table takes a key once, and a worker runs a job only after claiming it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs.models import Job, JobStatus
from outreach.jobs.queue import enqueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    every: timedelta


#: name → periodic job (filled by ``@periodic`` as the modules that hold them are imported)
PERIODIC: dict[str, Periodic] = {}


def periodic(name: str, every: timedelta):
    """Register a function without arguments to run once every ``every`` (counted in slots from
    the epoch, UTC: ``timedelta(days=1)`` runs soon after midnight UTC). The module must be
    imported when the app is made (from its feature's ``register(app)``)."""
    if every.total_seconds() < 1:
        raise ValueError("a periodic job runs at most once a second")

    def decorate(function):
        path = f"{function.__module__}:{function.__qualname__}"
        PERIODIC[name] = Periodic(name, path, every)
        return function

    return decorate


def _redispatch_after() -> timedelta:
    return timedelta(seconds=float(current_app.config.get("JOBS_REDISPATCH_SECONDS", 300)))


def tick(now: datetime | None = None) -> list[int]:
    """Enqueue the periodic jobs that fell due; returns the ids of the jobs that wait, marked
    as handed out now, for the caller to hand to a worker (periodic jobs go out as they
    commit)."""
    now = now or utcnow()
    for job in PERIODIC.values():
        slot = int(now.timestamp() // job.every.total_seconds())
        enqueue(job.func, key=f"periodic:{job.name}:{slot}")
    db.session.commit()

    stale = now - _redispatch_after()
    waiting = sa.and_(
        Job.status == JobStatus.QUEUED,
        Job.run_after <= now,
        sa.or_(
            Job.dispatched_at.is_(None),
            Job.dispatched_at < Job.run_after,  # a retry after its backoff
            Job.dispatched_at < stale,  # lost on the way (Redis restarted, thread gone)
        ),
    )
    abandoned = sa.and_(Job.status == JobStatus.RUNNING, Job.lease_until < now)
    ids = list(
        db.session.scalars(
            sa.select(Job.id).where(sa.or_(waiting, abandoned)).order_by(Job.id).limit(5000)
        )
    )
    if ids:
        db.session.execute(
            sa.update(Job)
            .where(Job.id.in_(ids))
            .values(dispatched_at=now)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    if ids:
        log.info("handing out %d waiting jobs", len(ids))
    return ids


def purge_finished() -> int:
    """Forget finished jobs older than JOBS_KEEP_DAYS (failed ones stay for the admins)."""
    days = int(current_app.config.get("JOBS_KEEP_DAYS", 30))
    removed = db.session.execute(
        sa.delete(Job).where(
            Job.status == JobStatus.DONE, Job.finished_at < utcnow() - timedelta(days=days)
        )
    ).rowcount
    return removed


periodic("jobs.purge", every=timedelta(days=1))(purge_finished)
