"""Enqueueing: a job is a row added to the open transaction, handed to a worker once that
transaction commits (and forgotten if it rolls back)."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs.models import Job, JobStatus

#: hands committed job ids to whatever runs them (set by outreach.jobs to backends.dispatch)
DISPATCH: Callable[[Flask, list[int]], None] | None = None

#: ``Session.info`` key: (app, job id) handed out once the transaction commits
_PENDING = "outreach.jobs_pending"

DEFAULT_MAX_ATTEMPTS = 5


def enqueue(func: str, *args, key: str | None = None, **kwargs) -> Job:
    """Add a job to the open transaction; it is handed to a worker once that commits. Returns
    the job (the existing one when ``key`` was enqueued before)."""
    if ":" not in func:
        raise ValueError(f"a job is named 'package.module:function', not {func!r}")
    if key is not None and not 0 < len(key) <= 255:
        raise ValueError("a job key is 1 to 255 characters")
    arguments = json.dumps([list(args), kwargs])
    if key is not None:
        existing = _by_key(key)
        if existing is not None:
            return existing
    now = utcnow()
    job = Job(
        func=func,
        arguments=arguments,
        key=key,
        status=JobStatus.QUEUED,
        attempts=0,
        max_attempts=int(current_app.config.get("JOBS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)),
        run_after=now,
        dispatched_at=now,
        progress=0,
        created_at=now,
    )
    if key is None:
        db.session.add(job)
        db.session.flush()
    else:
        try:
            with db.session.begin_nested():
                db.session.add(job)
        except sa.exc.IntegrityError:  # enqueued at the same moment elsewhere
            return _by_key(key)
    db.session.info.setdefault(_PENDING, []).append((current_app._get_current_object(), job.id))
    return job


def requeue(job: Job) -> None:
    """Run a failed job again, with a fresh count of attempts, once the transaction commits."""
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.run_after = job.dispatched_at = utcnow()
    job.finished_at = None
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((current_app._get_current_object(), job.id))


def _by_key(key: str) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.key == key))


@event.listens_for(Session, "after_commit")
def _hand_out(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released, not the commit
        return
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    by_app: dict[int, tuple] = {}
    for app, job_id in pending:
        by_app.setdefault(id(app), (app, []))[1].append(job_id)
    for app, ids in by_app.values():
        DISPATCH(app, ids)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
