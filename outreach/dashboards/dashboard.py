"""One call builds everything a dashboard page (or an impact report) shows, as plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from outreach.core.disclosure import Audience
from outreach.core.i18n import country_name
from outreach.core.money import RateBook
from outreach.core.periods import Period
from outreach.dashboards import queries, standing
from outreach.dashboards.investment import Investment
from outreach.extensions import db
from outreach.stats.models import activity_rollups

#: above this many sites the sentiment chart draws one line per country, else one per site
LINES_PER_SITE_UP_TO = 6


@dataclass
class SiteSeries:
    """Sentiment beside spending: one site, month by month."""

    months: list[int]
    index: list[float | None]
    investment: list[Decimal]
    events: list[int]


@dataclass
class Dashboard:
    period: Period
    previous: Period
    currency: str
    kpis: list[queries.Kpi]
    money: Investment
    grievances: list[tuple[str, dict[str, int]]]
    participation: dict[str, dict[str, int]]
    standings: list[standing.SiteStanding]
    sentiment_months: list[int]
    #: (label, index per month)
    sentiment_lines: list[tuple[str, list[float | None]]]
    site_series: SiteSeries | None = None
    partner: bool = False
    #: who the figures are shown to: what they may not see is None (``core.disclosure``)
    audience: Audience = Audience.STAFF
    notes: list[str] = field(default_factory=list)
    #: what the figures above were made from, for the impact report
    flows: queries.Flows | None = None
    open_items: queries.OpenItems | None = None
    sentiments: standing.SentimentBook | None = None
    rates: RateBook | None = None

    def kpi(self, key: str) -> queries.Kpi:
        return next(k for k in self.kpis if k.key == key)

    @property
    def at_risk(self) -> list[standing.SiteStanding]:
        return [s for s in self.standings if s.at_risk]


def risk_settings() -> standing.RiskSettings:
    config = current_app.config
    return standing.RiskSettings(
        sentiment_drop=float(config.get("DASHBOARD_SENTIMENT_DROP", 10)),
        election_months=int(config.get("DASHBOARD_ELECTION_MONTHS", 12)),
        overdue_grievances=int(config.get("DASHBOARD_OVERDUE_GRIEVANCES", 5)),
    )


def participation(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Consultation participants and trainees: women, men, other or not recorded."""
    p, w, m = counts["participants"], counts["participants_women"], counts["participants_men"]
    t, tw = counts["trainees"], counts["trainees_women"]
    return {
        "consultations": {"women": w, "men": m, "other": max(p - w - m, 0)},
        "trainings": {"women": tw, "men": 0, "other": max(t - tw, 0)},
    }


def build(
    site_ids,
    period: Period,
    today: dt.date,
    *,
    audience: Audience = Audience.STAFF,
    partner: bool = False,
    site_id: int | None = None,
    site_totals: bool = False,
) -> Dashboard:
    """The dashboard of the sites (a list, a SELECT of ids or None for all) over a period, as
    ``audience`` may see it (only staff see the site ranking); ``partner`` draws a sentiment
    line per country, as a partner's page does; ``site_totals`` also splits the period's
    investment by site (for the reports' tables)."""
    if site_id is not None:
        site_ids = [site_id]
    book = RateBook.load(queries.reporting_currency())
    now = queries.flows(site_ids, period, book, by_site=site_totals)
    before = queries.flows(site_ids, period.previous(), book, inputs_only=True)
    items = queries.open_items(site_ids, today)
    kpis = queries.kpis(now, before, items)
    sites = queries.sites_in(site_ids)
    sentiments = standing.sentiment_book(site_ids, period)
    standings = standing.standings(
        sites,
        sentiments,
        period,
        items,
        queries.last_consultations(site_ids, period.months[-1]),
        today,
        risk_settings(),
    )
    grievances = queries.grievances_by_category(site_ids, period.months)
    labels, lines = _sentiment_lines(
        sites, sentiments, period, by_country=partner, audience=audience
    )
    dashboard = Dashboard(
        period=period,
        previous=period.previous(),
        currency=book.reporting_currency,
        kpis=kpis,
        money=now.money,
        grievances=grievances,
        participation=participation(now.counts),
        standings=standings,
        sentiment_months=labels,
        sentiment_lines=lines,
        partner=partner,
        audience=audience,
        flows=now,
        open_items=items,
        sentiments=sentiments,
        rates=book,
    )
    if site_id is not None:
        dashboard.site_series = _site_series(site_id, period, sentiments, now.money, audience)
    _disclose(dashboard)
    return dashboard


def _sentiment_lines(
    sites, book: standing.SentimentBook, period: Period, *, by_country, audience: Audience
):
    """One line per site (few sites) or per country, each month's index as ``audience`` may
    see it."""
    if len(sites) <= LINES_PER_SITE_UP_TO and not by_country:
        groups = [(s.code, [s.id]) for s in sites]
    else:
        countries: dict[str, list[int]] = {}
        for s in sites:
            # the country as the reader's language names it (the report's first language)
            countries.setdefault(country_name(s.country_code, s.country_name), []).append(s.id)
        groups = sorted(countries.items())
    lines = [
        (label, [book.shown_group_index(ids, month, audience) for month in period.months])
        for label, ids in groups
    ]
    return period.months, lines


def _site_series(
    site_id: int, period: Period, book, money: Investment, audience: Audience
) -> SiteSeries:
    r = activity_rollups.c
    events = dict(
        db.session.execute(
            sa.select(r.month, sa.func.sum(r.events))
            .where(r.site_id == site_id, r.month.in_(period.months))
            .group_by(r.month)
        ).all()
    )
    return SiteSeries(
        months=period.months,
        index=[book.shown_group_index([site_id], m, audience) for m in period.months],
        investment=[money.by_month.get(m, Decimal("0")) for m in period.months],
        events=[int(events.get(m) or 0) for m in period.months],
    )


def _disclose(dashboard: Dashboard) -> None:
    """Withhold what the dashboard's audience may not see (``core.disclosure``)."""
    if dashboard.audience is Audience.STAFF:
        return
    dashboard.standings = []  # aggregates only: the site ranking is for staff
    queries.disclose(dashboard.kpis, dashboard.audience)
    dashboard.grievances, left_out = queries.disclose_categories(
        dashboard.grievances, dashboard.audience
    )
    if left_out:
        dashboard.notes.append("grievance_categories_suppressed")
