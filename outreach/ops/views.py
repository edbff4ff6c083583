"""``/healthz``: answers 200 when this app server can reach its database, 503 otherwise.

Open to anyone (a load balancer does not sign in), so it says nothing but "ok" or
"unavailable": no version, no host names, no error text.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import jsonify

from outreach.extensions import db
from outreach.ops.blueprint import bp

log = logging.getLogger(__name__)


@bp.route("/healthz")
def healthz():
    """The database answers a trivial query."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    except Exception:  # any failure means "not ready"; the reason goes to the server log only
        log.exception("health check: the database did not answer")
        db.session.rollback()
        response = jsonify(status="unavailable")
        response.status_code = 503
    else:
        response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
