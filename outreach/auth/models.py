"""Accounts: users, their role and the sites or countries they work on."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core import labels
from outreach.core.db import TimestampMixin, UTCDateTime, enum_column
from outreach.extensions import db


class Role(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    FIELD = "field"
    PARTNER = "partner"


ROLE_LABELS = labels.register(
    Role,
    {
        Role.ADMIN: _l("Administrator"),
        Role.MANAGER: _l("Manager"),
        Role.FIELD: _l("Field officer"),
        Role.PARTNER: _l("Host-country partner"),
    },
)


class Scope(enum.StrEnum):
    """What an account's scope is made of: which of its site and country lists it fills."""

    ALL = "all"
    COUNTRIES = "countries"
    SITES = "sites"


#: each role's scope: everything, the sites of its countries, or its assigned sites
SCOPE_OF_ROLE = {
    Role.ADMIN: Scope.ALL,
    Role.MANAGER: Scope.COUNTRIES,
    Role.PARTNER: Scope.COUNTRIES,
    Role.FIELD: Scope.SITES,
}

user_sites = sa.Table(
    "user_sites",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)

user_countries = sa.Table(
    "user_countries",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "country_code", sa.ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True
    ),
)


class User(TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sign-in name, stored lower-case
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, nullable=False)
    #: the person's name as shown to colleagues
    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    #: argon2 hash of the password
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    #: what the person may do (admin, manager, field, partner)
    role: Mapped[Role] = mapped_column(enum_column(Role), nullable=False)
    #: a deactivated account can no longer sign in and its sessions end
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    #: preferred interface language (a code such as "en"); empty means the browser's
    language: Mapped[str | None] = mapped_column(sa.String(10))
    #: bumped on password change or deactivation to sign the user out everywhere
    session_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    #: last successful sign-in (UTC)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the shared secret of the authenticator app (base32); empty when two-factor is off
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    #: when the person set up their authenticator app (UTC)
    totp_enabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the last accepted code's time step, so a code cannot be used twice
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: SHA-256 hashes of the recovery codes not used yet
    recovery_codes: Mapped[list | None] = mapped_column(sa.JSON)

    # Loaded when first used, not with every user: the user loader runs on each request and
    # most requests need at most one of the two (lists of users ask for them with selectinload).
    #: sites a field officer works on
    sites = relationship("Site", secondary=user_sites, order_by="Site.code")
    #: countries a manager or partner covers
    countries = relationship("Country", secondary=user_countries, order_by="Country.code")

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Session identity: the id and the session version, so a bump ends every session."""
        return f"{self.id}:{self.session_version}"

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret)

    @property
    def two_factor_required(self) -> bool:
        """Admins and managers must use a second factor; others may."""
        # imported here: the permission table itself is built on this model
        from outreach.core.permissions import can

        return can(self, "sign_in.second_factor")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class SignInSession(db.Model):
    """One sign-in on one device. The browser holds only a random token; this row decides on
    every request whether that token still signs anyone in."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the token in the browser's session cookie (the token itself is not kept)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    #: the person signed in
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    #: when the password was given (UTC); the absolute timeout counts from here
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: the last request, to within half a minute (UTC); the idle timeout counts from here
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: when it was signed out (UTC); empty while it may still be used
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: "keep me signed in" was ticked: the cookie outlives closing the browser
    keep_signed_in: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: the user's session version at sign-in; a later bump ends this sign-in
    session_version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: the address and browser it came from, for the person's list of devices
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(255))


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


LINK_PURPOSE_LABELS = labels.register(
    LinkPurpose,
    {LinkPurpose.INVITATION: _l("Invitation"), LinkPurpose.RESET: _l("Password reset")},
)


class AccountLink(db.Model):
    """A one-time link sent by e-mail to set a password: an invitation to a new account, or a
    reset asked for on the sign-in page. Only a hash of its token is kept; it works once and
    until ``expires_at``."""

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose), nullable=False)
    #: SHA-256 of the token in the link
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: when it was used, or replaced by a newer link of the same purpose
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
