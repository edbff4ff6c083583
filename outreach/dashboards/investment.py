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
    #: {site id: total of that site}, only when asked for (``by_site=True``)
    by_site: dict[int, Decimal] = field(default_factory=dict)
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


CAUSES = [c.value for c in Cause]
MOTIVATIONS = [m.value for m in Motivation]
#: a rollup amount is whole cents (× 0.01) or tenths of an hour (× 0.1 × the hourly rate);
#: a raw amount is exact (× 1)
ONE = Decimal("1")


class _Items:
    """Amounts per breakdown key, summed per (currency, date, unit) before conversion: the
    rollups' whole cents and tenths of an hour are added as integers and multiplied once."""

    def __init__(self):
        self.items: dict[tuple[str, object], dict[tuple, int | Decimal]] = defaultdict(
            lambda: defaultdict(int)
        )

    def add(self, keys, amount, currency: str, on: dt.date, unit: Decimal = ONE) -> None:
        if amount:
            for key in keys:
                self.items[key][(currency, on, unit)] += amount

    def amounts(self, key) -> list[tuple[Decimal, str, dt.date]]:
        """(amount, currency, date) of one key, one per currency and date."""
        summed: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
        for (currency, on, unit), amount in self.items[key].items():
            summed[(currency, on)] += Decimal(amount) * unit
        return [(amount, currency, on) for (currency, on), amount in summed.items()]


def investment(
    site_ids,
    months: list[int],
    book: RateBook | None = None,
    reporting_currency: str = "USD",
    *,
    by_site: bool = False,
) -> Investment:
    """Community investment of the sites (a list, a SELECT of ids or None) over the months;
    with ``by_site`` also each site's total, from the same single pass."""
    book = book or RateBook.load(reporting_currency)
    countries = {
        c.code: (c.currency, c.staff_hour_rate)
        for c in db.session.execute(
            sa.select(Country.code, Country.currency, Country.staff_hour_rate)
        )
    }
    r = activity_rollups.c
    sums = [sa.func.sum(r[name]).label(name) for name in CENTS_COLUMNS + HOURS_COLUMNS]
    keys = [r.month, r.currency, Site.country_code] + ([r.site_id] if by_site else [])
    rows = db.session.execute(
        sa.select(*keys, *sums)
        .join(Site, Site.id == r.site_id)
        .where(r.month.in_(months), _site_filter(r.site_id, site_ids))
        .group_by(*keys)
    ).all()
    currencies = {row.currency for row in rows} | {cur for cur, _ in countries.values()}
    split = _split_pieces(book, currencies, months)
    items = _Items()
    unvalued: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        month, currency, country_code = row[0], row[1], row[2]
        values = dict(zip(CENTS_COLUMNS + HOURS_COLUMNS, row[len(keys) :], strict=True))
        on = month_bounds(month)[0]
        totals = [("month", month)] + ([("site", row[3])] if by_site else [])
        if (month, currency) not in split:
            _money_items(items, values, currency, on, totals)
        country_currency, rate = countries[country_code]
        if (month, country_currency) not in split:
            _staff_items(items, values, country_currency, rate, on, totals, country_code, unvalued)
    _raw_pieces(items, site_ids, split, countries, unvalued, book, by_site)
    return _convert(items, book, split, unvalued)


def _money_items(items: _Items, row, currency: str, on: dt.date, totals: list) -> None:
    """One rollup row's money, in whole cents."""
    cash, in_kind, cost = (int(row[name] or 0) for name in ("cash", "in_kind", "cost"))
    items.add([("input", "cash")], cash, currency, on, CENT)
    items.add([("input", "in_kind")], in_kind, currency, on, CENT)
    items.add([("input", "management")], cost, currency, on, CENT)
    items.add(totals, cash + in_kind + cost, currency, on, CENT)
    for c in CAUSES:
        items.add([("cause", c)], int(row[f"cause_{c}"] or 0), currency, on, CENT)
    for m in MOTIVATIONS:
        items.add([("motivation", m)], int(row[f"motivation_{m}"] or 0), currency, on, CENT)


def _staff_items(items, row, currency, rate, on, totals, country_code, unvalued) -> None:
    """One rollup row's staff time, in whole tenths of an hour valued at the country's rate."""
    if rate is None:
        if row["staff_hours"]:
            unvalued[country_code] += Decimal(row["staff_hours"]) * TENTH
        return
    unit = TENTH * rate
    items.add([("input", "staff_time"), *totals], row["staff_hours"], currency, on, unit)
    for c in CAUSES:
        items.add([("cause", c)], int(row[f"cause_{c}_hours"] or 0), currency, on, unit)
    for m in MOTIVATIONS:
        items.add([("motivation", m)], int(row[f"motivation_{m}_hours"] or 0), currency, on, unit)


def _segments(book: RateBook, currency: str, first: dt.date, last: dt.date):
    """The runs of days inside [first, last] over which the currency's rate is constant."""
    starts = [first] + [d for d in book.change_dates(currency) if first < d <= last]
    ends = [d - dt.timedelta(days=1) for d in starts[1:]] + [last]
    return list(zip(starts, ends, strict=True))


def _raw_pieces(items, site_ids, split, countries, unvalued, book: RateBook, by_site) -> None:
    """Convert the (month, currency) pieces whose rate changes mid-month from the raw
    activities, summed in SQL over each run of days with one rate, so every amount still meets
    the rate valid on its own date. The runs of all a month's split currencies are cut
    together: one query per run instead of two per currency and run."""
    by_month: dict[int, set[str]] = defaultdict(set)
    for month, currency in split:
        by_month[month].add(currency)
    for month, currencies in sorted(by_month.items()):
        first, last = month_bounds(month)
        segments = {c: _segments(book, c, first, last) for c in currencies}
        cuts = sorted({start for runs in segments.values() for start, _ in runs})
        ends = [d - dt.timedelta(days=1) for d in cuts[1:]] + [last]
        for start, end in zip(cuts, ends, strict=True):
            # the date each currency's amounts of this run are converted on: its own run's start
            dated = {c: max(s for s, _ in runs if s <= start) for c, runs in segments.items()}
            _raw_run(items, site_ids, month, start, end, dated, countries, unvalued, by_site)


def _raw_run(items, site_ids, month, start, end, dated, countries, unvalued, by_site) -> None:
    a = Activity
    currencies = list(dated)
    groups = [a.cause, a.motivation, a.currency, Site.country_code]
    groups += [a.site_id] if by_site else []
    rows = db.session.execute(
        sa.select(
            a.cause,
            a.motivation,
            a.currency,
            Site.country_code,
            sa.func.sum(a.cash_amount),
            sa.func.sum(a.in_kind_value),
            sa.func.sum(a.cost_amount),
            sa.func.sum(a.staff_hours),
            *groups[4:],
        )
        .join(Site, Site.id == a.site_id)
        .join(Country, Country.code == Site.country_code)
        .where(
            a.state == ActivityState.APPROVED,
            a.is_deleted.is_(False),
            a.activity_date.between(start, end),
            _site_filter(a.site_id, site_ids),
            sa.or_(a.currency.in_(currencies), Country.currency.in_(currencies)),
        )
        .group_by(*groups)
    )
    for cause, motivation, currency, country_code, cash, in_kind, cost, hours, *site in rows:
        keys = [("month", month), ("cause", cause.value), ("motivation", motivation.value)]
        keys += [("site", site[0])] if by_site else []
        # amounts in a split currency …
        if currency in dated:
            on = dated[currency]
            cash, in_kind, cost = (Decimal(v or 0) for v in (cash, in_kind, cost))
            items.add([("input", "cash")], cash, currency, on)
            items.add([("input", "in_kind")], in_kind, currency, on)
            items.add([("input", "management")], cost, currency, on)
            items.add(keys, cash + in_kind + cost, currency, on)
        # … and staff time at sites of the countries that pay in one
        country_currency, rate = countries[country_code]
        hours = Decimal(hours or 0)
        if country_currency not in dated or not hours:
            continue
        if rate is None:
            unvalued[country_code] += hours
            continue
        items.add(
            [("input", "staff_time"), *keys],
            hours * rate,
            country_currency,
            dated[country_currency],
        )


def _convert(items: _Items, book: RateBook, split, unvalued) -> Investment:
    result = Investment(book.reporting_currency, split_pieces=sorted(split))
    missing: dict[str, MissingRate] = {}
    for group, key in list(items.items):
        conversion = book.total(items.amounts((group, key)))
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
        elif group == "site":
            result.by_site[key] = conversion.total
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
