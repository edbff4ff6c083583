"""Money: amounts are ``Decimal`` in their own currency; exchange rates convert them for reports.

A rate says how many units of the reporting currency one unit of ``currency`` buys from
``valid_from`` on, until the next rate of the same pair. An amount is converted with the rate
valid on its own date; an amount without a rate is reported as a warning, never dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
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


ONE = Decimal("1")


class Totals:
    """Amounts summed per key (any hashable: ("input", "cash"), a month…) in the reporting
    currency, each converted with the rate valid on its own date, kept exact and rounded to the
    cent only by ``cents``.

    Amounts come as (keys, amount) pairs sharing a currency, a date and a unit: whole cents are
    added with unit 0.01, tenths of an hour with 0.1 × an hourly rate, so sums of integers are
    multiplied once. A rate is looked up once per currency, date and unit. An amount with no
    rate is not dropped: ``missing[key][currency]`` holds (amount in that currency, earliest
    date)."""

    def __init__(self, book: RateBook):
        self.book = book
        self.sums: dict[object, Decimal] = defaultdict(Decimal)
        self.missing: dict[object, dict[str, tuple[Decimal, dt.date]]] = defaultdict(dict)
        self._factors: dict[tuple[str, dt.date, Decimal], Decimal | None] = {}

    def add(self, keys, amount, currency: str, on: dt.date, unit: Decimal = ONE) -> None:
        self.add_all([(keys, amount)], currency, on, unit)

    def add_all(self, items, currency: str, on: dt.date, unit: Decimal = ONE) -> None:
        """``add`` each (keys, amount) of ``items``, all in one currency, date and unit."""
        factor = self._factor(currency, on, unit)
        for keys, amount in items:
            if not amount:
                continue
            if factor is None:
                for key in keys:
                    before, since = self.missing[key].get(currency, (Decimal("0"), on))
                    self.missing[key][currency] = (before + amount * unit, min(since, on))
                continue
            converted = amount * factor
            for key in keys:
                self.sums[key] += converted

    def cents(self, key) -> Decimal:
        return to_cents(self.sums.get(key, Decimal("0")))

    def _factor(self, currency: str, on: dt.date, unit: Decimal) -> Decimal | None:
        key = (currency, on, unit)
        if key not in self._factors:
            rate = self.book.rate_on(currency, on)
            self._factors[key] = None if rate is None else rate * unit
        return self._factors[key]
