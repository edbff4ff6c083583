"""The panel behind *What works*, read from the monthly rollups: per site and month, what the
site did (approved activities per kind, investment per B4SI cause in thousands of the reporting
currency) and its indices (the sentiment index of ``feedback/indices.py``, and the perception
index of a survey round held that month)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from flask import current_app

from outreach.core.money import RateBook
from outreach.core.periods import add_months, month_end, month_of, month_start
from outreach.extensions import db
from outreach.feedback import sentiment
from outreach.feedback.indices import sentiment_index
from outreach.feedback.models import SurveyRound
from outreach.sites.models import Site
from outreach.stats.models import activity_rollups, feedback_rollups
from outreach.whatworks.model import CAUSE_FACTORS, FACTORS, KIND_FACTORS


@dataclass
class Panels:
    #: site id → (country code, site kind)
    sites: dict[int, tuple[str, str]]
    #: {outcome: frame of site, month, y, n (scored feedback items or respondents: the
    #: disclosure basis) and every factor}
    frames: dict[str, pd.DataFrame]
    first: int
    last: int
    #: (currency, month) pieces left out of the investment for want of an exchange rate
    missing_rates: list[tuple[str, int]]


def last_complete_month(today: dt.date) -> int:
    return add_months(month_of(today), -1)


def _factors(first: int, last: int) -> tuple[dict, list]:
    """{(site, month): [factor values]} and the pieces without an exchange rate."""
    book = RateBook.load(current_app.config["REPORTING_CURRENCY"])
    r = activity_rollups.c
    columns = [r[name] for name in KIND_FACTORS + CAUSE_FACTORS]
    rows = db.session.execute(
        sa.select(r.site_id, r.month, r.currency, *columns).where(r.month.between(first, last))
    )
    values: dict[tuple[int, int], list[float]] = {}
    missing = set()
    kinds = len(KIND_FACTORS)
    for site_id, month, currency, *numbers in rows:
        row = values.setdefault((site_id, month), [0.0] * len(FACTORS))
        for i in range(kinds):
            row[i] += numbers[i]
        # one rate for the month (its 15th): a regressor needs no cent-exact conversion
        rate = book.rate_on(currency, month_start(month) + dt.timedelta(days=14))
        if rate is None:
            if any(numbers[kinds:]):
                missing.add((currency, month))
            continue
        factor = float(rate) / 100 / 1000  # cents → thousands of the reporting currency
        for i, cents in enumerate(numbers[kinds:], start=kinds):
            row[i] += cents * factor
    return values, sorted(missing)


def _sentiment(first: int, last: int) -> tuple[dict, dict]:
    """{(site, month): (sentiment index, scored items)} and {(site, month): (perception index
    of the rounds held that month, their respondents)}."""
    r = feedback_rollups.c
    counts = {
        (s, m): (n, total)
        for s, m, n, total in db.session.execute(
            sa.select(r.site_id, r.month, r.scored, r.sentiment_sum).where(
                r.month.between(first, last), r.scored > 0
            )
        )
    }
    rounds = sentiment.rounds_in_force(None, month_start(first), month_end(last))
    months_of: dict[int, set[int]] = defaultdict(set)
    for site_id, month in counts:
        months_of[site_id].add(month)
    index = {}
    for site_id in set(months_of) | set(rounds):
        perceptions = (
            sentiment.perceptions_by_month(rounds[site_id], first, last)
            if site_id in rounds
            else {}
        )
        months = months_of[site_id] | {m for m, p in perceptions.items() if p is not None}
        for month in months:
            n, total = counts.get((site_id, month), (0, 0))
            value = sentiment_index(total, n, perceptions.get(month))
            if value is not None:
                index[(site_id, month)] = (value, n)
    held: dict[tuple[int, int], list[tuple[float, int]]] = defaultdict(list)
    r = SurveyRound.__table__.c
    for site_id, conducted_on, perception, respondents in db.session.execute(
        sa.select(r.site_id, r.conducted_on, r.perception, r.sample_size).where(
            r.conducted_on.between(month_start(first), month_end(last)),
            r.perception.is_not(None),
        )
    ):
        held[(site_id, month_of(conducted_on))].append((float(perception), respondents))
    # a month's rounds: their mean index, and their respondents as the disclosure basis
    perception = {
        key: (sum(p for p, _ in v) / len(v), sum(n for _, n in v)) for key, v in held.items()
    }
    return index, perception


def _frame(outcome: dict, factors: dict) -> pd.DataFrame:
    keys = sorted(set(outcome) | set(factors))
    empty = [0.0] * len(FACTORS)
    frame = pd.DataFrame([factors.get(key, empty) for key in keys], columns=FACTORS, dtype=float)
    frame.insert(0, "site", [k[0] for k in keys])
    frame.insert(1, "month", [k[1] for k in keys])
    frame.insert(2, "y", [outcome[k][0] if k in outcome else float("nan") for k in keys])
    frame.insert(3, "n", [outcome[k][1] if k in outcome else 0 for k in keys])
    return frame


def read_panels(today: dt.date) -> Panels:
    """Every site's months in the window ending with the last complete month."""
    last = last_complete_month(today)
    first = add_months(last, -(int(current_app.config["WHAT_WORKS_WINDOW_MONTHS"]) - 1))
    factors, missing = _factors(first, last)
    index, perception = _sentiment(first, last)
    sites = {
        site_id: (country, str(kind))
        for site_id, country, kind in db.session.execute(
            sa.select(Site.id, Site.country_code, Site.kind)
        )
    }
    frames = {"sentiment": _frame(index, factors), "perception": _frame(perception, factors)}
    return Panels(sites, frames, first, last, missing)
