"""Two-factor changes: enrolment, removal, admin reset, checking codes. Each is audited."""

from __future__ import annotations

from outreach.auth import twofactor
from outreach.auth.models import User
from outreach.core import audit
from outreach.core.db import utcnow
from outreach.extensions import db


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor on when ``code`` proves the app holds ``secret``; the recovery codes
    (shown once, stored hashed), or None when the code is wrong."""
    step = twofactor.matching_step(secret, code, None)
    if step is None:
        audit.record("two_factor_failed", "user", user.id, summary="enrolment", user=user)
        return None
    codes = twofactor.new_recovery_codes()
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    user.recovery_codes = [twofactor.hash_recovery_code(c) for c in codes]
    db.session.flush()
    audit.record("two_factor_enabled", "user", user.id, summary=user.email, user=user)
    return codes


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = None


def disable(user: User) -> None:
    """The user turns their own second factor off (only when their role allows it)."""
    _clear(user)
    db.session.flush()
    audit.record("two_factor_disabled", "user", user.id, summary=user.email, user=user)


def reset(user: User, actor: User) -> None:
    """An admin removes a user's second factor (a lost phone); their sessions end, and a role
    that requires it enrols again at the next sign-in."""
    _clear(user)
    user.session_version += 1
    db.session.flush()
    audit.record("two_factor_reset", "user", user.id, summary=user.email, user=actor)


def check(user: User, code: str) -> bool:
    """Accept a current code from the app (once) or an unused recovery code (then spent)."""
    step = twofactor.matching_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        db.session.flush()
        return True
    hashed = twofactor.hash_recovery_code(code)
    remaining = list(user.recovery_codes or [])
    if twofactor.clean_code(code) and hashed in remaining:
        remaining.remove(hashed)
        user.recovery_codes = remaining
        db.session.flush()
        audit.record(
            "recovery_code_used",
            "user",
            user.id,
            summary=f"{len(remaining)} recovery codes left",
            user=user,
        )
        return True
    audit.record("two_factor_failed", "user", user.id, summary="sign-in", user=user)
    return False
