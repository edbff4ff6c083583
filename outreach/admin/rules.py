"""What an exchange rate and the organisation profile must hold, checked on plain commands
(errors keyed by field); the rate's is asked by the import and enforced by
``operations.add_rate``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.core.money import ExchangeRate
from outreach.core.rules import TOO_LARGE, Errors, number
from outreach.extensions import db

CURRENCY = re.compile(r"^[A-Z]{3}$")
LARGEST_RATE = Decimal("9999999999")


def check_rate(data: dict[str, Any]) -> dict[str, list[str]]:
    """A three-letter currency other than the reporting currency, a rate above zero, a first
    day, and no other rate of the pair from that day."""
    errors = Errors()
    currency, reporting = data.get("currency") or "", data.get("reporting_currency") or ""
    if not currency:
        errors.add("currency", _l("Enter the currency code."))
    elif not CURRENCY.match(currency):
        errors.add("currency", _l("Three capital letters, e.g. MYR."))
    elif currency == reporting:
        errors.add("currency", _l("This is the reporting currency itself."))
    rate = number(data.get("rate"))
    if rate is None:
        errors.add("rate", _l("Enter the rate."))
    elif rate <= 0:
        errors.add("rate", _l("The rate must be above zero."))
    elif rate > LARGEST_RATE:
        errors.add("rate", TOO_LARGE)
    if data.get("valid_from") is None:
        errors.add("valid_from", _l("Enter the first day it applies."))
    elif not errors and db.session.scalar(
        sa.select(ExchangeRate.id).where(
            ExchangeRate.currency == currency,
            ExchangeRate.reporting_currency == reporting,
            ExchangeRate.valid_from == data["valid_from"],
        )
    ):
        errors.add("valid_from", _l("A rate for this currency already starts on this day."))
    return dict(errors)


NAME_MAX = 200
CONTACT_MAX = 500
LOGO_TYPES = {"image/png", "image/jpeg"}


def check_organisation(data: dict[str, Any]) -> dict[str, list[str]]:
    """A name of at most 200 characters, a short contact, and a logo only as PNG or JPEG."""
    errors = Errors()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", _l("Enter the organisation's name."))
    elif len(name) > NAME_MAX:
        errors.add("name", _l("At most %(n)s characters.", n=NAME_MAX))
    if len(data.get("contact") or "") > CONTACT_MAX:
        errors.add("contact", _l("At most %(n)s characters.", n=CONTACT_MAX))
    if data.get("logo") is not None and data.get("logo_type") not in LOGO_TYPES:
        errors.add("logo", _l("Choose a PNG or JPEG picture."))
    return dict(errors)
