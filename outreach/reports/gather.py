"""Collect everything a report shows, for a scope and a period, as a ReportData.

Every figure the dashboard also shows is taken from ``outreach.dashboards.dashboard.build`` for
the scope's sites and the same period, and every chart is drawn by the dashboard's chart
functions, so a report and the dashboard cannot disagree. ``figures.py`` adds only what the
dashboard does not show. Approved entries only.

Reports go to partners: every figure is disclosed for the partner audience by the rule the
partner dashboard and the workbook follow (``outreach.core.disclosure``): a figure a partner may
not see is None, printed "—". Counts stay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from outreach.activities.kinds import CAUSE_LABELS, MOTIVATION_LABELS, Cause, Motivation
from outreach.auth.models import User
from outreach.core import charts as core_charts
from outreach.core.db import utcnow
from outreach.core.disclosure import Audience, shown, withholds
from outreach.core.i18n import N_
from outreach.core.periods import Period, add_months, month_label
from outreach.dashboards import charts as dashboard_charts
from outreach.dashboards import dashboard, queries
from outreach.extensions import db
from outreach.feedback.models import SURVEY_ITEMS
from outreach.feedback.queries import survey_totals
from outreach.reports import figures
from outreach.reports.data import (
    Amount,
    CategoryCount,
    Charts,
    CommunityVoice,
    Engagement,
    ExchangeRateUsed,
    Grievances,
    Investment,
    Kpi,
    MethodsNote,
    Outputs,
    Photo,
    ReportData,
    SiteRow,
    SurveyResult,
)
from outreach.reports.gri import gri_413
from outreach.reports.organisation import organisation
from outreach.reports.scope import ReportScope, ScopeKind, scope_sites_stmt
from outreach.sites.models import Site
from outreach.stats.models import ACTIVITY_COUNTS, FEEDBACK_COUNTS
from outreach.whatworks import compute as whatworks
from outreach.whatworks import queries as whatworks_queries

#: the executive summary: dashboard KPI key → its label (the dashboard's msgid)
SUMMARY_KPIS = {
    "investment": N_("Community investment"),
    "people_reached": N_("People reached"),
    "beneficiaries": N_("Beneficiaries"),
    "consultations": N_("Consultations"),
    "participants": N_("Participants"),
    "trainees": N_("Trainees"),
    "feedback": N_("Feedback received"),
    "sentiment_index": N_("Sentiment index (0–100)"),
    "grievances": N_("Grievances received"),
    "ack_on_time": N_("Acknowledged on time"),
    "median_days": N_("Median days to resolve"),
}
UNITS = {"percent": "%"}


def _msgid(label) -> str:
    """The msgid behind a lazy label (``lazy_gettext("Health")`` → "Health")."""
    args = getattr(label, "_args", None)
    return args[0] if args else str(label)


def _decimal(value) -> Decimal | int | None:
    if value is None or isinstance(value, int | Decimal):
        return value
    return Decimal(str(value))


def gather_report_data(
    scope: ReportScope,
    period: Period,
    languages: list[str],
    issuer: User | None,
    today: dt.date | None = None,
    audience: Audience = Audience.PARTNER,
    what_works: bool = False,
    photos: list[tuple[int, str]] | None = None,
) -> ReportData:
    """The report's content for a scope and period, in plain data, as ``audience`` may see it
    (a report is written for partners); with ``what_works``, the stored What works estimate
    of the scope (a site: its peers); ``photos``: the manager's choice of (attachment id,
    caption), else the newest photos under their activity's title."""
    now = utcnow()
    today = today or dt.date.today()
    sites = list(db.session.scalars(scope_sites_stmt(scope)))
    ids = [s.id for s in sites]
    with force_locale(languages[0]):
        d = dashboard.build(ids, period, today, audience=audience, site_totals=True)
        categories = figures.top_categories(ids, period)
        charts = _charts(d, categories)
        works = _what_works(scope, sites, audience) if what_works else None
    details = figures.activity_details(ids, period)
    return ReportData(
        scope=scope,
        period=period,
        languages=list(languages),
        issuer_name=issuer.name if issuer else "Outreach",
        currency=d.currency,
        generated_at=now,
        kpis=_kpis(d, ids, period),
        investment=_investment(d, figures.staff_hours(ids, period)),
        outputs=_outputs(d, ids, period, details),
        engagement=_engagement(d, ids, period, details, today),
        voice=_voice(d, ids, period, categories),
        grievances=_grievances(d, ids, period),
        sites=_site_rows(d, sites, period),
        photos=[Photo(*p) for p in figures.photos(ids, period, photos)],
        methods=_methods(d, ids, period, now),
        charts=charts,
        what_works=works,
        gri=gri_413(
            sites,
            period,
            d.open_items.grievances_overdue,
            dashboard.risk_settings().overdue_grievances,
        ),
        organisation=organisation(),
    )


@dataclass
class PhotoOffer:
    """A photo the manager may print in a report, with the caption it has until they write
    one."""

    attachment_id: int
    activity_id: int
    activity_title: str
    site_code: str
    caption: str


def photo_offers(scope: ReportScope, period: Period) -> list[PhotoOffer]:
    """The photos the manager may choose from for a report, newest first."""
    ids = list(db.session.scalars(scope_sites_stmt(scope).with_only_columns(Site.id)))
    return [
        PhotoOffer(a.id, a.activity_id, title, code, figures.default_caption(a, title))
        for a, title, code in figures.photo_candidates(ids, period)
    ]


def _what_works(scope: ReportScope, sites, audience: Audience) -> list:
    """The stored estimate of the report's scope: the portfolio, the country, or a site's
    peers (the sites of its kind in its country), as ``audience`` may see it."""
    if scope.kind == ScopeKind.PORTFOLIO:
        target = whatworks.PORTFOLIO
    elif scope.kind == ScopeKind.COUNTRY:
        target = whatworks.Scope(scope.key)
    else:
        target = whatworks.Scope(sites[0].country_code, str(sites[0].kind))
    return whatworks_queries.shown(target, audience)


def _kpis(d: dashboard.Dashboard, ids, period: Period) -> list[Kpi]:
    result = []
    for key, label in SUMMARY_KPIS.items():
        if key == "sentiment_index":
            result.append(_sentiment_kpi(d, ids, period, label))
            continue
        k = d.kpi(key)
        unit = d.currency if k.unit == "money" else UNITS.get(k.unit, "")
        by_difference = k.unit in ("score", "percent")
        value, previous = _decimal(k.value), _decimal(k.previous)
        result.append(Kpi(key, label, value, previous, unit, by_difference, k.unit == "score"))
    return result


def _sentiment_kpi(d: dashboard.Dashboard, ids, period: Period, label: str) -> Kpi:
    """The report's one sentiment scale: the index (0–100) of the period's last month that has
    one, against the previous period's last month (the −2…+2 mean is not printed)."""
    book = d.sentiments

    def index_at(month: int):
        index = book.shown_group_index(ids, month, d.audience)
        return None if index is None else round(index, 1)

    value = next((v for v in (index_at(m) for m in reversed(period.months)) if v is not None), None)
    previous = index_at(add_months(period.months[0], -1))
    return Kpi(
        "sentiment_index", label, _decimal(value), _decimal(previous), "", True, sentiment=True
    )


def _investment(d: dashboard.Dashboard, hours: Decimal) -> Investment:
    money = d.money
    return Investment(
        currency=d.currency,
        cash=money.by_input["cash"],
        in_kind=money.by_input["in_kind"],
        staff_time=money.by_input["staff_time"],
        staff_hours=hours,
        management_costs=money.by_input["management"],
        by_cause=[
            Amount(c.value, _msgid(CAUSE_LABELS[c]), money.by_cause[c.value])
            for c in Cause
            if money.by_cause.get(c.value)
        ],
        by_motivation=[
            Amount(m.value, _msgid(MOTIVATION_LABELS[m]), money.by_motivation[m.value])
            for m in Motivation
            if money.by_motivation.get(m.value)
        ],
    )


def _outputs(d: dashboard.Dashboard, ids, period: Period, details: dict[str, int]) -> Outputs:
    return Outputs(
        people_reached=d.kpi("people_reached").value,
        beneficiaries=d.kpi("beneficiaries").value,
        organisations_supported=figures.organisations_supported(ids, period),
        events=d.kpi("events").value,
        trainees=d.kpi("trainees").value,
        trainees_completed=details["trainees_completed"],
    )


def _engagement(
    d: dashboard.Dashboard, ids, period: Period, details: dict[str, int], today: dt.date
) -> Engagement:
    promised = figures.commitments(ids, period, today)
    return Engagement(
        consultations=d.kpi("consultations").value,
        participants=d.kpi("participants").value,
        participants_by_gender=dict(d.participation["consultations"]),
        participants_by_group={k: details[k] for k in ("youth", "indigenous", "vulnerable")},
        commitments_made=promised["made"],
        commitments_kept=promised["kept"],
        commitments_open=promised["open"],
        commitments_overdue=promised["overdue"],
    )


def _voice(d: dashboard.Dashboard, ids, period: Period, categories) -> CommunityVoice:
    book = d.sentiments
    by_month = [
        (month_label(m), _decimal(book.shown_group_index(ids, m, d.audience)))
        for m in period.months
    ]
    now = survey_totals(ids, period.start, period.end)
    before_period = period.previous()
    before = survey_totals(ids, before_period.start, before_period.end)
    surveys = []
    for item, label in SURVEY_ITEMS.items():
        share = now.agree_share(item)
        if share is None:
            continue
        previous = before.agree_share(item)
        previous_withheld = previous is not None and withholds(d.audience, before.answered(item))
        surveys.append(
            SurveyResult(
                _msgid(label),
                now.respondents,
                _decimal(shown(share, now.answered(item), d.audience)),
                None if previous_withheld else _decimal(previous),
                previous_withheld,
            )
        )
    return CommunityVoice(
        sentiment_by_month=by_month,
        feedback_items=d.kpi("feedback").value,
        surveys=surveys,
        top_categories=[CategoryCount(key, name, n) for key, name, n in categories],
    )


def _grievances(d: dashboard.Dashboard, ids, period: Period) -> Grievances:
    resolved = d.flows.feedback["resolved"]
    satisfaction = figures.satisfaction(ids, period)
    shown_satisfaction = shown(satisfaction, sum(satisfaction.values()), d.audience)
    return Grievances(
        received=d.kpi("grievances").value,
        acknowledged_on_time_pct=_decimal(d.kpi("ack_on_time").value),
        resolved=resolved,
        median_days_to_resolve=_decimal(d.kpi("median_days").value),
        p90_days_to_resolve=_decimal(shown(d.flows.p90_days_to_resolve, resolved, d.audience)),
        open=d.kpi("grievances_open").value,
        overdue=d.kpi("grievances_overdue").value,
        satisfaction=shown_satisfaction,
        withheld=d.kpi("ack_on_time").suppressed
        or d.kpi("median_days").suppressed
        or shown_satisfaction is None,
    )


def _site_rows(d: dashboard.Dashboard, sites, period: Period) -> list[SiteRow]:
    """One line per site, from one pass over the rollups for all the sites at once."""
    ids = [s.id for s in sites]
    money = d.flows.money.by_site
    counts = queries.counts_by_site(ids, period.months)
    empty = (dict.fromkeys(ACTIVITY_COUNTS, 0), dict.fromkeys(FEEDBACK_COUNTS, 0))
    rows = []
    for site in sites:
        activity, feedback = counts.get(site.id, empty)
        rows.append(
            SiteRow(
                code=site.code,
                name=site.name,
                country=site.country_code,
                investment=money.get(site.id, Decimal("0.00")),
                people_reached=queries.people_reached(activity),
                consultations=activity["consultations"],
                feedback_items=feedback["feedback"],
                sentiment=_decimal(
                    d.sentiments.latest_shown_index(site.id, period.months, d.audience)
                ),
                grievances_received=feedback["grievances"],
                grievances_open=d.open_items.grievances_open.get(site.id, 0),
            )
        )
    return rows


def _methods(d: dashboard.Dashboard, ids, period: Period, now: dt.datetime) -> MethodsNote:
    used = d.rates.rates_used(figures.currencies_used(ids, period), period.start, period.end)
    return MethodsNote(
        data_cutoff=now,
        exchange_rates=[ExchangeRateUsed(c, rate, since) for c, since, rate in used],
        unconverted=[(m.currency, m.amount) for m in d.money.missing],
    )


def _charts(d: dashboard.Dashboard, categories) -> Charts:
    """The dashboard's pictures of the same numbers (drawn in the report's first language)."""
    top: Markup | str = ""
    if categories:
        top = core_charts.bar_chart(
            [(str(names), n) for _key, names, n in categories], title=_("What people raised most")
        )
    return Charts(
        investment_by_input=dashboard_charts.investment_by_input_chart(d),
        investment_by_cause=dashboard_charts.investment_by_cause_chart(d),
        sentiment_trend=dashboard_charts.sentiment_chart(d),
        grievances=dashboard_charts.grievance_chart(d) if d.grievances else "",
        top_categories=top,
    )
