"""Accounts by e-mail: an invitation to a new account and a password reset, each a one-time
link that sets the password.

A link carries a random token; only its SHA-256 is stored. It works once, until it expires
(``INVITATION_LINK_HOURS``, ``RESET_LINK_MINUTES``), and a newer link of the same kind
replaces it. Setting the password through it ends every session the person has open; signing
in afterwards still asks for the second step where it is on.

A reset is asked for by address. The request enqueues the same job whether or not the address
is an account's, so the answer and its timing say nothing; the job looks the account up and
sends the link only to an active one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from outreach.auth import operations as user_ops
from outreach.auth.models import AccountLink, LinkPurpose, User
from outreach.core import audit
from outreach.core.db import utcnow
from outreach.core.urls import external_url
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.mail import send_mail


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(purpose: LinkPurpose) -> timedelta:
    config = current_app.config
    if purpose == LinkPurpose.INVITATION:
        return timedelta(hours=float(config["INVITATION_LINK_HOURS"]))
    return timedelta(minutes=float(config["RESET_LINK_MINUTES"]))


def issue(user: User, purpose: LinkPurpose) -> tuple[AccountLink, str]:
    """A new link (and its token, which is not stored); older unused ones of the kind end."""
    now = utcnow()
    db.session.execute(
        sa.update(AccountLink)
        .where(
            AccountLink.user_id == user.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    link = AccountLink(
        user_id=user.id,
        purpose=purpose,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + _lifetime(purpose),
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def valid_link(token: str) -> AccountLink | None:
    """The unused, unexpired link of an active account with this token, or None."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(sa.select(AccountLink).where(AccountLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link if link.user.active else None


def set_password_with(link: AccountLink, password: str) -> User:
    """Use the link: the password is set, the link spent, every open session ended."""
    link.used_at = utcnow()
    user_ops.set_password(link.user, password, actor=None)
    audit.record(
        "password_set_by_link", "user", link.user_id, summary=link.purpose.value, user=link.user
    )
    return link.user


def invite(user: User, actor: User | None) -> AccountLink:
    """Send a (new) invitation to set the first password."""
    link, token = issue(user, LinkPurpose.INVITATION)
    _send(user, link, token, inviter=actor.name if actor is not None else None)
    audit.record("invite", "user", user.id, summary=user.email, user=actor)
    return link


def create_invited(data: user_ops.UserData, actor: User) -> User:
    """A new account without a usable password, and the invitation to choose one."""
    user = user_ops.create_user(data, secrets.token_urlsafe(32), actor=actor)  # known to nobody
    invite(user, actor)
    return user


def request_reset(email: str) -> None:
    """Someone asked for a reset link for ``email``: the job decides whether to send it."""
    enqueue("outreach.auth.links:send_reset", email.strip().lower()[:254])


def send_reset(email: str) -> None:
    """The job: a reset link to an active account with this address; nothing otherwise."""
    user = user_ops.find_user_by_email(email)
    if user is None or not user.active:
        return
    link, token = issue(user, LinkPurpose.RESET)
    _send(user, link, token)
    audit.record("reset_requested", "user", user.id, summary=user.email, user=None)


def _send(user: User, link: AccountLink, token: str, inviter: str | None = None) -> None:
    language = user.language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        context = {
            "user": user,
            "link": link,
            "url": external_url("auth.set_password_from_link", token=token),
            "inviter": inviter,
            "organisation": current_app.config["ORGANISATION_NAME"],
            "sign_in_url": external_url("auth.login"),
        }
        if link.purpose == LinkPurpose.INVITATION:
            subject = _("Your Outreach account: choose your password")
        else:
            subject = _("Reset your Outreach password")
        send_mail(
            user.email,
            subject,
            render_template("mail/account_link.txt", **context),
            render_template("mail/account_link.html", **context),
            key=f"account-link:{link.id}",
        )
