"""Account changes: creating users, passwords, roles and scopes, deactivation."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from outreach.auth.models import SCOPE_OF_ROLE, Role, Scope, User
from outreach.auth.passwords import hash_password, needs_rehash, unmatched_hash, verify_password
from outreach.core import audit
from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.sites.models import Country, Site

AUDITED = ["email", "name", "role", "active", "language", "sites", "countries"]


@dataclass
class UserData:
    email: str
    name: str
    role: Role
    language: str | None = None
    site_ids: list[int] = field(default_factory=list)
    country_codes: list[str] = field(default_factory=list)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; records the attempt."""
    user = find_user_by_email(email)
    # the password is checked whether the account exists or not (see unmatched_hash)
    password_hash = user.password_hash if user is not None else unmatched_hash()
    if not verify_password(password_hash, password) or user is None or not user.active:
        # What was typed is kept only when it is an account's address: it may be a password.
        audit.record(
            "sign_in_failed",
            "user",
            user.id if user else None,
            summary=user.email if user else "",
        )
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record("sign_in", "user", user.id, summary=user.email, user=user)
    return user


def _apply(user: User, data: UserData) -> None:
    user.email = data.email.strip().lower()
    user.name = data.name.strip()
    user.role = data.role
    user.language = data.language or None
    # Scope follows the role: sites for field officers, countries for managers and partners.
    scope = SCOPE_OF_ROLE[data.role]
    site_ids = data.site_ids if scope == Scope.SITES else []
    codes = data.country_codes if scope == Scope.COUNTRIES else []
    user.sites = list(db.session.scalars(sa.select(Site).where(Site.id.in_(site_ids))))
    user.countries = list(db.session.scalars(sa.select(Country).where(Country.code.in_(codes))))


def create_user(data: UserData, password: str, actor: User | None = None) -> User:
    """Create an account with the given role and scope."""
    user = User(password_hash=hash_password(password), active=True, session_version=1)
    _apply(user, data)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "create",
        "user",
        user.id,
        summary=user.email,
        changes=audit.diff({}, audit.snapshot(user, AUDITED)),
        user=actor,
    )
    return user


def update_user(user: User, data: UserData, actor: User) -> None:
    """Change a user's details, role and scope; a role change signs them out everywhere."""
    before = audit.snapshot(user, AUDITED)
    _apply(user, data)
    after = audit.snapshot(user, AUDITED)
    if before["role"] != after["role"] or before["email"] != after["email"]:
        user.session_version += 1
    db.session.flush()
    audit.record(
        "update", "user", user.id, summary=user.email, changes=audit.diff(before, after), user=actor
    )


def set_password(user: User, password: str, actor: User | None) -> None:
    """Set a new password and end every session the user has open."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()
    action = "change_password" if actor is not None and actor.id == user.id else "reset_password"
    audit.record(action, "user", user.id, summary=user.email, user=actor)


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivate (signing the user out everywhere) or reactivate an account."""
    if user.active == active:
        return
    user.active = active
    user.session_version += 1
    db.session.flush()
    audit.record(
        "activate" if active else "deactivate",
        "user",
        user.id,
        summary=user.email,
        changes={"active": [not active, active]},
        user=actor,
    )


def set_language(user: User, language: str | None) -> None:
    """Remember the interface language the user prefers."""
    before = user.language
    user.language = language or None
    if before != user.language:
        db.session.flush()
        audit.record(
            "update",
            "user",
            user.id,
            summary=user.email,
            changes={"language": [before, user.language]},
            user=user,
        )


def sign_out_everywhere(user: User, actor: User) -> None:
    """End every session the user has open, on every device."""
    user.session_version += 1
    db.session.flush()
    audit.record("sign_out_everywhere", "user", user.id, summary=user.email, user=actor)
