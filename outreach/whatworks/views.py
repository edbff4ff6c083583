"""The What works page: the stored estimate of the portfolio, one country or one site's peers.
It only reads what ``flask --app app what-works compute`` (or a job) stored."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user

from outreach.core.disclosure import Audience, audience_of
from outreach.core.permissions import can, get_site_or_404, in_scope, requires
from outreach.core.templating import country_label
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.sites.models import Country, Site
from outreach.whatworks import queries
from outreach.whatworks.blueprint import bp
from outreach.whatworks.compute import PORTFOLIO, Scope
from outreach.whatworks.models import WhatWorksResult


def _countries() -> list[Country]:
    """The countries with a site in the user's scope whose estimates the user may see."""
    codes = sa.select(Site.country_code).where(in_scope(current_user, Site.id))
    countries = db.session.scalars(
        sa.select(Country).where(Country.code.in_(codes)).order_by(Country.name)
    )
    return [c for c in countries if can(current_user, "whatworks.view", c)]


def _peer_sites() -> list:
    """(id, code, name) of the sites whose peers the user may look at."""
    if not can(current_user, "whatworks.peers"):
        return []
    return db.session.execute(
        sa.select(Site.id, Site.code, Site.name)
        .where(in_scope(current_user, Site.id))
        .order_by(Site.code)
    ).all()


def _selected(countries: list[Country]) -> tuple[Scope, Site | None]:
    """The scope asked for in the query string: a site's peers (404 for a site outside the
    user's scope), or a country; a country filter outside the scope is ignored, as a filter
    that cannot be one."""
    site_id = int_arg(request.args.get("site"))
    if site_id is not None:
        site = get_site_or_404(site_id)
        if not can(current_user, "whatworks.peers", site):
            abort(404)
        return Scope(site.country_code, str(site.kind)), site
    code = request.args.get("country", "")[:2].upper()
    if code in {c.code for c in countries}:
        return Scope(code), None
    # the whole portfolio only for a scope of every country; otherwise the first country
    if can(current_user, "whatworks.view", WhatWorksResult(country_code=None)):
        return PORTFOLIO, None
    if not countries:
        abort(404)
    return Scope(countries[0].code), None


@bp.route("/dashboard/what-works")
@requires("whatworks.view")
def page():
    """Which outreach comes before a change in the indices, with 90 % intervals."""
    countries = _countries()
    scope, site = _selected(countries)
    audience = audience_of(current_user)
    return render_template(
        "whatworks/page.html",
        scope=scope,
        site=site,
        countries=countries,
        peer_sites=_peer_sites(),
        portfolio_allowed=can(current_user, "whatworks.view", WhatWorksResult(country_code=None)),
        country_names={c.code: country_label(c) for c in countries},
        results=queries.shown(scope, audience),
        partner=audience is not Audience.STAFF,
        reading=queries.reading,
    )
