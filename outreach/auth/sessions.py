"""What a signed-in session must satisfy on every request: the second factor done (or not
needed), and neither the idle nor the absolute timeout passed."""

from __future__ import annotations

import secrets
import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

#: session keys
MFA_DONE = "mfa"
STARTED = "t0"
SEEN = "seen"
NEXT = "after_mfa"

#: pages a signed-in user may open before the second factor is done
_BEFORE_MFA = {"static", "auth.logout", "auth.two_factor", "auth.two_factor_setup", "ops.healthz"}


def start(user, target: str | None) -> None:
    """A fresh session for a user whose password was right: new id, clocks started."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["sid"] = secrets.token_urlsafe(16)
    session[STARTED] = session[SEEN] = int(time.time())
    if target:
        session[NEXT] = target
    if not (user.two_factor_enabled or user.two_factor_required):
        session[MFA_DONE] = True


def mark_mfa_done() -> str | None:
    """The second factor is done; the page the user was going to, if any."""
    session[MFA_DONE] = True
    return session.pop(NEXT, None)


def _seconds(name: str) -> float:
    """A timeout from the configuration: a timedelta, or seconds (OUTREACH_<NAME>=1800)."""
    value = current_app.config[name]
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def _expired(now: int) -> bool:
    started = session.setdefault(STARTED, now)
    seen = session.get(SEEN, now)
    idle, absolute = _seconds("SESSION_IDLE_TIMEOUT"), _seconds("SESSION_ABSOLUTE_TIMEOUT")
    return now - seen > idle or now - started > absolute


def init_app(app: Flask) -> None:
    @app.before_request
    def enforce_session_rules():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = int(time.time())
        if _expired(now):
            logout_user()
            session.clear()
            flash(_("You were signed out after a while without activity. Sign in again."), "info")
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=target))
        if now - session.get(SEEN, 0) >= 30:  # keep the cookie stable within half a minute
            session[SEEN] = now
        if session.get(MFA_DONE) or request.endpoint in _BEFORE_MFA:
            return None
        if current_user.two_factor_enabled:
            return redirect(url_for("auth.two_factor"))
        if current_user.two_factor_required:
            return redirect(url_for("auth.two_factor_setup"))
        session[MFA_DONE] = True
        return None
