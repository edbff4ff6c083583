"""Demo exchange rates into USD, monthly over the demo period (invented but plausible)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from outreach.core.money import ExchangeRate
from outreach.core.periods import add_months, month_of, month_start
from outreach.extensions import db

#: approximate USD value of one unit, the starting point of a gentle random walk
BASE = {
    "MYR": Decimal("0.2150"),
    "IDR": Decimal("0.0000630"),
    "THB": Decimal("0.0285"),
    "VND": Decimal("0.0000395"),
    "KHR": Decimal("0.000245"),
    "LAK": Decimal("0.0000460"),
    "CNY": Decimal("0.1380"),
    "PHP": Decimal("0.0178"),
    "SGD": Decimal("0.7420"),
    "BND": Decimal("0.7420"),
    "MMK": Decimal("0.000476"),
}


def load_rates(reporting: str = "USD", months: int = 30) -> None:
    rng = random.Random(7)  # noqa: S311 - demo data only
    this_month = month_of(dt.date.today())
    starts = [month_start(add_months(this_month, -back)) for back in range(months, -1, -1)]
    for currency, base in BASE.items():
        value = base
        for start in starts:
            value = value * (
                Decimal(1) + Decimal(rng.uniform(-0.02, 0.02)).quantize(Decimal("0.0001"))
            )
            db.session.add(
                ExchangeRate(
                    currency=currency,
                    reporting_currency=reporting,
                    rate=value.quantize(Decimal("0.0000000001")),
                    valid_from=start,
                )
            )
    db.session.flush()
