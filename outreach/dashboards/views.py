"""Dashboard pages: the portfolio, one site, and the partners' country view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.core.disclosure import audience_of
from outreach.core.maps import Marker, map_links, outline_svg, region_map, sentiment_color
from outreach.core.periods import PeriodError, last_twelve_months, parse_period
from outreach.core.permissions import (
    can,
    get_site_or_404,
    in_scope,
    requires,
    scope_site_ids,
)
from outreach.core.security import cacheable
from outreach.core.urls import int_arg
from outreach.dashboards import charts
from outreach.dashboards.blueprint import bp
from outreach.dashboards.dashboard import build
from outreach.extensions import db
from outreach.sites.models import Country, Site


def today() -> dt.date:
    return dt.date.today()


def kpi_labels() -> dict[str, str]:
    return {
        "investment": _("Community investment"),
        "cash": _("Cash"),
        "in_kind": _("In kind"),
        "staff_time": _("Staff time"),
        "management": _("Management costs"),
        "people_reached": _("People reached"),
        "beneficiaries": _("Beneficiaries"),
        "events": _("Events"),
        "attendance": _("Attendance"),
        "consultations": _("Consultations"),
        "participants": _("Participants"),
        "women_share": _("Share of women"),
        "trainees": _("Trainees"),
        "feedback": _("Feedback received"),
        "mean_sentiment": _("Mean sentiment (−2 … +2)"),
        "grievances": _("Grievances received"),
        "ack_on_time": _("Acknowledged on time"),
        "median_days": _("Median days to resolve"),
        "grievances_open": _("Grievances open now"),
        "grievances_overdue": _("Grievances overdue now"),
        "commitments_open": _("Commitments open now"),
        "commitments_overdue": _("Commitments overdue now"),
    }


def _period():
    try:
        return parse_period(request.args, today()), None
    except PeriodError as error:
        return last_twelve_months(today()), str(error)


def _scope(country: str, site_id: int | None):
    """The site ids the page covers: the user's scope, narrowed by the filters."""
    if scope_site_ids(current_user) is None and not country and not site_id:
        return None
    stmt = sa.select(Site.id).where(in_scope(current_user, Site.id))
    if country:
        stmt = stmt.where(Site.country_code == country)
    if site_id:
        stmt = stmt.where(Site.id == site_id)
    return list(db.session.scalars(stmt))


def _filters():
    country = request.args.get("country", "")[:2].upper()
    return country, int_arg(request.args.get("site"))


def _choices():
    sites = list(
        db.session.execute(
            sa.select(Site.id, Site.code, Site.name, Site.country_code)
            .where(in_scope(current_user, Site.id))
            .order_by(Site.code)
        )
    )
    codes = sorted({s.country_code for s in sites})
    countries = list(db.session.scalars(sa.select(Country).where(Country.code.in_(codes))))
    return countries, sites


def site_links(period):
    """``site_url(site_id)``: a site's dashboard over the same period. The address is built
    once and the site's id put in its place, not once per link (hundreds on the portfolio)."""
    query = urlencode(period.query_args())
    # /dashboard/sites/<id> with the id as its last path segment
    base = url_for("dashboards.site", site_id=0).rsplit("/", 1)[0]

    def site_url(site_id: int) -> str:
        return f"{base}/{int(site_id)}?{query}"

    return site_url


def _render(template: str, dashboard, **context):
    return render_template(
        template,
        d=dashboard,
        charts=charts,
        labels=kpi_labels(),
        input_labels=charts.input_labels(),
        site_url=site_links(dashboard.period),
        **context,
    )


@bp.route("/dashboard")
@login_required
def home():
    """Where everyone lands: partners on their country view, staff on the portfolio."""
    if can(current_user, "dashboard.partner"):
        return redirect(url_for("dashboards.partner"))
    return portfolio()


@bp.route("/dashboard/portfolio")
@requires("dashboard.view")
def portfolio():
    """The portfolio: every site in the user's scope, filtered by country, site and period."""
    period, period_error = _period()
    country, site_id = _filters()
    site_ids = _scope(country, site_id)
    dashboard = build(site_ids, period, today(), audience=audience_of(current_user))
    site_url = site_links(period)
    markers = [
        Marker(
            s.site.latitude,
            s.site.longitude,
            f"{s.site.code} · {s.site.name} · "
            + (_("index %(v)s", v=s.index) if s.index is not None else _("no index")),
            site_url(s.site.id),
            sentiment_color(s.index),
        )
        for s in dashboard.standings
        if s.site.latitude is not None and s.site.longitude is not None
    ]
    countries, sites = _choices()
    return _render(
        "dashboards/portfolio.html",
        dashboard,
        period_error=period_error,
        country=country,
        site_id=site_id,
        countries=countries,
        sites=sites,
        region_map=region_map(
            markers,
            title=_("Sites by sentiment index"),
            outline_url=url_for("dashboards.map_outlines"),
        ),
        map_links=map_links(markers, title=_("Sites by sentiment index")),
    )


@bp.route("/dashboard/map.svg")
@cacheable
@login_required
def map_outlines():
    """The region map's country outlines, the same for everyone: kept by the browser for a
    day rather than sent inside every portfolio page."""
    response = current_app.response_class(outline_svg(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.route("/dashboard/sites/<int:site_id>")
@requires("dashboard.view")
def site(site_id: int):
    """One site: the same figures and charts, with sentiment beside spending."""
    site = get_site_or_404(site_id)
    period, period_error = _period()
    dashboard = build(
        [site.id], period, today(), audience=audience_of(current_user), site_id=site.id
    )
    return _render("dashboards/site.html", dashboard, site=site, period_error=period_error)


@bp.route("/dashboard/partner")
@requires("dashboard.partner")
def partner():
    """A partner's own countries in aggregate: no personal data, no feedback text, and no
    figure built from fewer than five feedback items."""
    period, period_error = _period()
    codes = [c.code for c in current_user.countries]
    country = request.args.get("country", "")[:2].upper()
    if country and country not in codes:
        abort(404)
    wanted = [country] if country else codes
    site_ids = list(db.session.scalars(sa.select(Site.id).where(Site.country_code.in_(wanted))))
    dashboard = build(site_ids, period, today(), audience=audience_of(current_user), partner=True)
    return _render(
        "dashboards/partner.html",
        dashboard,
        period_error=period_error,
        country=country,
        countries=current_user.countries,
    )
