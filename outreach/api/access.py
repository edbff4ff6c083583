"""Who is calling: a personal access token (``Authorization: Bearer …``), or, on the offline
client's endpoints only, the session cookie with its CSRF token in ``X-CSRFToken``; and how
often they may call (per token, 429 with ``Retry-After``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, current_app, g, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf

from outreach.api.blueprint import bp
from outreach.auth import sessions, tokens
from outreach.core.problems import problem
from outreach.extensions import client_ip, limiter

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def session_allowed(view: Callable) -> Callable:
    """This endpoint also accepts the signed-in browser session (the offline client)."""
    view.accepts_session = True
    return view


def public(view: Callable) -> Callable:
    """This endpoint needs no caller at all (the API's own description)."""
    view.public = True
    return view


def _bearer() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def rate_key() -> str:
    """Calls are counted per token (its hash), else per signed-in session user, else per
    address."""
    secret = _bearer()
    if secret:
        return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]
    user_id = session.get("_user_id")
    return f"user:{user_id}" if user_id else f"ip:{client_ip()}"


def _unauthorised(detail: str):
    return problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="outreach"'})


def _by_token(secret: str):
    token = tokens.find_token(secret)
    if token is None:
        return _unauthorised(_("This token is not valid: it may have expired or been revoked."))
    g._login_user = token.user  # the request acts as the token's owner, without a session
    g.api_token = token
    if request.method not in SAFE_METHODS and not token.can_write:
        return problem(403, _("This token may only read."))
    return None


def _by_session():
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "accepts_session", False):
        return _unauthorised(_("Send a personal access token: Authorization: Bearer <token>."))
    if g.pop("sign_in_timed_out", False):
        sessions.end()
    if not current_user.is_authenticated or not session.get(sessions.MFA_DONE):
        return _unauthorised(_("Your session has ended. Sign in again."))
    if request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError:
            return problem(400, _("The CSRF token is missing or out of date. Reload the page."))
    return None


@bp.before_request
def authenticate():
    if getattr(current_app.view_functions.get(request.endpoint), "public", False):
        return None
    secret = _bearer()
    if secret is not None:
        if not secret:
            return _unauthorised(_("Send a personal access token: Authorization: Bearer <token>."))
        return _by_token(secret)
    return _by_session()


def init_app(app: Flask) -> None:
    limiter.limit(
        lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key, per_method=False
    )(bp)
