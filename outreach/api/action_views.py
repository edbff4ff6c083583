"""Workflow steps as actions: a grievance along its lifecycle, an activity through its review
(and ``/submit``, the offline client's step, which also takes the signed-in session).
Each goes through the same operation as the page's button; ``If-Match`` with the version the
client read refuses a step on a record that changed since (412)."""

from __future__ import annotations

from typing import Literal

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel

from outreach.activities import operations as activity_ops
from outreach.activities.kinds import ActivityState
from outreach.api import activity_schemas
from outreach.api.access import session_allowed
from outreach.api.blueprint import bp
from outreach.api.loading import activity_or_404, requires
from outreach.api.payloads import LONG_TEXT
from outreach.api.responses import json_body, json_response
from outreach.api.serialize import activity_json, etag, plain
from outreach.api.spec import operation
from outreach.core.idempotency import idempotent
from outreach.core.problems import problem
from outreach.core.rules import NOT_IN_LIST, RuleError
from outreach.feedback import lifecycle, queries
from outreach.feedback import operations as feedback_ops

STEPS = {
    "submit": activity_ops.submit_activity,
    "approve": activity_ops.approve_activity,
    "return": activity_ops.return_activity,
    "reopen": activity_ops.reopen_activity,
}


class ActivityAction(BaseModel):
    """A review step; ``comment`` is what needs to change (return) or why (reopen)."""

    action: Literal[tuple(STEPS)]
    comment: str | None = None


class GrievanceAction(BaseModel):
    """A lifecycle step; ``resolution`` for resolve (the answer the complainant reads on the
    public status page; ``note`` stays with staff), ``satisfaction`` for close."""

    action: Literal[tuple(lifecycle.TRANSITIONS)]
    note: str | None = None
    resolution: str | None = None
    satisfaction: str | None = None


class GrievanceState(BaseModel):
    id: int
    status: str
    version: int
    acknowledged_on: str | None
    resolved_on: str | None
    closed_on: str | None


def stale(record):
    """412 when If-Match names another version than the record's (None when it matches or
    was not sent)."""
    wanted = request.headers.get("If-Match")
    # a gzipped answer carried the same version as "<version>-gzip" (core/compression.py)
    tags = (etag(record), f'"{record.version}-gzip"')
    if wanted is None or wanted.strip() in ("*", *tags, *(f"W/{t}" for t in tags)):
        return None
    return problem(412, _("The record changed since you read it: read it again."))


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > LONG_TEXT:
        raise RuleError({name: [_("Enter text.")]})
    return value


def _action(body: dict, allowed) -> str:
    action = body.get("action")
    if action not in allowed:
        raise RuleError({"action": [str(NOT_IN_LIST)]})
    return action


@bp.post("/activities/<int:activity_id>/actions")
@operation(tags=("activities",), json=ActivityAction, ok={"HTTP_200": activity_schemas.ActivityOut})
@requires("record.write")
@idempotent
def activity_action(activity_id: int):
    """Submit, approve, return or reopen an activity, as its page's buttons do."""
    activity = activity_or_404(activity_id)
    refused = stale(activity)
    if refused:
        return refused
    body = json_body()
    action = _action(body, STEPS)
    comment = _text(body, "comment")
    if action in ("return", "reopen"):
        STEPS[action](activity, comment, current_user)
    else:
        STEPS[action](activity, current_user)
    return json_response(activity_json(activity), headers={"ETag": etag(activity)})


#: an entry in one of these states was sent for review already: sending it again changes nothing
SENT = (ActivityState.SUBMITTED, ActivityState.APPROVED)


@bp.post("/activities/<int:activity_id>/submit")
@session_allowed
@operation(tags=("activities",), ok={"HTTP_200": activity_schemas.ActivityOut})
@requires("record.write")
@idempotent
def submit_activity(activity_id: int):
    """Send an entry for review, as its page's Submit button does. An entry sent already (or
    approved since) is answered as it stands, unchanged, so a client may repeat the call."""
    activity = activity_or_404(activity_id)
    if activity.state not in SENT:
        refused = stale(activity)
        if refused:
            return refused
        activity_ops.submit_activity(activity, current_user)
    return json_response(activity_json(activity), headers={"ETag": etag(activity)})


@bp.post("/feedback/<int:feedback_id>/actions")
@operation(tags=("feedback",), json=GrievanceAction, ok={"HTTP_200": GrievanceState})
@requires("record.write")
@idempotent
def grievance_action(feedback_id: int):
    """Acknowledge, investigate, escalate, resolve, close, appeal or reopen a grievance."""
    feedback = queries.get_visible(current_user, feedback_id)
    if feedback is None:
        abort(404)
    refused = stale(feedback)
    if refused:
        return refused
    body = json_body()
    action = _action(body, lifecycle.TRANSITIONS)
    satisfaction = body.get("satisfaction")
    if satisfaction is not None and not isinstance(satisfaction, str):
        raise RuleError({"satisfaction": [str(NOT_IN_LIST)]})
    try:
        feedback_ops.transition(
            feedback,
            action,
            current_user,
            note=_text(body, "note"),
            resolution=_text(body, "resolution"),
            satisfaction=satisfaction or None,
        )
    except feedback_ops.LifecycleError as error:
        raise feedback_ops.LifecycleError(
            _("This step is not possible in the grievance's current status.")
        ) from error
    state = {
        "id": feedback.id,
        "status": plain(feedback.status),
        "version": feedback.version,
        "acknowledged_on": plain(feedback.acknowledged_on),
        "resolved_on": plain(feedback.resolved_on),
        "closed_on": plain(feedback.closed_on),
    }
    return json_response(state, headers={"ETag": etag(feedback)})
