"""Administrative writes that belong to no other feature: exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from outreach.admin.rules import check_rate
from outreach.auth.models import User
from outreach.core import audit
from outreach.core.money import ExchangeRate
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db

RATE_FIELDS = ["currency", "reporting_currency", "rate", "valid_from"]


def add_rate(
    currency: str, reporting_currency: str, rate: Decimal, valid_from: dt.date, actor: User
) -> ExchangeRate:
    """Record the rate of a currency into the reporting currency from a given day."""
    check(actor, "rates.manage")
    refuse(
        check_rate(
            {
                "currency": currency,
                "reporting_currency": reporting_currency,
                "rate": rate,
                "valid_from": valid_from,
            }
        )
    )
    entry = ExchangeRate(
        currency=currency, reporting_currency=reporting_currency, rate=rate, valid_from=valid_from
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        "create",
        "exchange_rate",
        entry.id,
        summary=f"{currency}→{reporting_currency} {rate} from {valid_from}",
        changes=audit.diff({}, audit.snapshot(entry, RATE_FIELDS)),
        user=actor,
    )
    return entry


def delete_rate(entry: ExchangeRate, actor: User) -> None:
    """Remove a rate entered by mistake; the audit log keeps its values."""
    check(actor, "rates.manage")
    audit.record(
        "delete",
        "exchange_rate",
        entry.id,
        summary=f"{entry.currency}→{entry.reporting_currency} {entry.rate}",
        changes=audit.diff(audit.snapshot(entry, RATE_FIELDS), dict.fromkeys(RATE_FIELDS)),
        user=actor,
    )
    db.session.delete(entry)
    db.session.flush()
