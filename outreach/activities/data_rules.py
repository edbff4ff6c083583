"""What an activity or a commitment must hold, checked on a plain command (a dict of the model
fields) with errors keyed by field: dates, the fields and limits of each kind, counts and
amounts, and the beneficiary and partners registered at the site. Forms ask, operations
refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from outreach.activities import kinds
from outreach.activities.kinds import ActivityKind, CommitmentStatus, DonationForm
from outreach.core.rules import NOT_IN_LIST, Errors, check_past_date, check_range, number
from outreach.sites.models import Site
from outreach.stakeholders.queries import ids_at_site

#: more people or items than any one activity has (and what a count column holds)
MAX_COUNT = 10_000_000
#: the largest amount an amount column holds
MAX_AMOUNT = Decimal("999999999999.99")
ENTER_NUMBER = _l("Enter a number.")
#: counts and amounts: (field, largest value, message when it must be given and is not)
NUMBERS = {
    None: [("cost_amount", MAX_AMOUNT, None), ("staff_hours", 100000, None)],
    ActivityKind.FESTIVAL: [("attendance", MAX_COUNT, ENTER_NUMBER)],
    ActivityKind.DONATION: [
        ("cash_amount", MAX_AMOUNT, None),
        ("quantity", MAX_COUNT, None),
        ("in_kind_value", MAX_AMOUNT, None),
        ("beneficiaries", MAX_COUNT, ENTER_NUMBER),
    ],
    ActivityKind.CONSULTATION: [
        ("participants", MAX_COUNT, ENTER_NUMBER),
        *[
            (f"participants_{group}", MAX_COUNT, None)
            for group in ("women", "men", "youth", "indigenous", "vulnerable")
        ],
    ],
    ActivityKind.TRAINING: [
        ("trainees", MAX_COUNT, ENTER_NUMBER),
        ("completed", MAX_COUNT, None),
        ("trainees_women", MAX_COUNT, None),
        ("training_hours", 10000, None),
        ("certificates", MAX_COUNT, None),
    ],
}
#: texts an entry of the kind must hold
REQUIRED_TEXT = {
    None: {"title": _l("Give the activity a short title.")},
    ActivityKind.CONSULTATION: {"topic": _l("Enter the topic.")},
    ActivityKind.TRAINING: {"programme": _l("Enter the programme.")},
}
MORE_THAN_TRAINEES = _l("More than the trainees.")
#: the classifications an entry holds, by field
ENUMS = {
    "motivation": kinds.Motivation,
    "cause": kinds.Cause,
    "occasion": kinds.Occasion,
    "donation_form": kinds.DonationForm,
    "valuation": kinds.Valuation,
    "consultation_format": kinds.ConsultationFormat,
}
#: the keys each classification accepts
ENUM_VALUES = {name: frozenset(c.value for c in choice) for name, choice in ENUMS.items()}
#: the classifications that count in the figures: nothing is assumed when they are not chosen
REQUIRED_CHOICE = {
    None: {
        "motivation": _l("Choose the B4SI motivation, or Not recorded if nobody knows it."),
        "cause": _l("Choose the cause."),
    },
    ActivityKind.DONATION: {"donation_form": _l("Choose the form of donation.")},
}


def _given(data: dict[str, Any], field: str) -> Decimal | None:
    return number(data.get(field))


def _more_than(errors: Errors, data: dict, field: str, total: Decimal | None, message) -> None:
    value = _given(data, field)
    if total is not None and value is not None and value > total and field not in errors:
        errors.add(field, message)


def _check_position(errors: Errors, data: dict[str, Any]) -> None:
    latitude, longitude = number(data.get("latitude")), number(data.get("longitude"))
    if latitude is not None and not -90 <= latitude <= 90:
        errors.add("latitude", _l("Between -90 and 90."))
    if longitude is not None and not -180 <= longitude <= 180:
        errors.add("longitude", _l("Between -180 and 180."))
    if (latitude is None) != (longitude is None) and "longitude" not in errors:
        errors.add("longitude", _l("Give both latitude and longitude, or neither."))


def _registered(site: Site, ids, register: Collection[int] | None) -> set[int]:
    """Which of these ids are in the site's register: asked of the database, or of
    ``register`` when the caller has read it already (an import reads it once)."""
    if register is None:
        return ids_at_site(site.id, ids)
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        return set()
    return {i for i in wanted if i in register}


def _check_stakeholders(
    errors: Errors, site: Site, kind, data: dict, unchanged, register: Collection[int] | None
) -> None:
    """Beneficiary and partners come from the register of this site (not removed); a link the
    entry already has is kept as it is when the command does not give it again."""
    if kind == ActivityKind.DONATION and "beneficiary_id" not in unchanged:
        beneficiary = data.get("beneficiary_id")
        if beneficiary in (None, ""):
            errors.add("beneficiary_id", _l("Choose who received the donation."))
        elif not _registered(site, [beneficiary], register):
            errors.add(
                "beneficiary_id",
                _l("This beneficiary is not in the register of this site; add them first."),
            )
    partners = set(data.get("partner_ids") or [])
    if "partner_ids" not in unchanged and len(_registered(site, partners, register)) < len(
        partners
    ):
        errors.add("partner_ids", NOT_IN_LIST)


def _check_donation(errors: Errors, data: dict[str, Any]) -> None:
    form = data.get("donation_form")
    if form == DonationForm.CASH and _given(data, "cash_amount") is None:
        if "cash_amount" not in errors:
            errors.add("cash_amount", _l("Enter the cash amount."))
    elif form in (DonationForm.IN_KIND, DonationForm.HANDOUT):
        if not data.get("in_kind_description"):
            errors.add("in_kind_description", _l("Say what was given."))
        if _given(data, "in_kind_value") is None and "in_kind_value" not in errors:
            errors.add("in_kind_value", _l("Enter the value of the goods."))
        if not data.get("valuation"):
            errors.add("valuation", _l("Say how the value was established."))


def _check_consultation(errors: Errors, data: dict[str, Any]) -> None:
    total = _given(data, "participants")
    women, men = _given(data, "participants_women"), _given(data, "participants_men")
    too_many = total is not None and (women or 0) + (men or 0) > total
    if too_many and "participants_men" not in errors:
        errors.add("participants_men", _l("Women and men together exceed the total participants."))
    for group in ("youth", "indigenous", "vulnerable"):
        _more_than(
            errors, data, f"participants_{group}", total, _l("More than the total participants.")
        )


def _check_training(errors: Errors, data: dict[str, Any]) -> None:
    trainees = _given(data, "trainees")
    _more_than(errors, data, "completed", trainees, MORE_THAN_TRAINEES)
    _more_than(errors, data, "trainees_women", trainees, MORE_THAN_TRAINEES)
    _more_than(
        errors,
        data,
        "certificates",
        _given(data, "completed"),
        _l("More than those who completed."),
    )


KIND_CHECKS = {
    ActivityKind.DONATION: _check_donation,
    ActivityKind.CONSULTATION: _check_consultation,
    ActivityKind.TRAINING: _check_training,
}


def check_activity(
    site: Site,
    kind: ActivityKind,
    data: dict[str, Any],
    today: dt.date | None = None,
    unchanged: Collection[str] = (),
    register: Collection[int] | None = None,
) -> dict[str, list[str]]:
    """What is wrong with an entry of ``kind`` at ``site`` holding ``data`` (the model fields,
    ``partner_ids`` for the partners), field by field; empty when it may be stored.
    ``unchanged`` names the fields an edit keeps as they are (their links are not checked
    again); ``register``, the ids of the site's stakeholders when the caller has read them."""
    errors = Errors()
    day = data.get("activity_date")
    if day is None:
        errors.add("activity_date", _l("Enter the date."))
    check_past_date(
        errors,
        "activity_date",
        day,
        today or dt.date.today(),
        _l("This date is in the future; record an activity once it has taken place."),
    )
    for field, values in ENUM_VALUES.items():
        if data.get(field) and data[field] not in values:
            errors.add(field, NOT_IN_LIST)
    for group in (None, kind):
        for field, message in REQUIRED_CHOICE.get(group, {}).items():
            if not data.get(field):
                errors.add(field, message)
        for field, message in REQUIRED_TEXT.get(group, {}).items():
            if not (data.get(field) or "").strip():
                errors.add(field, message)
        for field, limit, required in NUMBERS.get(group, []):
            check_range(errors, data, field, limit, required)
    _check_position(errors, data)
    _check_stakeholders(errors, site, kind, data, unchanged, register)
    if kind in KIND_CHECKS:
        KIND_CHECKS[kind](errors, data)
    return dict(errors)


def check_commitment(data: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with a promise: it needs an owner and a due date; kept needs evidence and
    dropped a reason."""
    errors = Errors()
    if not (data.get("description") or "").strip():
        errors.add("description", _l("Describe the promise."))
    if not (data.get("owner") or "").strip():
        errors.add("owner", _l("Who will keep this promise?"))
    if not isinstance(data.get("due_date"), dt.date):
        errors.add("due_date", _l("By when?"))
    status = data.get("status") or CommitmentStatus.OPEN
    if status not in {s.value for s in CommitmentStatus}:
        errors.add("status", NOT_IN_LIST)
    if status == CommitmentStatus.DONE and not (data.get("evidence") or "").strip():
        errors.add("evidence", _l("Say how the promise was kept."))
    if status == CommitmentStatus.DROPPED and not (data.get("drop_reason") or "").strip():
        errors.add("drop_reason", _l("Say why the promise was dropped."))
    return dict(errors)
