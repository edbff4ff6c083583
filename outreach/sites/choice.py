"""The "which site?" step before a new record, skipped when the user writes at one site only."""

from __future__ import annotations

from collections.abc import Callable

from flask import redirect, render_template
from flask_login import current_user

from outreach.core.permissions import writable_sites
from outreach.sites.models import Site


def site_choice(heading: str, form_url: Callable[[Site], str], last_site_id: int | None = None):
    """Straight to the form at the user's only site, else the list of the sites they write at,
    the one they last logged at first (marked)."""
    sites = writable_sites(current_user)
    if len(sites) == 1:
        return redirect(form_url(sites[0]))
    sites = sorted(sites, key=lambda site: site.id != last_site_id)
    links = [(site, form_url(site)) for site in sites]
    return render_template(
        "sites/choose_site.html", heading=heading, links=links, last_site_id=last_site_id
    )
