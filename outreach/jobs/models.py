"""The job table: every job enqueued, its idempotency key, its state and its attempts.

The database, not Redis, is the record of what is owed: Redis (or the app's own thread) only
carries a job's id to a worker. A job lost in transit (Redis restarted without persistence,
a worker killed with ``kill -9``) is still ``queued`` or ``running`` here, and the scheduler
hands it out again (outreach/jobs/scheduler.py).
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core import labels
from outreach.core.db import UTCDateTime, enum_column
from outreach.extensions import db


class JobStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting (``run_after``: not before; after a failure, the backoff)
    RUNNING = "running"  # claimed by a worker until ``lease_until``
    DONE = "done"
    FAILED = "failed"  # every attempt failed; shown to admins


JOB_STATUS_LABELS = labels.register(
    JobStatus,
    {
        JobStatus.QUEUED: _l("Waiting"),
        JobStatus.RUNNING: _l("Running"),
        JobStatus.DONE: _l("Done"),
        JobStatus.FAILED: _l("Failed"),
    },
)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "package.module:function"
    func: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: JSON [args, kwargs]
    arguments: Mapped[str] = mapped_column(sa.Text, nullable=False, default="[[], {}]")
    #: a job with a key runs to completion at most once (unique)
    key: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus), nullable=False, default=JobStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=5)
    run_after: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: last handed to a worker (Redis or the thread); handed out again if it stays unclaimed
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: a running job whose lease has passed is taken to be dead (its worker was killed)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: 0-100 while running, for a status page; ``progress_note`` says what it is doing
    progress: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    progress_note: Mapped[str | None] = mapped_column(sa.String(200))
    #: JSON of what the function returned (ids, not objects)
    result: Mapped[str | None] = mapped_column(sa.Text)
    #: the last failure (exception type and message)
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.func} {self.status}>"
