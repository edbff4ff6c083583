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

from outreach.activities import counting
from outreach.activities.kinds import Cause, Motivation
from outreach.activities.models import Activity
from outreach.core.money import RateBook, Totals, to_cents
from outreach.core.periods import month_end, month_of, month_start
from outreach.extensions import db
from outreach.sites.models import Country, Site
from outreach.stats.models import activity_rollups

INPUTS = counting.INPUTS
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


#: (rollup column, breakdown keys it adds to) of the money in cents and the staff time in tenths
#: of an hour; each row's total also goes to its month (and site)
MONEY_KEYS = [
    ("cash", [("input", "cash")]),
    ("in_kind", [("input", "in_kind")]),
    ("cost", [("input", "management")]),
    *[(f"cause_{c}", [("cause", c)]) for c in CAUSES],
    *[(f"motivation_{m}", [("motivation", m)]) for m in MOTIVATIONS],
]
HOURS_KEYS = [(f"{column}_hours", keys) for column, keys in MONEY_KEYS[3:]]


def investment(
    site_ids,
    months: list[int],
    book: RateBook | None = None,
    reporting_currency: str = "USD",
    *,
    by_site: bool = False,
    inputs_only: bool = False,
) -> Investment:
    """Community investment of the sites (a list, a SELECT of ids or None) over the months;
    with ``by_site`` also each site's total, from the same single pass. ``inputs_only`` sums
    just the B4SI inputs (what a previous period is compared on), not causes, motivations or
    months."""
    book = book or RateBook.load(reporting_currency)
    countries = {
        c.code: (c.currency, c.staff_hour_rate)
        for c in db.session.execute(
            sa.select(Country.code, Country.currency, Country.staff_hour_rate)
        )
    }
    money_keys, hours_keys = (MONEY_KEYS[:3], []) if inputs_only else (MONEY_KEYS, HOURS_KEYS)
    columns = [name for name, _ in money_keys] + ["staff_hours"] + [n for n, _ in hours_keys]
    r = activity_rollups.c
    sums = [sa.func.sum(r[name]).label(name) for name in columns]
    groups = [r.month, r.currency, Site.country_code] + ([r.site_id] if by_site else [])
    rows = db.session.execute(
        sa.select(*groups, *sums)
        .join(Site, Site.id == r.site_id)
        .where(r.month.in_(months), _site_filter(r.site_id, site_ids))
        .group_by(*groups)
    ).all()
    currencies = {row.currency for row in rows} | {cur for cur, _ in countries.values()}
    split = _split_pieces(book, currencies, months)
    items = Totals(book)
    unvalued: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        month, currency, country_code = row[0], row[1], row[2]
        values = dict(zip(columns, row[len(groups) :], strict=True))
        on = month_start(month)
        totals = [] if inputs_only else [("month", month)]
        totals += [("site", row[3])] if by_site else []
        if (month, currency) not in split:
            pairs = [(targets, values[column]) for column, targets in money_keys]
            pairs.append((totals, values["cash"] + values["in_kind"] + values["cost"]))
            items.add_all(pairs, currency, on, CENT)
        # staff time, in whole tenths of an hour valued at the country's hourly rate
        country_currency, rate = countries[country_code]
        if (month, country_currency) in split:
            continue
        if rate is None:
            unvalued[country_code] += Decimal(values["staff_hours"] or 0) * TENTH
            continue
        pairs = [([("input", "staff_time"), *totals], values["staff_hours"])]
        pairs += [(targets, values[column]) for column, targets in hours_keys]
        items.add_all(pairs, country_currency, on, TENTH * rate)
    _raw_pieces(items, site_ids, split, countries, unvalued, book, by_site)
    return _result(items, book, split, unvalued)


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
        first, last = month_start(month), month_end(month)
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
    # staff time is valued in the site country's currency: the countries paying in one of these
    paying = [code for code, (currency, _) in countries.items() if currency in dated]
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
        # "+ 0": read the run of days from ix_activities_money, which holds every column
        # summed here, and look each row's site up, rather than seek site by site
        .join(Site, Site.id == a.site_id + 0)
        .where(
            counting.counted(a),
            a.activity_date.between(start, end),
            _site_filter(a.site_id, site_ids),
            sa.or_(a.currency.in_(currencies), Site.country_code.in_(paying)),
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


def _result(items: Totals, book: RateBook, split, unvalued) -> Investment:
    result = Investment(book.reporting_currency, split_pieces=sorted(split))
    groups = {
        "input": result.by_input,
        "cause": result.by_cause,
        "motivation": result.by_motivation,
        "site": result.by_site,
        "month": result.by_month,
    }
    for group, key in items.sums:
        groups[group][key] = items.cents((group, key))
    for name in INPUTS:
        result.by_input.setdefault(name, Decimal("0.00"))
    result.total = to_cents(sum(result.by_input.values(), Decimal("0")))
    # every amount counts in exactly one B4SI input: what those lack is what is missing
    missing: dict[str, MissingRate] = {}
    for name in INPUTS:
        for currency, (amount, since) in items.missing.get(("input", name), {}).items():
            known = missing.setdefault(currency, MissingRate(currency, Decimal("0"), since))
            known.amount += amount
            known.since = min(known.since, since)
    result.missing = [
        MissingRate(m.currency, to_cents(m.amount), m.since) for _, m in sorted(missing.items())
    ]
    result.unvalued_hours = {k: v for k, v in sorted(unvalued.items()) if v}
    return result
