"""Issuing a large report as a job: a report on more than ``REPORT_JOB_MIN_SITES`` sites is
gathered and rendered by a worker while the issuer watches a status page.

The job calls the same operation as issuing in the request (``operations.issue_report``) and
checks the issuer's permission again when it runs.
"""

from __future__ import annotations

import dataclasses
import json

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from outreach.auth.models import User
from outreach.core.periods import parse_period_text
from outreach.core.permissions import can
from outreach.extensions import db
from outreach.jobs import Job, enqueue, progress
from outreach.reports import operations as ops
from outreach.reports.gather import gather_report_data
from outreach.reports.scope import ReportScope, parse_scope, scope_sites_stmt

JOB = "outreach.reports.background:issue"

#: what a running report job is doing, as its status page says it
STEPS = {
    "waiting": _l("Waiting for a worker"),
    "gathering": _l("Gathering the figures"),
    "rendering": _l("Writing the PDF and the workbook"),
}


def runs_as_job(scope: ReportScope) -> bool:
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(scope_sites_stmt(scope).subquery())
    )
    return count > int(current_app.config["REPORT_JOB_MIN_SITES"])


def enqueue_issue(
    scope_text: str,
    period_text: str,
    languages: list[str],
    issuer: User,
    what_works: bool = False,
    executive_summary: str = "",
    highlights: list[str] | None = None,
    photos: list[tuple[int, str]] | None = None,
) -> Job:
    return enqueue(
        JOB,
        scope_text,
        period_text,
        list(languages),
        issuer.id,
        what_works=what_works,
        executive_summary=executive_summary,
        highlights=list(highlights or []),
        photos=None if photos is None else [list(p) for p in photos],
    )


def issuer_id(job: Job) -> int | None:
    """The user who asked for a report job (None for any other job)."""
    if job.func != JOB:
        return None
    args, _kwargs = json.loads(job.arguments)
    return args[3]


def issue(
    scope_text: str,
    period_text: str,
    languages: list[str],
    user_id: int,
    what_works: bool = False,
    executive_summary: str = "",
    highlights: list[str] | None = None,
    photos: list[list] | None = None,
) -> dict:
    """The job: {"report_id": …} once issued, or {"error": "…"} when it may not be."""
    issuer = db.session.get(User, user_id)
    scope = parse_scope(scope_text)
    if issuer is None or not issuer.active or not can(issuer, "report.issue", scope):
        return {"error": "refused"}
    progress(5, "gathering")
    data = dataclasses.replace(
        gather_report_data(
            scope,
            parse_period_text(period_text),
            languages,
            issuer,
            what_works=what_works,
            photos=None if photos is None else [(int(i), str(c)) for i, c in photos],
        ),
        executive_summary=executive_summary,
        highlights=list(highlights or []),
    )
    progress(50, "rendering")
    try:
        report = ops.issue_report(data, issuer)
    except ops.NotIssuable as refusal:
        return {"error": str(refusal)}
    return {"report_id": report.id}
