"""Money: amounts are ``Decimal`` in their own currency; exchange rates convert them for reports.

A rate says how many units of the reporting currency one unit of ``currency`` buys from
``valid_from`` on, until the next rate of the same pair. An amount is converted with the rate
valid on its own date; an amount without a rate is reported as a warning, never dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core.db import TimestampMixin
from outreach.extensions import db

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class ExchangeRate(TimestampMixin, db.Model):
    __tablename__ = "exchange_rates"
    __table_args__ = (
        sa.UniqueConstraint(
            "currency", "reporting_currency", "valid_from", name="uq_exchange_rates_pair_day"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the currency converted from (ISO 4217), e.g. "MYR"
    currency: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    #: the currency reports are in, e.g. "USD"
    reporting_currency: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    #: units of the reporting currency for one unit of ``currency``
    rate: Mapped[Decimal] = mapped_column(sa.Numeric(20, 10), nullable=False)
    #: first day this rate applies (it applies until the next rate of the pair)
    valid_from: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)


@dataclass
class Conversion:
    """A sum in the reporting currency and what could not be converted."""

    total: Decimal = Decimal("0")
    #: {currency: (amount left unconverted, earliest date without a rate)}
    missing: dict[str, tuple[Decimal, dt.date]] = field(default_factory=dict)

    def add_missing(self, currency: str, amount: Decimal, on: dt.date) -> None:
        before, first = self.missing.get(currency, (Decimal("0"), on))
        self.missing[currency] = (before + amount, min(first, on))


class RateBook:
    """Every rate into one reporting currency, loaded once, looked up by date."""

    def __init__(self, reporting_currency: str, rates: list[tuple[str, dt.date, Decimal]]):
        self.reporting_currency = reporting_currency
        self._dates: dict[str, list[dt.date]] = defaultdict(list)
        self._rates: dict[str, list[Decimal]] = defaultdict(list)
        for currency, valid_from, rate in sorted(rates):
            self._dates[currency].append(valid_from)
            self._rates[currency].append(rate)

    @classmethod
    def load(cls, reporting_currency: str) -> RateBook:
        rows = db.session.execute(
            sa.select(ExchangeRate.currency, ExchangeRate.valid_from, ExchangeRate.rate).where(
                ExchangeRate.reporting_currency == reporting_currency
            )
        )
        return cls(reporting_currency, [tuple(r) for r in rows])

    def rate_on(self, currency: str, on: dt.date) -> Decimal | None:
        """The rate valid on a day, or None when there is none."""
        if currency == self.reporting_currency:
            return Decimal("1")
        dates = self._dates.get(currency)
        if not dates:
            return None
        i = bisect.bisect_right(dates, on) - 1
        return self._rates[currency][i] if i >= 0 else None

    def change_dates(self, currency: str) -> list[dt.date]:
        """The days on which this currency's rate changes (for splitting rolled-up months)."""
        return list(self._dates.get(currency, []))

    def convert(self, amount: Decimal, currency: str, on: dt.date) -> Decimal | None:
        rate = self.rate_on(currency, on)
        return None if rate is None else amount * rate

    def total(self, amounts: list[tuple[Decimal, str, dt.date]]) -> Conversion:
        """Sum (amount, currency, date) items in the reporting currency, noting gaps."""
        result = Conversion()
        for amount, currency, on in amounts:
            if not amount:
                continue
            converted = self.convert(amount, currency, on)
            if converted is None:
                result.add_missing(currency, amount, on)
            else:
                result.total += converted
        result.total = to_cents(result.total)
        return result

    def rates_used(self, currencies: set[str], start: dt.date, end: dt.date) -> list[tuple]:
        """(currency, valid_from, rate) of every rate that applies inside a period."""
        used = []
        for currency in sorted(currencies - {self.reporting_currency}):
            dates = self._dates.get(currency, [])
            for i, valid_from in enumerate(dates):
                next_from = dates[i + 1] if i + 1 < len(dates) else None
                if valid_from <= end and (next_from is None or next_from > start):
                    used.append((currency, valid_from, self._rates[currency][i]))
        return used
