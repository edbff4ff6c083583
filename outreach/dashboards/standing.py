"""Where each site stands: its sentiment index and trend, the site ranking and the
political-risk early warning. Every index comes from ``outreach.feedback.indices``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from outreach.core import disclosure
from outreach.core.periods import Period, add_months, month_end, month_start, months_later
from outreach.dashboards.queries import OpenItems, SiteInfo, site_filter
from outreach.extensions import db
from outreach.feedback import indices, sentiment
from outreach.stats.models import feedback_rollups

#: months between the two indexes compared for the trend
TREND_MONTHS = 3


def scored_counts(site_ids, first: int, last: int) -> dict[tuple[int, int], tuple[int, int]]:
    """{(site_id, yyyymm): (n, Σs)} of scored feedback, from the rollups."""
    r = feedback_rollups.c
    rows = db.session.execute(
        sa.select(r.site_id, r.month, r.scored, r.sentiment_sum).where(
            r.month.between(first, last), r.scored > 0, site_filter(r.site_id, site_ids)
        )
    ).all()
    return {(s, m): (n, total) for s, m, n, total in rows}


class SentimentBook:
    """Scored feedback and survey rounds of some sites, loaded once, indexed by site-month."""

    def __init__(self, site_ids, first: int, last: int):
        self.counts = scored_counts(site_ids, first, last)
        # a round held on the last month's last day (the 29th, 30th or 31st) counts in it
        self.rounds = sentiment.rounds_in_force(site_ids, month_start(first), month_end(last))
        self.first, self.last = first, last
        # site-months are asked for many times (ranking, trend, country lines): remembered
        self._parts: dict[tuple[int, int], tuple[int, int, float | None]] = {}
        self._index: dict[tuple[int, int], float | None] = {}
        self._perceptions: dict[int, dict[int, float | None]] = {}

    def perception(self, site_id: int, month: int) -> float | None:
        """The site's perception index in force in a month of the book (first to last)."""
        rounds = self.rounds.get(site_id)
        if not rounds:
            return None
        by_month = self._perceptions.get(site_id)
        if by_month is None:
            by_month = self._perceptions[site_id] = sentiment.perceptions_by_month(
                rounds, self.first, self.last
            )
        return by_month[month]

    def parts(self, site_id: int, month: int) -> tuple[int, int, float | None]:
        key = (site_id, month)
        parts = self._parts.get(key)
        if parts is None:
            n, total = self.counts.get(key, (0, 0))
            parts = self._parts[key] = (total, n, self.perception(site_id, month))
        return parts

    def index(self, site_id: int, month: int) -> float | None:
        key = (site_id, month)
        if key not in self._index:
            self._index[key] = indices.sentiment_index(*self.parts(site_id, month))
        return self._index[key]

    def group_index(self, site_ids: list[int], month: int) -> float | None:
        return indices.group_sentiment_index(self.parts(s, month) for s in site_ids)

    def shown_group_index(
        self, site_ids: list[int], month: int, audience: disclosure.Audience
    ) -> float | None:
        """``group_index`` as ``audience`` may see it (None when withheld)."""
        if audience is not disclosure.Audience.STAFF:
            basis = sum(self.feedback_items(s, month) for s in site_ids)
            if disclosure.withholds(audience, basis):
                return None
        return self.group_index(site_ids, month)

    def latest_shown_index(
        self, site_id: int, months: list[int], audience: disclosure.Audience
    ) -> float | None:
        """The site's index of the last of ``months`` with one ``audience`` may see."""
        for month in reversed(months):
            index = self.shown_group_index([site_id], month, audience)
            if index is not None:
                return index
        return None

    def feedback_items(self, site_id: int, month: int) -> int:
        return self.counts.get((site_id, month), (0, 0))[0]


def sentiment_book(site_ids, period: Period) -> SentimentBook:
    months = period.months
    return SentimentBook(site_ids, add_months(months[0], -TREND_MONTHS), months[-1])


@dataclass
class RiskSettings:
    #: flag a fall of more than this many index points over the trend months …
    sentiment_drop: float = 10.0
    #: … when the country's next national election is within this many months
    election_months: int = 12
    #: flag more than this many overdue grievances
    overdue_grievances: int = 5


#: why a site is at risk: ("sentiment_election", fall in points, election date) or
#: ("overdue", number of overdue grievances)
RiskReason = tuple[str, float, dt.date] | tuple[str, int]


def risk_reasons(
    index_now: float | None,
    index_before: float | None,
    next_election: dt.date | None,
    overdue_grievances: int,
    today: dt.date,
    settings: RiskSettings,
) -> list[RiskReason]:
    """Why a site is at political risk (empty when it is not), as ``RiskReason`` tuples whose
    first item the page translates."""
    reasons: list[RiskReason] = []
    if index_now is not None and index_before is not None and next_election is not None:
        fall = round(index_before - index_now, 1)
        horizon = months_later(today, settings.election_months)
        if fall > settings.sentiment_drop and today <= next_election <= horizon:
            reasons.append(("sentiment_election", fall, next_election))
    if overdue_grievances > settings.overdue_grievances:
        reasons.append(("overdue", overdue_grievances))
    return reasons


@dataclass
class SiteStanding:
    site: SiteInfo
    #: the index of the period's last month with one, and that month
    index: float | None
    month: int | None
    #: index change over the trend months (positive: rising)
    trend: float | None
    feedback_items: int
    grievances_overdue: int
    commitments_overdue: int
    last_consultation: dt.date | None
    reasons: list[RiskReason] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)

    def risk_key(self):
        """Flagged first, then most overdue, then the lowest or fastest-falling index."""
        return (
            not self.at_risk,
            -(self.grievances_overdue + self.commitments_overdue),
            self.trend if self.trend is not None else 0.0,
            self.index if self.index is not None else 100.0,
            self.site.code,
        )


def standings(
    sites: list[SiteInfo],
    book: SentimentBook,
    period: Period,
    items: OpenItems,
    last_consultation: dict[int, dt.date],
    today: dt.date,
    settings: RiskSettings,
) -> list[SiteStanding]:
    """Every site's standing, sorted by risk."""
    result = []
    months = period.months
    for site in sites:
        index = month = None
        for candidate in reversed(months):
            index = book.index(site.id, candidate)
            if index is not None:
                month = candidate
                break
        before = None if month is None else book.index(site.id, add_months(month, -TREND_MONTHS))
        trend = None if index is None or before is None else round(index - before, 1)
        overdue = items.grievances_overdue.get(site.id, 0)
        result.append(
            SiteStanding(
                site=site,
                index=index,
                month=month,
                trend=trend,
                feedback_items=sum(book.feedback_items(site.id, m) for m in months),
                grievances_overdue=overdue,
                commitments_overdue=items.commitments_overdue.get(site.id, 0),
                last_consultation=last_consultation.get(site.id),
                reasons=risk_reasons(index, before, site.next_election, overdue, today, settings),
            )
        )
    return sorted(result, key=SiteStanding.risk_key)
