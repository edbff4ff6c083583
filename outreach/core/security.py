"""Security headers on every response; NUL characters refused in any input."""

from __future__ import annotations

from flask import Flask, abort, request

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
