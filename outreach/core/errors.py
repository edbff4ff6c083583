"""Error pages in the site's layout, and a conflict page for stale edits."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from outreach.extensions import db

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        if code >= 500:
            db.session.rollback()
        return render_template("errors/error.html", code=code, reason=None), code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error")
        db.session.rollback()
        return render_template("errors/error.html", code=500, reason=None), 500
