"""The JSON bodies of a new commitment, feedback and stakeholder as the commands their
operations take, under the field names of their forms; and the bodies' shapes for the OpenAPI
document. Like a form, this only reads the input: what an entry must hold is the rules' to say."""

from __future__ import annotations

from typing import Any

from outreach.activities.models import Commitment
from outreach.api.activity_input import COMMITMENT_FIELDS
from outreach.api.payloads import id_list, parse_fields, record_id
from outreach.api.schemas import model_for
from outreach.core.rules import NOT_IN_LIST, Errors
from outreach.feedback.models import Feedback
from outreach.sites.models import Site
from outreach.stakeholders.models import VULNERABLE_GROUPS, Stakeholder

FEEDBACK_FIELDS = ["received_on", "channel", "language", "text", "person_name"]
FEEDBACK_FIELDS += ["person_contact", "anonymous", "fears_retaliation", "consent_personal_data"]
FEEDBACK_FIELDS += ["is_grievance"]
STAKEHOLDER_FIELDS = ["name", "category", "location", "contact_name", "contact_phone"]
STAKEHOLDER_FIELDS += ["contact_email", "consent_personal_data", "notes"]
#: texts the form keeps shorter than their column
STAKEHOLDER_LIMITS = {"notes": 5000}

CommitmentNew = model_for(
    "CommitmentNew",
    Commitment.__table__,
    COMMITMENT_FIELDS,
    optional=True,
    site_id=(int, ...),
    consultation_id=(int | None, None),
)
CommitmentNew.__doc__ = (
    "A promise made to the community of a site (`site_id`), by hand or at a consultation "
    "(`consultation_id`)."
)
FeedbackNew = model_for(
    "FeedbackNew",
    Feedback.__table__,
    [*FEEDBACK_FIELDS, "sentiment"],
    optional=True,
    site_id=(int, ...),
    stakeholder_id=(int | None, None),
    category_ids=(list[int] | None, None),
)
FeedbackNew.__doc__ = (
    "What a community member said at a site, as heard by staff. `is_grievance: true` takes a "
    "complaint into the grievance mechanism (received, with its deadlines). A name or contact "
    "is kept only with `consent_personal_data` and is never served back."
)
StakeholderNew = model_for(
    "StakeholderNew",
    Stakeholder.__table__,
    STAKEHOLDER_FIELDS,
    optional=True,
    site_ids=(list[int], ...),
    vulnerable_groups=(list[str] | None, None),
)
StakeholderNew.__doc__ = (
    "A community, institution or person for the register of the caller's sites (`site_ids`); "
    "`vulnerable_groups` from: " + ", ".join(VULNERABLE_GROUPS) + "."
)


def commitment_command(body: dict, errors: Errors) -> dict[str, Any]:
    return parse_fields(Commitment.__table__, body, COMMITMENT_FIELDS, errors)


def _sentiment(value: Any) -> Any:
    """A score as the rules check it; anything but a whole number is passed on as text, for
    the rules to refuse (a JSON ``true`` is no score, though Python counts it as 1)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return str(value)


def feedback_command(body: dict, errors: Errors) -> dict[str, Any]:
    command = parse_fields(Feedback.__table__, body, FEEDBACK_FIELDS, errors)
    command["sentiment"] = _sentiment(body.get("sentiment"))
    command["stakeholder_id"] = record_id(body.get("stakeholder_id"), "stakeholder_id", errors)
    command["category_ids"] = id_list(body.get("category_ids"), "category_ids", errors, NOT_IN_LIST)
    return command


def _groups(value: Any, errors: Errors) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(v in VULNERABLE_GROUPS for v in value):
        errors.add("vulnerable_groups", NOT_IN_LIST)
        return []
    return value


def stakeholder_command(body: dict, sites: list[Site], errors: Errors) -> dict[str, Any]:
    """The stakeholder's fields; ``site_ids`` among ``sites``, those the caller may link (the
    form's choices)."""
    command = parse_fields(
        Stakeholder.__table__, body, STAKEHOLDER_FIELDS, errors, limits=STAKEHOLDER_LIMITS
    )
    command["vulnerable_groups"] = _groups(body.get("vulnerable_groups"), errors)
    site_ids = id_list(body.get("site_ids"), "site_ids", errors, NOT_IN_LIST)
    if not set(site_ids) <= {s.id for s in sites}:
        errors.add("site_ids", NOT_IN_LIST)
        site_ids = []
    command["site_ids"] = site_ids
    return command
