"""The dashboards' numbers as plain data, shared by the pages and the PDF reports.

Every function takes ``site_ids`` (a list, a SELECT of ids such as
``permissions.scope_site_ids(user)``, or None for every site) and a ``Period``. Flows (money,
people, feedback) come from the monthly rollups; states "now" (open and overdue grievances and
commitments) from the few open rows. Only approved, non-deleted activities count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from outreach.activities.models import Commitment
from outreach.activities.queries import OPEN_STATUSES as OPEN_COMMITMENTS
from outreach.activities.queries import overdue_clause
from outreach.core import disclosure
from outreach.core.i18n import Names
from outreach.core.money import RateBook
from outreach.core.periods import Period, month_end
from outreach.dashboards.investment import Investment, investment
from outreach.extensions import db
from outreach.feedback.lifecycle import OPEN_STATUSES as OPEN_GRIEVANCES
from outreach.feedback.models import Feedback, FeedbackCategory
from outreach.feedback.queries import sla_clause
from outreach.sites.models import Country, Site
from outreach.stats.models import (
    ACTIVITY_COUNTS,
    FEEDBACK_COUNTS,
    GRIEVANCE_STATUS_COLUMNS,
    activity_rollups,
    feedback_rollups,
    grievance_rollups,
    resolve_day_rollups,
)


def site_filter(column, site_ids) -> sa.ColumnElement[bool]:
    if site_ids is None:
        return sa.true()
    return column.in_(site_ids if isinstance(site_ids, sa.Select) else list(site_ids))


@dataclass
class Kpi:
    key: str
    value: Decimal | int | float | None
    previous: Decimal | int | float | None = None
    #: money, count, percent, days, score
    unit: str = "count"
    #: feedback items, answers or grievances the figure is built from (None: a count, or not
    #: built from what people said); see ``outreach.core.disclosure``
    basis: int | None = None
    #: the same for the previous period
    previous_basis: int | None = None
    suppressed: bool = False
    #: a state now rather than a flow over the period: no change is shown
    current: bool = False
    #: a fall is the good news (days to resolve a grievance, grievances received)
    lower_is_better: bool = False
    #: neither a rise nor a fall is good news in itself (management costs, feedback received):
    #: the change is shown without a colour
    neutral: bool = False

    @property
    def change(self):
        if self.current or self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def improved(self) -> bool | None:
        """Whether the change is for the better (shown green) or worse (red); None: no change."""
        if not self.change or self.neutral:
            return None
        return (self.change > 0) != self.lower_is_better


@dataclass
class Flows:
    """Sums over one period."""

    counts: dict[str, int]
    feedback: dict[str, int]
    median_days_to_resolve: float | None
    money: Investment
    #: 90th percentile of the days to resolve (nearest rank)
    p90_days_to_resolve: float | None = None


def activity_counts(site_ids, months: list[int]) -> dict[str, int]:
    r = activity_rollups.c
    row = db.session.execute(
        sa.select(
            *[sa.func.coalesce(sa.func.sum(r[n]), 0).label(n) for n in ACTIVITY_COUNTS]
        ).where(r.month.in_(months), site_filter(r.site_id, site_ids))
    ).one()
    return {n: int(row._mapping[n]) for n in ACTIVITY_COUNTS}


def _counts_by_site(table, names: list[str], site_ids, months: list[int]) -> dict:
    r = table.c
    rows = db.session.execute(
        sa.select(r.site_id, *[sa.func.coalesce(sa.func.sum(r[n]), 0) for n in names])
        .where(r.month.in_(months), site_filter(r.site_id, site_ids))
        .group_by(r.site_id)
    )
    return {row[0]: dict(zip(names, map(int, row[1:]), strict=True)) for row in rows}


def counts_by_site(site_ids, months: list[int]) -> dict[int, tuple[dict, dict]]:
    """{site id: (activity counts, feedback counts)} of the months, one pass per table."""
    acts = _counts_by_site(activity_rollups, ACTIVITY_COUNTS, site_ids, months)
    fbs = _counts_by_site(feedback_rollups, FEEDBACK_COUNTS, site_ids, months)
    empty_a, empty_f = dict.fromkeys(ACTIVITY_COUNTS, 0), dict.fromkeys(FEEDBACK_COUNTS, 0)
    return {i: (acts.get(i, empty_a), fbs.get(i, empty_f)) for i in set(acts) | set(fbs)}


def feedback_counts(site_ids, months: list[int]) -> dict[str, int]:
    r = feedback_rollups.c
    row = db.session.execute(
        sa.select(
            *[sa.func.coalesce(sa.func.sum(r[n]), 0).label(n) for n in FEEDBACK_COUNTS]
        ).where(r.month.in_(months), site_filter(r.site_id, site_ids))
    ).one()
    return {n: int(row._mapping[n]) for n in FEEDBACK_COUNTS}


def resolve_day_histogram(site_ids, months: list[int]) -> list[tuple[int, int]]:
    """(days from receipt to resolution, grievances) of the period's resolved grievances."""
    r = resolve_day_rollups.c
    # grouped in the table's key order (month, days): no sort; the months are added up here
    histogram: dict[int, int] = defaultdict(int)
    for days, n in db.session.execute(
        sa.select(r.days, sa.func.sum(r.grievances))
        .where(r.month.in_(months), site_filter(r.site_id, site_ids))
        .group_by(r.month, r.days)
    ):
        histogram[int(days)] += int(n)
    return [(days, n) for days, n in sorted(histogram.items()) if n]


def _nth(histogram: list[tuple[int, int]], k: int) -> int:
    """The k-th smallest value (0-based) of a sorted histogram."""
    seen = 0
    for days, n in histogram:
        seen += n
        if k < seen:
            return days
    return histogram[-1][0]


def median_of(histogram: list[tuple[int, int]]) -> float | None:
    total = sum(n for _, n in histogram)
    if not total:
        return None
    if total % 2:
        return float(_nth(histogram, total // 2))
    return (_nth(histogram, total // 2 - 1) + _nth(histogram, total // 2)) / 2


def p90_of(histogram: list[tuple[int, int]]) -> float | None:
    """The 90th percentile (nearest rank: the smallest value at or above 90 % of them)."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    return float(_nth(histogram, -(-total * 9 // 10) - 1))


def median_days_to_resolve(site_ids, months: list[int]) -> float | None:
    """Median days from receipt to resolution of the period's resolved grievances."""
    return median_of(resolve_day_histogram(site_ids, months))


def flows(
    site_ids, period: Period, book: RateBook, *, by_site: bool = False, inputs_only: bool = False
) -> Flows:
    """The period's sums; ``inputs_only`` leaves investment by cause, motivation and month out
    (a previous period is compared on its totals only)."""
    months = period.months
    histogram = resolve_day_histogram(site_ids, months)
    return Flows(
        counts=activity_counts(site_ids, months),
        feedback=feedback_counts(site_ids, months),
        median_days_to_resolve=median_of(histogram),
        money=investment(site_ids, months, book, by_site=by_site, inputs_only=inputs_only),
        p90_days_to_resolve=p90_of(histogram),
    )


def people_reached(counts: dict[str, int]) -> int:
    """Event attendance, consultation participants and trainees of the period."""
    return counts["attendance"] + counts["participants"] + counts["trainees"]


@dataclass
class OpenItems:
    """Grievances and commitments open now, per site."""

    grievances_open: dict[int, int] = field(default_factory=dict)
    grievances_overdue: dict[int, int] = field(default_factory=dict)
    commitments_open: dict[int, int] = field(default_factory=dict)
    commitments_overdue: dict[int, int] = field(default_factory=dict)


def open_items(site_ids, today: dt.date) -> OpenItems:
    # "site_id + 0": group in memory over the few open rows instead of walking a site index
    grievance_site = (Feedback.site_id + 0).label("site_id")
    commitment_site = (Commitment.site_id + 0).label("site_id")
    result = OpenItems()
    overdue = sa.case((sla_clause("overdue", today), 1), else_=0)
    for site_id, n, late in db.session.execute(
        sa.select(grievance_site, sa.func.count(), sa.func.sum(overdue))
        .where(
            Feedback.is_grievance.is_(True),
            Feedback.status.in_(list(OPEN_GRIEVANCES)),
            Feedback.is_deleted.is_(False),
            site_filter(Feedback.site_id, site_ids),
        )
        .group_by(grievance_site)
    ):
        result.grievances_open[site_id] = int(n)
        result.grievances_overdue[site_id] = int(late or 0)
    late = sa.case((overdue_clause(today), 1), else_=0)
    for site_id, n, late_n in db.session.execute(
        sa.select(commitment_site, sa.func.count(), sa.func.sum(late))
        .where(
            Commitment.status.in_(OPEN_COMMITMENTS),
            Commitment.is_deleted.is_(False),
            site_filter(Commitment.site_id, site_ids),
        )
        .group_by(commitment_site)
    ):
        result.commitments_open[site_id] = int(n)
        result.commitments_overdue[site_id] = int(late_n or 0)
    return result


def _ratio(part: int, whole: int, scale: int = 100) -> float | None:
    return round(part * scale / whole, 1) if whole else None


def kpis(now: Flows, before: Flows, items: OpenItems) -> list[Kpi]:
    """Every headline figure of the period, with the previous period's beside it."""

    def pair(fn):
        return fn(now), fn(before)

    def women(f: Flows):
        return _ratio(f.counts["participants_women"], f.counts["participants"])

    def mean_sentiment(f: Flows):
        n = f.feedback["scored"]
        return round(f.feedback["sentiment_sum"] / n, 2) if n else None

    def on_time(f: Flows):
        return _ratio(f.feedback["acknowledged_on_time"], f.feedback["grievances"])

    result = [Kpi("investment", *pair(lambda f: f.money.total), unit="money")]
    for name in ("cash", "in_kind", "staff_time", "management"):
        # more spent on overheads is not better community investment
        result.append(
            Kpi(
                name,
                *pair(lambda f, n=name: f.money.by_input[n]),
                unit="money",
                neutral=name == "management",
            )
        )
    result += [
        Kpi("people_reached", *pair(lambda f: people_reached(f.counts))),
        Kpi("beneficiaries", *pair(lambda f: f.counts["beneficiaries"])),
        Kpi("events", *pair(lambda f: f.counts["events"])),
        Kpi("attendance", *pair(lambda f: f.counts["attendance"])),
        Kpi("consultations", *pair(lambda f: f.counts["consultations"])),
        Kpi("participants", *pair(lambda f: f.counts["participants"])),
        Kpi("women_share", *pair(women), unit="percent"),
        Kpi("trainees", *pair(lambda f: f.counts["trainees"])),
    ]
    scored_n = (now.feedback["scored"], before.feedback["scored"])
    grievance_n = (now.feedback["grievances"], before.feedback["grievances"])
    resolved_n = (now.feedback["resolved"], before.feedback["resolved"])
    result += [
        Kpi("feedback", *pair(lambda f: f.feedback["feedback"]), neutral=True),
        _fb("mean_sentiment", pair(mean_sentiment), scored_n, unit="score"),
        Kpi("grievances", *pair(lambda f: f.feedback["grievances"]), lower_is_better=True),
        _fb("ack_on_time", pair(on_time), grievance_n, unit="percent"),
        _fb(
            "median_days",
            pair(lambda f: f.median_days_to_resolve),
            resolved_n,
            unit="days",
            lower_is_better=True,
        ),
    ]
    open_n = sum(items.grievances_open.values())
    result += [
        Kpi("grievances_open", open_n, current=True),
        Kpi("grievances_overdue", sum(items.grievances_overdue.values()), current=True),
        Kpi("commitments_open", sum(items.commitments_open.values()), current=True),
        Kpi("commitments_overdue", sum(items.commitments_overdue.values()), current=True),
    ]
    return result


def _fb(key: str, values, basis, unit: str = "count", lower_is_better: bool = False) -> Kpi:
    return Kpi(
        key,
        values[0],
        values[1],
        unit=unit,
        basis=basis[0],
        previous_basis=basis[1],
        lower_is_better=lower_is_better,
    )


def disclose(kpis_: list[Kpi], audience: disclosure.Audience) -> list[Kpi]:
    """The figures as ``audience`` may see them: withheld ones are None and marked."""
    for kpi in kpis_:
        if disclosure.withholds(audience, kpi.basis):
            kpi.value, kpi.suppressed = None, True
        if disclosure.withholds(audience, kpi.previous_basis):
            kpi.previous = None
    return kpis_


def disclose_categories(
    grievances: list[tuple[str, dict[str, int]]], audience: disclosure.Audience
) -> tuple[list[tuple[str, dict[str, int]]], bool]:
    """The grievance categories ``audience`` may see, and whether any was left out (a category
    with too few grievances, or too few in all)."""
    kept = [g for g in grievances if not disclosure.withholds(audience, sum(g[1].values()))]
    total = sum(sum(statuses.values()) for _, statuses in grievances)
    return kept, len(kept) < len(grievances) or disclosure.withholds(audience, total)


#: the grievances filed under no category
NO_CATEGORY = Names("—")


def grievances_by_category(site_ids, months: list[int]) -> list[tuple[Names, dict[str, int]]]:
    """Grievances received in the period, per category (its name in every language), by their
    status now (a grievance in two categories counts in both)."""
    r = grievance_rollups.c
    # grouped in the table's key order (month, category): no sort; the months are added up here
    by_category: dict[int, list[int]] = {}
    for category_id, *counts in db.session.execute(
        sa.select(r.category_id, *[sa.func.sum(r[s]) for s in GRIEVANCE_STATUS_COLUMNS])
        .where(r.month.in_(months), site_filter(r.site_id, site_ids))
        .group_by(r.month, r.category_id)
    ):
        totals = by_category.setdefault(category_id, [0] * len(GRIEVANCE_STATUS_COLUMNS))
        for i, n in enumerate(counts):
            totals[i] += int(n or 0)
    names = {c.id: c.names for c in db.session.scalars(sa.select(FeedbackCategory))}
    result = [
        (
            names.get(category_id, NO_CATEGORY),
            dict(zip(GRIEVANCE_STATUS_COLUMNS, totals, strict=True)),
        )
        for category_id, totals in by_category.items()
    ]
    return sorted(result, key=lambda item: (-sum(item[1].values()), item[0].recorded))


@dataclass
class SiteInfo:
    id: int
    code: str
    name: str
    country_code: str
    country_name: str
    latitude: float | None
    longitude: float | None
    next_election: dt.date | None


def sites_in(site_ids) -> list[SiteInfo]:
    rows = db.session.execute(
        sa.select(
            Site.id,
            Site.code,
            Site.name,
            Site.country_code,
            Country.name,
            Site.latitude,
            Site.longitude,
            Country.next_election,
        )
        .join(Country, Country.code == Site.country_code)
        .where(site_filter(Site.id, site_ids))
        .order_by(Site.code)
    ).all()
    return [
        SiteInfo(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            None if r[5] is None else float(r[5]),
            None if r[6] is None else float(r[6]),
            r[7],
        )
        for r in rows
    ]


def last_consultations(site_ids, until_month: int) -> dict[int, dt.date]:
    """{site id: day of its last approved consultation up to the end of ``until_month``}."""
    r = activity_rollups.c
    until = month_end(until_month)
    # one seek per site down ix_activity_rollups_site_consultation
    last = (
        sa.select(sa.func.max(r.last_consultation))
        .where(r.site_id == Site.id, r.last_consultation <= until)
        .scalar_subquery()
    )
    rows = db.session.execute(sa.select(Site.id, last).where(site_filter(Site.id, site_ids)))
    return {site_id: day for site_id, day in rows if day is not None}


def reporting_currency() -> str:
    return current_app.config["REPORTING_CURRENCY"]
