"""What each API view checks first: the capability of the caller's role (403), then the record
in their scope (404 outside it, whether it exists or not), as the pages do."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Response, abort
from flask_babel import gettext as _
from flask_login import current_user

from outreach.activities import queries as activity_queries
from outreach.activities.models import Activity
from outreach.api.payloads import is_record_id
from outreach.core.permissions import can
from outreach.core.problems import problem
from outreach.core.rules import NOT_IN_LIST, Errors
from outreach.extensions import db
from outreach.sites.models import Site


def requires(action: str) -> Callable:
    """403 (a problem) for a caller whose role lacks the capability."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator


def activity_or_404(activity_id: int) -> Activity:
    """An activity the caller may see (not removed), or 404."""
    activity = activity_queries.get_visible_activity(current_user, activity_id)
    if activity is None:
        abort(404)
    return activity


def _site_refusal(site: Site | None) -> Response | None:
    """403 or 409 in words when the caller may not record at ``site`` (None: they may, or
    there is no such site, which the body's errors say)."""
    user = current_user
    if site is None:
        return None
    if not can(user, "site.view", site):
        return problem(403, _("You are not assigned to this site (any more)."))
    if site.archived:
        return problem(409, _("This site is archived: nothing more can be recorded there."))
    if not can(user, "record.write", site):
        return problem(403, _("You may not record entries at this site."))
    return None


def recording_site(body: dict, errors: Errors) -> Site | None:
    """The site the body's ``site_id`` names, where the caller may record; None, with the
    field's error, when there is no such site; a 403 or 409 problem (raised) when they may
    not record there."""
    site_id = body.get("site_id")
    site = db.session.get(Site, site_id) if is_record_id(site_id) else None
    if site is None:
        errors.add("site_id", NOT_IN_LIST)
    refused = _site_refusal(site)
    if refused is not None:
        abort(refused)
    return site
