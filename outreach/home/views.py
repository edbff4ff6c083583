"""The page everyone lands on after signing in: field officers get their own start page."""

from __future__ import annotations

import datetime as dt

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from outreach.activities.queries import entries_waiting_on_author
from outreach.core.permissions import can, writable_sites
from outreach.feedback.queries import assigned_grievances, days_left
from outreach.home.blueprint import bp


@bp.route("/")
@login_required
def index():
    """Home: field officers see what to log and what waits on them; others the dashboard."""
    if not can(current_user, "start.logging"):
        return redirect(url_for("dashboards.home"))
    sites = writable_sites(current_user)
    only_site = sites[0] if len(sites) == 1 else None
    return render_template(
        "home/index.html",
        site=only_site,
        has_sites=bool(sites),
        entries=entries_waiting_on_author(current_user),
        grievances=assigned_grievances(current_user),
        days_left=lambda f: days_left(f, dt.date.today()),
    )
