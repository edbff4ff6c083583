"""Personal access tokens for the JSON API: named, shown once, stored hashed, read or
read-write, expiring within a year, revocable; their last use is recorded and every creation
and revocation audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.auth.models import User
from outreach.core import audit
from outreach.core.db import UTCDateTime, utcnow
from outreach.core.rules import Errors, refuse
from outreach.extensions import db

#: every token starts so, which secret scanners and people recognise
PREFIX = "otk_"
#: the longest a token may live
MAX_LIFETIME = dt.timedelta(days=366)
#: the last use is written at most this often (most requests write nothing)
USE_EVERY = dt.timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessToken(db.Model):
    """One personal access token; the secret itself is never stored."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose token it is: it acts as them, within their role and scope
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: what the owner called it (e.g. "Power BI")
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: SHA-256 of the secret
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    #: the secret's first characters, shown in lists so the owner can tell tokens apart
    hint: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    #: may write (POST); otherwise read only
    can_write: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: when it was made (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when it stops working (UTC), at most a year after it was made
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: when it was last used (UTC)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: when it was revoked (UTC)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", lazy="joined")

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or utcnow()
        return self.revoked_at is None and self.expires_at > now and self.user.active


def check_token(name: str, expires_on, today: dt.date | None = None) -> dict[str, list[str]]:
    """What is wrong with a new token: it needs a name and an expiry within a year."""
    errors = Errors()
    today = today or dt.date.today()
    if not (name or "").strip():
        errors.add("name", _l("Name the token after what will use it."))
    if not isinstance(expires_on, dt.date):
        errors.add("expires_on", _l("Choose when the token stops working."))
    elif expires_on <= today:
        errors.add("expires_on", _l("Choose a day after today."))
    elif expires_on > today + dt.timedelta(days=365):
        errors.add("expires_on", _l("At most a year from today."))
    return dict(errors)


def create_token(
    user: User, name: str, can_write: bool, expires_on: dt.date, actor: User
) -> tuple[AccessToken, str]:
    """A new token for ``user``; the secret is returned once and never again. RuleError
    (nothing written) without a name or with an expiry not within a year."""
    refuse(check_token(name, expires_on))
    secret = PREFIX + secrets.token_urlsafe(32)
    expires_at = dt.datetime.combine(expires_on, dt.time(), tzinfo=dt.UTC)
    token = AccessToken(
        user_id=user.id,
        name=name.strip(),
        token_hash=_hash(secret),
        hint=secret[: len(PREFIX) + 4],
        can_write=can_write,
        created_at=utcnow(),
        expires_at=min(expires_at, utcnow() + MAX_LIFETIME),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "create",
        "access_token",
        token.id,
        summary=f"{user.email} · {token.name} · {'read-write' if can_write else 'read'}",
        changes={"expires_at": [None, token.expires_at.isoformat()]},
        user=actor,
    )
    return token, secret


def revoke_token(token: AccessToken, actor: User) -> None:
    """Stop a token from working (kept in the list, marked revoked)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record(
        "revoke",
        "access_token",
        token.id,
        summary=f"{token.user.email} · {token.name}",
        user=actor,
    )


def find_token(secret: str) -> AccessToken | None:
    """The usable token with this secret, its last use noted; None for anything else."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(sa.select(AccessToken).where(AccessToken.token_hash == _hash(secret)))
    now = utcnow()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_EVERY:
        token.last_used_at = now
    return token


def tokens_of(user: User) -> list[AccessToken]:
    return list(
        db.session.scalars(
            sa.select(AccessToken)
            .where(AccessToken.user_id == user.id)
            .order_by(AccessToken.created_at.desc())
        )
    )


def all_tokens() -> list[AccessToken]:
    """Every token, newest first (for the admins)."""
    return list(db.session.scalars(sa.select(AccessToken).order_by(AccessToken.created_at.desc())))
