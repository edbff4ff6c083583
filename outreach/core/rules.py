"""What every feature's rules share: errors keyed by field, and the refusal an operation raises.

A feature's ``rules`` module checks a plain command (a dict of field → value) and returns
``{field: [message, …]}``; an operation raises :class:`RuleError` with those errors before it
writes anything, and each entrance puts them back where its user sees them (next to the form
field, in the JSON body)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

#: for a figure with extra zeros: more than anyone meant, and more than its column holds
TOO_LARGE = _l("This number is too large.")
NOT_NEGATIVE = _l("Enter zero or more.")
#: a value that is not among those offered (a stakeholder of another site, an unknown key)
NOT_IN_LIST = _l("Choose from the list.")
IN_FUTURE = _l("This date is in the future.")
NOT_EMAIL = _l("This is not an e-mail address.")
#: the first day anything in Outreach can have happened on
EARLIEST = dt.date(2000, 1, 1)


class RuleError(ValueError):
    """A command refused by a feature's rules; ``errors`` says why, field by field."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class Errors(defaultdict):
    """Messages collected field by field while a command is checked."""

    def __init__(self):
        super().__init__(list)

    def add(self, field: str, message) -> None:
        self[field].append(str(message))


def refuse(errors: dict[str, list[str]]) -> None:
    """Raise what a rule found wrong, if anything: the operation stops before it writes."""
    if errors:
        raise RuleError(errors)


def number(value) -> Decimal | None:
    """A count or amount as a Decimal, or None when it is missing or no finite number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def check_range(errors: Errors, data: dict, field: str, limit, required=None) -> None:
    """A count or amount: ``required`` (the message) when it must be given, never negative,
    and no more than ``limit``."""
    value = number(data.get(field))
    if value is None:
        if required and data.get(field) in (None, ""):
            errors.add(field, required)
        elif data.get(field) not in (None, ""):
            errors.add(field, _l("Enter a number."))
    elif value < 0:
        errors.add(field, NOT_NEGATIVE)
    elif value > limit:
        errors.add(field, TOO_LARGE)


def check_past_date(errors: Errors, field: str, day, today: dt.date, future_message) -> None:
    """A day that has come, from 2000 on."""
    if not isinstance(day, dt.date):
        return
    if day > today:
        errors.add(field, future_message)
    elif day < EARLIEST:
        errors.add(field, _l("Check the year."))


def is_email_address(value: str) -> bool:
    """A well-formed e-mail address. The domain is not looked up, and reserved test domains
    (the demo accounts' ``demo.outreach.test``) are accepted, which WTForms' ``Email`` refuses."""
    try:
        validate_email(value or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True
