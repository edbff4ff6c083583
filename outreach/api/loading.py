"""What each API view checks first: the capability of the caller's role (403), then the record
in their scope (404 outside it, whether it exists or not), as the pages do."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from outreach.activities import queries as activity_queries
from outreach.activities.models import Activity
from outreach.core.permissions import can


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
