"""The JSON body of a new activity (and the commitments of a consultation) as the commands
``activities.operations`` and ``commitment_operations`` take: the same field names as the
activity form of the kind."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from outreach.activities.kinds import ActivityKind
from outreach.activities.models import Activity, Commitment
from outreach.activities.operations import COMMON_FIELDS, KIND_FIELDS
from outreach.api.payloads import id_list, is_record_id, parse_fields
from outreach.core.rules import NOT_IN_LIST, Errors

CURRENCY = re.compile(r"^[A-Z]{3}$")
COMMITMENT_FIELDS = ["description", "owner", "due_date", "status", "evidence", "drop_reason"]
#: how many promises one consultation may carry (as many rows as the form offers)
MAX_COMMITMENTS = 10


def kind_of(body: dict, errors: Errors) -> ActivityKind | None:
    kind = body.get("kind")
    if kind not in {k.value for k in ActivityKind}:
        errors.add("kind", NOT_IN_LIST)
        return None
    return ActivityKind(kind)


def activity_command(kind: ActivityKind, body: dict, errors: Errors) -> dict[str, Any]:
    """The activity's fields; the currency defaults to the site's (the operation's)."""
    fields = [f for f in [*COMMON_FIELDS, *KIND_FIELDS[kind]] if f not in ("beneficiary_id",)]
    command = parse_fields(Activity.__table__, body, fields, errors)
    if "currency" in command:
        command["currency"] = command["currency"].upper()
        if not CURRENCY.match(command["currency"]):
            errors.add("currency", _l("Three letters, e.g. MYR."))
    if "beneficiary_id" in KIND_FIELDS[kind]:
        beneficiary = body.get("beneficiary_id")
        if beneficiary is not None and not is_record_id(beneficiary):
            errors.add("beneficiary_id", NOT_IN_LIST)
            beneficiary = None
        command["beneficiary_id"] = beneficiary
    command["partner_ids"] = id_list(body.get("partner_ids"), "partner_ids", errors, NOT_IN_LIST)
    return command


def commitment_commands(kind: ActivityKind, body: dict, errors: Errors) -> list[dict[str, Any]]:
    """The promises made at a consultation, each keyed ``commitments.<n>.<field>`` in errors."""
    rows = body.get("commitments")
    if rows in (None, []):
        return []
    if kind != ActivityKind.CONSULTATION:
        errors.add("commitments", _l("Only a consultation records commitments."))
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        errors.add("commitments", _l("Send a list of commitments."))
        return []
    if len(rows) > MAX_COMMITMENTS:
        errors.add("commitments", _l("At most %(count)d commitments.", count=MAX_COMMITMENTS))
        return []
    return [
        parse_fields(Commitment.__table__, row, COMMITMENT_FIELDS, errors, f"commitments.{n}.")
        for n, row in enumerate(rows)
    ]
