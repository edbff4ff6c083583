"""Error pages in the site's layout, and the conflict page of an edit that lost a race: two
people saved the same versioned record at once (``StaleDataError`` from its version column),
on any route, and the later one is told so instead of getting a server error."""

from __future__ import annotations

import logging
import math
import time
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from outreach.core import audit
from outreach.core.problems import problem, wants_problem
from outreach.core.uploads import megabytes
from outreach.core.urls import is_local_path
from outreach.extensions import db, limiter

log = logging.getLogger(__name__)

#: refusals kept in the audit log (with the user, the IP and the time in UTC)
SECURITY_EVENTS = {403: "forbidden", 429: "throttled"}


def _record_refusal(action: str) -> None:
    """Log a refused request; whatever the view had started is dropped first."""
    db.session.rollback()
    try:
        audit.record(action, "request", summary=f"{request.method} {request.path}"[:300])
        db.session.commit()
    except Exception:  # the refusal must still be answered if the database is down
        log.exception("could not record %s", action)
        db.session.rollback()


def came_from() -> str | None:
    """The page of this site the user came from (the form of a refused upload), else None."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return path if is_local_path(path) else None


def _too_large():
    """The answer to a request over MAX_CONTENT_LENGTH: the limit, and the way back to the form."""
    limit = megabytes(int(current_app.config["MAX_CONTENT_LENGTH"]))
    return render_template("errors/error.html", code=413, limit=limit, back=came_from()), 413


def _retry_after() -> dict[str, str]:
    """``Retry-After`` for a refused call of the API: seconds until its limit's window ends."""
    current = limiter.current_limit
    if current is None:
        return {"Retry-After": "60"}
    return {"Retry-After": str(max(1, math.ceil(current.reset_at - time.time())))}


def _api_error(code: int):
    """The JSON API's answer to an error: a problem, never a page."""
    return problem(code, headers=_retry_after() if code == 429 else None)


def _conflict():
    """409: someone else saved the record first; nothing of this request is kept, and the
    page the user came from shows the record as it now is."""
    db.session.rollback()
    log.info("conflicting change refused: %s %s", request.method, request.path)
    if wants_problem():
        return problem(409, _("Someone else changed this record first. Read it again."))
    page = render_template("errors/error.html", code=409, reason="conflict", back=came_from())
    return page, 409


def register(app: Flask) -> None:
    app.register_error_handler(StaleDataError, lambda _error: _conflict())

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        if code == 413 and wants_problem():
            return _api_error(413)
        if code == 413:
            return _too_large()
        if code >= 500:
            db.session.rollback()
        elif code in SECURITY_EVENTS:
            _record_refusal(SECURITY_EVENTS[code])
        if wants_problem():
            return _api_error(code)
        return render_template("errors/error.html", code=code, reason=None), code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error")
        db.session.rollback()
        if wants_problem():
            return _api_error(500)
        return render_template("errors/error.html", code=500, reason=None), 500
