"""Community investment in the reporting currency, from the monthly rollups, exact to the cent.

Each amount is converted with the rate valid on its own date. A month's rollup can be converted
as one amount when the currency's rate does not change inside that month; for the few
(month, currency) pieces where a rate changes mid-month, the raw activities of just that piece
are summed over each run of days with a single rate. Amounts without a rate are reported,
never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from outreach.activities.kinds import ActivityState, Cause, Motivation
from outreach.activities.models import Activity
from outreach.core.money import RateBook, to_cents
from outreach.dashboards.models import CENTS_COLUMNS, HOURS_COLUMNS, activity_rollups
from outreach.dashboards.rollups import month_bounds, month_of
from outreach.extensions import db
from outreach.sites.models import Country, Site

INPUTS = ("cash", "in_kind", "staff_time", "management")
CENT, TENTH = Decimal("0.01"), Decimal("0.1")


@dataclass
class MissingRate:
    currency: str
    amount: Decimal
    since: dt.date


@dataclass
class Investment:
    """Community investment of a scope and period, in ``currency``."""

    currency: str
    total: Decimal = Decimal("0")
    by_input: dict[str, Decimal] = field(default_factory=dict)
    by_cause: dict[str, Decimal] = field(default_factory=dict)
    by_motivation: dict[str, Decimal] = field(default_factory=dict)
    #: {yyyymm: total of that month}
    by_month: dict[int, Decimal] = field(default_factory=dict)
    #: amounts left out of the totals because no exchange rate applies to their date
    missing: list[MissingRate] = field(default_factory=list)
    #: {country code: staff hours not valued because the country has no hourly rate}
    unvalued_hours: dict[str, Decimal] = field(default_factory=dict)
    #: (month, currency) pieces converted from raw rows because the rate changes mid-month
    split_pieces: list[tuple[int, str]] = field(default_factory=list)


def _site_filter(column, site_ids):
    if site_ids is None:
        return sa.true()
    return column.in_(site_ids if isinstance(site_ids, sa.Select) else list(site_ids))


def _split_pieces(book: RateBook, currencies: set[str], months: list[int]) -> set[tuple[int, str]]:
    """(month, currency) where the rate changes on a day other than the 1st."""
    wanted = set(months)
    return {
        (month_of(day), currency)
        for currency in currencies
        for day in book.change_dates(currency)
        if day.day != 1 and month_of(day) in wanted
    }


class _Items:
    """(amount, currency, date) lists per breakdown key, converted at the end."""

    def __init__(self):
        self.items: dict[tuple[str, object], list] = defaultdict(list)

    def add_money(self, keys, amount: Decimal, currency: str, on: dt.date) -> None:
        if amount:
            for key in keys:
                self.items[key].append((amount, currency, on))


def investment(
    site_ids, months: list[int], book: RateBook | None = None, reporting_currency: str = "USD"
) -> Investment:
    """Community investment of the sites (a list, a SELECT of ids or None) over the months."""
    book = book or RateBook.load(reporting_currency)
    countries = {
        c.code: (c.currency, c.staff_hour_rate)
        for c in db.session.execute(
            sa.select(Country.code, Country.currency, Country.staff_hour_rate)
        )
    }
    r = activity_rollups.c
    sums = [sa.func.sum(r[name]).label(name) for name in CENTS_COLUMNS + HOURS_COLUMNS]
    rows = db.session.execute(
        sa.select(r.month, r.currency, Site.country_code, *sums)
        .join(Site, Site.id == r.site_id)
        .where(r.month.in_(months), _site_filter(r.site_id, site_ids))
        .group_by(r.month, r.currency, Site.country_code)
    ).all()
    currencies = {row.currency for row in rows} | {cur for cur, _ in countries.values()}
    split = _split_pieces(book, currencies, months)
    items = _Items()
    unvalued: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        on = month_bounds(row.month)[0]
        if (row.month, row.currency) not in split:
            _money_items(items, row._mapping, row.currency, on, row.month)
        country_currency, rate = countries[row.country_code]
        if (row.month, country_currency) not in split:
            hours = {k: Decimal(row._mapping[k] or 0) * TENTH for k in HOURS_COLUMNS}
            _staff_items(
                items, hours, country_currency, rate, on, row.month, row.country_code, unvalued
            )
    for month, currency in sorted(split):
        _raw_piece(items, site_ids, month, currency, countries, unvalued, book)
    return _convert(items, book, split, unvalued)


def _money_items(items: _Items, row, currency: str, on: dt.date, month: int) -> None:
    def cents(name):
        return Decimal(row[name] or 0) * CENT

    items.add_money([("input", "cash")], cents("cash"), currency, on)
    items.add_money([("input", "in_kind")], cents("in_kind"), currency, on)
    items.add_money([("input", "management")], cents("cost"), currency, on)
    items.add_money(
        [("month", month)], cents("cash") + cents("in_kind") + cents("cost"), currency, on
    )
    for c in Cause:
        items.add_money([("cause", c.value)], cents(f"cause_{c.value}"), currency, on)
    for m in Motivation:
        items.add_money([("motivation", m.value)], cents(f"motivation_{m.value}"), currency, on)


def _staff_items(items, hours, currency, rate, on, month, country_code, unvalued) -> None:
    if rate is None:
        if hours["staff_hours"]:
            unvalued[country_code] += hours["staff_hours"]
        return
    items.add_money(
        [("input", "staff_time"), ("month", month)], hours["staff_hours"] * rate, currency, on
    )
    for c in Cause:
        items.add_money([("cause", c.value)], hours[f"cause_{c.value}_hours"] * rate, currency, on)
    for m in Motivation:
        items.add_money(
            [("motivation", m.value)], hours[f"motivation_{m.value}_hours"] * rate, currency, on
        )


def _segments(book: RateBook, currency: str, first: dt.date, last: dt.date):
    """The runs of days inside [first, last] over which the currency's rate is constant."""
    starts = [first] + [d for d in book.change_dates(currency) if first < d <= last]
    ends = [d - dt.timedelta(days=1) for d in starts[1:]] + [last]
    return list(zip(starts, ends, strict=True))


def _raw_piece(items, site_ids, month, currency, countries, unvalued, book: RateBook) -> None:
    """Convert one (month, currency) piece from the raw activities: summed in SQL over each run
    of days with one rate, so every amount still meets the rate valid on its own date."""
    a = Activity
    money = [sa.func.sum(a.cash_amount), sa.func.sum(a.in_kind_value), sa.func.sum(a.cost_amount)]
    for first, last in _segments(book, currency, *month_bounds(month)):
        base = [
            a.state == ActivityState.APPROVED,
            a.is_deleted.is_(False),
            a.activity_date.between(first, last),
            _site_filter(a.site_id, site_ids),
        ]
        # amounts in this currency …
        for cause, motivation, cash, in_kind, cost in db.session.execute(
            sa.select(a.cause, a.motivation, *money)
            .where(*base, a.currency == currency)
            .group_by(a.cause, a.motivation)
        ):
            cash, in_kind, cost = (Decimal(v or 0) for v in (cash, in_kind, cost))
            items.add_money([("input", "cash")], cash, currency, first)
            items.add_money([("input", "in_kind")], in_kind, currency, first)
            items.add_money([("input", "management")], cost, currency, first)
            keys = [("month", month), ("cause", cause.value), ("motivation", motivation.value)]
            items.add_money(keys, cash + in_kind + cost, currency, first)
        # … and staff time at sites of the countries that pay in it
        for cause, motivation, country_code, hours in db.session.execute(
            sa.select(a.cause, a.motivation, Site.country_code, sa.func.sum(a.staff_hours))
            .join(Site, Site.id == a.site_id)
            .join(Country, Country.code == Site.country_code)
            .where(*base, Country.currency == currency)
            .group_by(a.cause, a.motivation, Site.country_code)
        ):
            hours = Decimal(hours or 0)
            rate = countries[country_code][1]
            if not hours:
                continue
            if rate is None:
                unvalued[country_code] += hours
                continue
            keys = [
                ("input", "staff_time"),
                ("month", month),
                ("cause", cause.value),
                ("motivation", motivation.value),
            ]
            items.add_money(keys, hours * rate, currency, first)


def _convert(items: _Items, book: RateBook, split, unvalued) -> Investment:
    result = Investment(book.reporting_currency, split_pieces=sorted(split))
    missing: dict[str, MissingRate] = {}
    for (group, key), amounts in items.items.items():
        conversion = book.total(amounts)
        if group == "input":
            result.by_input[key] = conversion.total
            for currency, (amount, since) in conversion.missing.items():
                known = missing.get(currency)
                if known:
                    known.amount += amount
                    known.since = min(known.since, since)
                else:
                    missing[currency] = MissingRate(currency, amount, since)
        elif group == "cause":
            result.by_cause[key] = conversion.total
        elif group == "motivation":
            result.by_motivation[key] = conversion.total
        else:
            result.by_month[key] = conversion.total
    for name in INPUTS:
        result.by_input.setdefault(name, Decimal("0.00"))
    result.total = to_cents(sum(result.by_input.values(), Decimal("0")))
    result.missing = [
        MissingRate(m.currency, to_cents(m.amount), m.since) for _, m in sorted(missing.items())
    ]
    result.unvalued_hours = {k: v for k, v in sorted(unvalued.items()) if v}
    return result
