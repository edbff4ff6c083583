"""Sign-in attempts per account (the password, then the code), counted before the check.

Flask-Limiter's ``deduct_when`` counts an attempt only after its response, so attempts sent
in parallel were all checked before any was counted. Here each attempt takes its place in the
limiter's storage (memory, or Redis shared by every worker) with one atomic increment first;
a right password or code gives its place back, so successful sign-ins do not use the limit up.
"""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many
from wtforms import Field

from outreach.auth.models import User
from outreach.auth.passwords import verify_password
from outreach.extensions import limiter

_NAMESPACE = "sign-in"


def _limits() -> list[RateLimitItem]:
    return parse_many(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])


def account(email: str) -> str:
    """The key of password attempts on the account of this address."""
    return "account:" + email.strip().lower()


def reset_request(email: str) -> str:
    """The key of password reset requests for this address."""
    return "reset:" + email.strip().lower()


def code(user: User) -> str:
    """The key of second-factor codes tried for this user."""
    return f"code:{user.id}"


def count_attempt(key: str) -> None:
    """Count one attempt on ``key`` (an account); 429 when its limit is spent."""
    if not limiter.enabled:
        return
    for item in _limits():
        if not limiter.limiter.hit(item, _NAMESPACE, key):
            abort(429)


def give_back(key: str) -> None:
    """The attempt on ``key`` succeeded: it no longer counts (the limiter's default fixed
    window keeps a counter per window, which the storage moves back by one)."""
    if not limiter.enabled:
        return
    for item in _limits():
        limiter.limiter.storage.incr(item.key_for(_NAMESPACE, key), item.get_expiry(), amount=-1)


def password_confirmed(user: User, field: Field) -> bool:
    """A signed-in user's own password typed again (to change it, or to turn two-step sign-in
    on), counted like a sign-in attempt on their account; else the error next to ``field``."""
    key = account(user.email)
    count_attempt(key)
    if verify_password(user.password_hash, field.data):
        give_back(key)
        return True
    field.errors.append(_("This is not your current password."))
    return False
