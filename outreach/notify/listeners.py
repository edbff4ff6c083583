"""Notifications driven by the write side's domain events (``outreach.core.events``): they run
in the transaction of the change, so a change that rolls back tells nobody."""

from __future__ import annotations

from outreach.core import events
from outreach.notify.operations import notify
from outreach.notify.recipients import if_allowed, who_may


def _grievance_params(feedback) -> dict:
    return {"id": feedback.id, "site": feedback.site.code}


@events.grievance_stepped.connect
def _grievance_stepped(feedback, action: str, actor=None, assignee=None, **_):
    if action != "assign" or assignee is None:
        return
    notify(
        if_allowed(assignee, "grievance.handle", feedback),
        "grievance_assigned",
        f"assigned:{feedback.id}:{len(feedback.events)}",
        _grievance_params(feedback),
        "feedback.show_feedback",
        {"feedback_id": feedback.id},
    )


@events.activity_reviewed.connect
def _activity_reviewed(activity, action: str, actor=None, **_):
    if action != "return":
        return
    notify(
        if_allowed(activity.author, "record.view", activity),
        "entry_returned",
        f"returned:{activity.id}:{activity.times_submitted}",
        {
            "id": activity.id,
            "title": activity.title,
            "site": activity.site.code,
            "comment": activity.review_comment,
        },
        "activities.show_activity",
        {"activity_id": activity.id},
    )


@events.report_issued.connect
def _report_issued(report, **_):
    notify(
        who_may("notify.report_issued", report),
        "report_issued",
        f"report:{report.id}",
        {"id": report.id, "scope": report.scope_name, "period": report.period_label},
        "reports.show_report",
        {"report_id": report.id},
    )


@events.feedback_recorded.connect
def _feedback_recorded(feedback, **_):
    if feedback.reviewed:  # only what arrives unreviewed from the public page
        return
    notify(
        who_may("notify.public_feedback", feedback),
        "public_feedback",
        f"public-feedback:{feedback.id}",
        {"id": feedback.id, "site": feedback.site.code},
        "feedback.show_feedback",
        {"feedback_id": feedback.id},
        digest_only=True,
    )
