"""The admins' page of background jobs that failed every attempt, with a button to try again."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from outreach.core.pagination import page_number, paginate
from outreach.core.permissions import requires
from outreach.extensions import db
from outreach.jobs import requeue
from outreach.jobs.blueprint import bp
from outreach.jobs.models import Job, JobStatus


@bp.route("/failed")
@requires("jobs.manage")
def failed():
    """Jobs that failed every attempt, newest first, with their last error."""
    stmt = sa.select(Job).where(Job.status == JobStatus.FAILED).order_by(Job.finished_at.desc())
    page = paginate(stmt, page_number(request.args.get("page")))
    waiting = db.session.scalar(
        sa.select(sa.func.count()).select_from(Job).where(Job.status == JobStatus.QUEUED)
    )
    return render_template("jobs/failed.html", page=page, waiting=waiting)


@bp.route("/<int:job_id>/retry", methods=["POST"])
@requires("jobs.manage")
def retry(job_id: int):
    """Put a failed job back in the queue with a fresh count of attempts."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.FAILED:
        abort(404)
    requeue(job)
    flash(_("The job will run again shortly."), "success")
    return redirect(url_for("jobs.failed"))
