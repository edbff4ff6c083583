"""Reads of import runs: a user sees only their own."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.extensions import db
from outreach.imports.models import ImportRun, ImportState
from outreach.imports.running import WRITING_PROGRESS, finish


def run_of(user: User, import_id: int) -> ImportRun | None:
    run = db.session.get(ImportRun, import_id)
    return run if run is not None and run.user_id == user.id else None


def recent_runs(user: User, limit: int = 20) -> list[ImportRun]:
    stmt = (
        sa.select(ImportRun)
        .where(ImportRun.user_id == user.id)
        .order_by(ImportRun.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def progress(run: ImportRun) -> int:
    """Rows done so far (while writing: as this process knows it when the job runs in one of
    its threads, or as the job's own connection wrote it on PostgreSQL)."""
    if run.state == ImportState.WRITING:
        return max(WRITING_PROGRESS.get(run.id, 0), run.done_rows or 0)
    return run.done_rows


def cancel(run: ImportRun) -> None:
    """Drop an import that was not written, and its file."""
    finish(run, None, ImportState.CANCELLED)


def fail(run: ImportRun, problem: str) -> None:
    finish(run, None, ImportState.FAILED, problem)
