"""Record a commitment, feedback (a complaint taken in as a grievance) or a stakeholder: the body
is read as the form reads its fields, then the same operation as the form's runs, with the same
permission check and rules (refused fields come back as a 422 problem in the forms' words)."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from outreach.activities import commitment_operations
from outreach.activities import queries as activity_queries
from outreach.activities.data_rules import check_commitment
from outreach.api import entry_input as inputs
from outreach.api.blueprint import bp
from outreach.api.loading import recording_site, requires
from outreach.api.payloads import record_id, refuse_together
from outreach.api.resources import resource
from outreach.api.responses import json_body, json_response
from outreach.api.serialize import etag
from outreach.api.spec import operation
from outreach.core.idempotency import idempotent
from outreach.core.permissions import writable_sites
from outreach.core.rules import NOT_IN_LIST, Errors, RuleError
from outreach.feedback import operations as feedback_operations
from outreach.feedback.rules import check_feedback
from outreach.stakeholders import operations as stakeholder_operations
from outreach.stakeholders.rules import check_stakeholder

COMMITMENTS = resource("commitments")
FEEDBACK = resource("feedback")
STAKEHOLDERS = resource("stakeholders")


def _created(kind, record, endpoint: str, **ids):
    """201 with the record as ``GET`` answers it, its address and its version."""
    headers = {"Location": url_for(endpoint, **ids), "ETag": etag(record)}
    return json_response(kind.record(record), 201, headers)


def _consultation(body: dict, errors: Errors):
    """The consultation the body's ``consultation_id`` names, if it names one the caller sees.
    Whether a promise may link to it is the operation's to say."""
    consultation_id = record_id(body.get("consultation_id"), "consultation_id", errors)
    if consultation_id is None:
        return None
    consultation = activity_queries.get_visible_activity(current_user, consultation_id)
    if consultation is None:
        errors.add("consultation_id", NOT_IN_LIST)
    return consultation


@bp.post("/commitments")
@operation(tags=("commitments",), json=inputs.CommitmentNew, ok={"HTTP_201": COMMITMENTS.schema})
@requires("record.write")
@idempotent
def create_commitment():
    """Record a promise made to a site's community, as the commitment form does."""
    body = json_body()
    errors = Errors()
    site = recording_site(body, errors)
    command = inputs.commitment_command(body, errors)
    consultation = _consultation(body, errors)
    refuse_together(errors, check_commitment(command))
    commitment = commitment_operations.create_commitment(site, command, current_user, consultation)
    return _created(COMMITMENTS, commitment, "api.get_commitment", commitment_id=commitment.id)


@bp.post("/feedback")
@operation(tags=("feedback",), json=inputs.FeedbackNew, ok={"HTTP_201": FEEDBACK.schema})
@requires("record.write")
@idempotent
def create_feedback():
    """Record what a community member said at a site, as the feedback form does; with
    ``is_grievance`` a complaint becomes a grievance, its deadlines set by the site's country."""
    body = json_body()
    errors = Errors()
    site = recording_site(body, errors)
    if site is None:
        raise RuleError(dict(errors))
    command = inputs.feedback_command(body, errors)
    refuse_together(errors, check_feedback(site, command))
    feedback = feedback_operations.record_feedback(site, command, current_user)
    return _created(FEEDBACK, feedback, "api.get_feedback", feedback_id=feedback.id)


@bp.post("/stakeholders")
@operation(tags=("stakeholders",), json=inputs.StakeholderNew, ok={"HTTP_201": STAKEHOLDERS.schema})
@requires("record.write")
@idempotent
def create_stakeholder():
    """Add a community, institution or person to the register of the caller's sites, as the
    stakeholder form does."""
    body = json_body()
    errors = Errors()
    command = inputs.stakeholder_command(body, writable_sites(current_user), errors)
    refuse_together(errors, check_stakeholder(command))
    stakeholder = stakeholder_operations.create_stakeholder(command, current_user)
    return _created(STAKEHOLDERS, stakeholder, "api.get_stakeholder", stakeholder_id=stakeholder.id)
