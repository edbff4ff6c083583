"""Security headers on every response and the user loader that ends stale sessions."""

from __future__ import annotations

from flask import Flask, abort, request

from outreach.extensions import db, login_manager

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


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
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


@login_manager.user_loader
def load_user(identity: str):
    """Accept a session only for an active user whose session version still matches."""
    from outreach.auth.models import User

    user_id, _, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
