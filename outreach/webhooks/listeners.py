"""Webhook events from the domain events: each queues a delivery, in the transaction of the
change, for every endpoint subscribed. The body says what happened and to which record, never
who complained: no name, contact or words of feedback leave by a webhook."""

from __future__ import annotations

from outreach.core import events
from outreach.webhooks.operations import queue_event


def _grievance(feedback) -> dict:
    return {
        "grievance": {
            "id": feedback.id,
            "site": feedback.site.code,
            "country": feedback.site.country_code,
            "status": feedback.status.value if feedback.status else None,
            "received_on": feedback.received_on,
            "ack_due": feedback.ack_due,
            "resolve_due": feedback.resolve_due,
            "closed_on": feedback.closed_on,
            "satisfaction": feedback.satisfaction.value if feedback.satisfaction else None,
        }
    }


@events.grievance_stepped.connect
def _grievance_stepped(feedback, action: str, **_):
    if action == "receive":
        queue_event("grievance.received", f"received:{feedback.id}", _grievance(feedback))
    elif action == "close":
        key = f"closed:{feedback.id}:{feedback.closed_on}:{len(feedback.events)}"
        queue_event("grievance.closed", key, _grievance(feedback))


@events.deadline_missed.connect
def _deadline_missed(feedback, which: str, due, **_):
    data = dict(_grievance(feedback), deadline={"which": which, "due": due})
    queue_event("grievance.deadline_missed", f"missed:{feedback.id}:{which}:{due}", data)


@events.activity_reviewed.connect
def _activity_reviewed(activity, action: str, **_):
    if action != "approve":
        return
    data = {
        "activity": {
            "id": activity.id,
            "site": activity.site.code,
            "kind": activity.kind.value,
            "title": activity.title,
            "date": activity.activity_date,
            "version": activity.version,
        }
    }
    key = f"approved:{activity.id}:{activity.reviewed_at.isoformat()}"
    queue_event("activity.approved", key, data)


@events.report_issued.connect
def _report_issued(report, **_):
    data = {
        "report": {
            "id": report.id,
            "scope": report.scope_name,
            "country": report.country_code,
            "period": report.period_label,
            "version": report.version,
            "verification_code": report.verification_code,
            "sha256": report.sha256,
        }
    }
    queue_event("report.issued", f"issued:{report.id}", data)
