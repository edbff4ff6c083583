"""Signed-in sessions, kept on the server: one row per sign-in (SignInSession), and in the
browser's session cookie only a random token that names it.

On every request the row must still be open, within the idle and absolute timeouts, and of
the user's current session version, so a copied cookie stops working with sign-out, the
timeouts, *sign out everywhere*, a password change, a deactivation and a role change.
"Keep me signed in" only makes the cookie outlive closing the browser, under the same rules;
Flask-Login's own remember cookie is never set, and one a browser still sends is expired.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Flask,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SessionMixin
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from outreach.auth.models import SignInSession, User
from outreach.core.db import utcnow
from outreach.core.problems import wants_problem
from outreach.extensions import db, login_manager

#: session keys
TOKEN = "sign_in"  # noqa: S105 - a session key, not a secret
MFA_DONE = "mfa"
#: when the second factor was last given in this session (epoch seconds)
MFA_AT = "mfa_at"
NEXT = "after_mfa"
#: a request refreshes the row's last_seen_at when it is older than this (few writes)
SEEN_EVERY = timedelta(seconds=30)

#: pages a signed-in user may open before the second factor is done
_BEFORE_MFA = {"static", "auth.logout", "auth.two_factor", "auth.two_factor_setup", "ops.healthz"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    user: User,
    keep_signed_in: bool = False,
    target: str | None = None,
    store: SessionMixin | None = None,
) -> None:
    """A new sign-in for a user whose password was right: a new row, a new token in a cleared
    session cookie (``store``, the request's session unless given; the test client passes its
    own). The interface language is kept."""
    store = session if store is None else store
    lang = store.get("lang")
    store.clear()
    if lang:
        store["lang"] = lang
    token = secrets.token_urlsafe(32)
    now = utcnow()
    here = has_request_context()
    db.session.add(
        SignInSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            keep_signed_in=keep_signed_in,
            session_version=user.session_version,
            ip=request.remote_addr if here else None,
            user_agent=request.user_agent.string[:255] or None if here else None,
        )
    )
    db.session.flush()
    store[TOKEN] = token
    store["_user_id"] = user.get_id()  # what Flask-Login reads to call the user loader
    store["_fresh"] = True
    store.permanent = keep_signed_in  # the cookie lives SESSION_ABSOLUTE_TIMEOUT (see config)
    if target:
        store[NEXT] = target
    if not (user.two_factor_enabled or user.two_factor_required):
        store[MFA_DONE] = True


def restart(user: User) -> None:
    """A new token for the signed-in user of this request (after a password change, which
    ended every other sign-in); the second factor stays done."""
    current = g.get("sign_in")
    end()
    start(user, keep_signed_in=bool(current and current.keep_signed_in))
    session[MFA_DONE] = True


def end() -> None:
    """Sign this browser out: its row is closed and its session cookie emptied."""
    current = g.pop("sign_in", None)
    if current is not None and current.ended_at is None:
        current.ended_at = utcnow()
        db.session.flush()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def mark_mfa_done() -> str | None:
    """The second factor is done; the page the user was going to, if any."""
    session[MFA_DONE] = True
    session[MFA_AT] = int(time.time())
    return session.pop(NEXT, None)


def second_factor_within(seconds: int) -> bool:
    """Was a second factor given in this session within the last ``seconds``?"""
    at = session.get(MFA_AT)
    return isinstance(at, int) and 0 <= time.time() - at <= seconds


def _seconds(name: str) -> float:
    """A timeout from the configuration: a timedelta, or seconds (OUTREACH_<NAME>=1800)."""
    value = current_app.config[name]
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def _timed_out(sign_in: SignInSession, now) -> bool:
    idle = (now - sign_in.last_seen_at).total_seconds() > _seconds("SESSION_IDLE_TIMEOUT")
    age = (now - sign_in.created_at).total_seconds()
    return idle or age > _seconds("SESSION_ABSOLUTE_TIMEOUT")


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """The user of this request's sign-in row, when the row still allows it (one query for the
    row and its user together)."""
    token = session.get(TOKEN)
    if not isinstance(token, str) or not token:
        return None
    found = db.session.execute(
        sa.select(SignInSession, User)
        .join(User, User.id == SignInSession.user_id)
        .where(SignInSession.token_hash == _hash(token))
    ).first()
    if found is None:
        return None
    sign_in, user = found
    if (
        sign_in.ended_at is not None
        or identity.partition(":")[0] != str(user.id)
        or not user.active
        or sign_in.session_version != user.session_version
    ):
        return None
    if _timed_out(sign_in, utcnow()):
        g.sign_in_timed_out = True
        return None
    g.sign_in = sign_in
    return user


def _touch(sign_in: SignInSession) -> None:
    """Move the idle clock on, at most every SEEN_EVERY so most requests write nothing; the
    request's unit of work commits it."""
    now = utcnow()
    if now - sign_in.last_seen_at >= SEEN_EVERY:
        sign_in.last_seen_at = now


def init_app(app: Flask) -> None:
    # a kept sign-in's cookie lasts as long as the sign-in may
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    # the server decides when a sign-in ends; the cookie is not re-sent on every response
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    # the sign-in row is checked on every request; Flask-Login's IP/browser check adds nothing
    login_manager.session_protection = None

    @app.before_request
    def enforce_session_rules():
        if request.endpoint == "static":
            return None
        # the JSON API answers a timed-out session or a missing second factor with 401 itself
        api = wants_problem()
        if not current_user.is_authenticated:
            if not api and g.pop("sign_in_timed_out", False):
                end()
                flash(
                    _("You were signed out after a while without activity. Sign in again."),
                    "info",
                )
                target = request.full_path.rstrip("?") if request.method == "GET" else None
                return redirect(url_for("auth.login", next=target))
            return None
        _touch(g.sign_in)
        if api or session.get(MFA_DONE) or request.endpoint in _BEFORE_MFA:
            return None
        if current_user.two_factor_enabled:
            return redirect(url_for("auth.two_factor"))
        if current_user.two_factor_required:
            return redirect(url_for("auth.two_factor_setup"))
        session[MFA_DONE] = True
        return None

    @app.after_request
    def expire_remember_cookie(response):
        name = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        if name in request.cookies:
            response.delete_cookie(name)
        return response
