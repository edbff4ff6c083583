"""What an exchange rate must hold, checked on a plain command (errors keyed by field); asked by
the import and enforced by ``operations.add_rate``."""

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
