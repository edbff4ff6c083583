"""Security headers on every response; NUL characters refused in any input.

Nothing the app answers is kept by a browser or a proxy (``Cache-Control: no-store``): pages,
exports and files of signed-in users carry personal data, and the public pages carry a
complainant's case or a form's token. Static files keep their own caching (fingerprinted ones
for a year, ``outreach/core/assets.py``), and a view that answers the same thing to everyone
may opt in with ``@cacheable``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def cacheable(view: Callable) -> Callable:
    """Let the browser keep this view's answer as the view says: it holds no personal data."""
    view.cacheable = True
    return view


def _may_be_kept() -> bool:
    if request.endpoint == "static":
        return True
    return getattr(current_app.view_functions.get(request.endpoint), "cacheable", False)


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        # No text in this app holds a NUL; PostgreSQL would refuse to store one (a 500).
        for values in (request.args, request.form):
            if any("\x00" in v for vs in values.listvalues() for v in vs):
                abort(400)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not _may_be_kept():
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
