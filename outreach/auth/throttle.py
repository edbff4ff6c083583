"""Sign-in attempts per account (the password, then the code), counted before the check.

Flask-Limiter's ``deduct_when`` counts an attempt only after its response, so attempts sent
in parallel were all checked before any was counted. Here each attempt takes its place in the
limiter's storage (memory, or Redis shared by every worker) with one atomic increment first;
a right password or code gives its place back, so signing in never locks anyone out.
"""

from __future__ import annotations

from flask import abort, current_app
from limits import RateLimitItem, parse_many

from outreach.extensions import limiter

_NAMESPACE = "sign-in"


def _limits() -> list[RateLimitItem]:
    return parse_many(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])


def account(email: str) -> str:
    """The key of password attempts on the account of this address."""
    return "account:" + email.strip().lower()


def code(user) -> str:
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
