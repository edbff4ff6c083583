"""Telling users things: one notification per user and happening, under one idempotency key,
e-mailed at once when the user wants that; marking them read; the user's e-mail choice.

Outside a request (the reminder jobs) the caller commits, as for every operation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.notify import delivery
from outreach.notify.delivery import email_mode
from outreach.notify.models import EmailMode, Notification, NotificationSettings


def set_email_mode(user: User, mode: EmailMode) -> None:
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
    settings.email = EmailMode(mode)
    db.session.flush()


def existing_keys(keys: Iterable[str]) -> set[str]:
    """Which of these notification keys were already used."""
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(
            db.session.scalars(sa.select(Notification.key).where(Notification.key.in_(chunk)))
        )
    return found


@dataclass
class Batch:
    """Many notifications at once (a reminder pass): the keys already used and everyone's
    e-mail choice looked up in bulk, one flush at the end, and the e-mails queued afterwards
    by jobs (``outreach.notify.delivery:mail_notifications``), a few hundred per job."""

    known: set[str] = field(default_factory=set)
    modes: dict[int, EmailMode] = field(default_factory=dict)
    to_mail: list[Notification] = field(default_factory=list)

    @classmethod
    def for_keys(cls, keys: Iterable[str]) -> Batch:
        return cls(known=existing_keys(keys), modes=delivery.all_modes())

    def finish(self) -> int:
        """Flush what was made and queue the e-mails; returns how many are to be e-mailed."""
        db.session.flush()
        ids = [n.id for n in self.to_mail]
        for start in range(0, len(ids), MAIL_JOB_SIZE):
            enqueue(
                "outreach.notify.delivery:mail_notifications", ids[start : start + MAIL_JOB_SIZE]
            )
        self.to_mail = []
        return len(ids)


#: notifications e-mailed by one job of a batch
MAIL_JOB_SIZE = 500


def notify(
    users: Iterable[User],
    kind: str,
    key: str,
    params: dict,
    endpoint: str,
    endpoint_values: dict | None = None,
    *,
    digest_only: bool = False,
    batch: Batch | None = None,
) -> list[Notification]:
    """Tell each user once: ``key`` (with the user's id added) names the happening, so telling
    again is a no-op. Users who want e-mail at once get it now (in a ``batch``: by a job once
    the batch is finished and committed), the rest in their digest."""
    made = []
    for user in {u.id: u for u in users}.values():
        user_key = f"{key}:u{user.id}"
        if batch is not None:
            if user_key in batch.known:
                continue
            batch.known.add(user_key)
            mode = batch.modes.get(user.id, EmailMode.INSTANT)
        else:
            if existing_keys([user_key]):
                continue
            mode = email_mode(user.id)
        notification = Notification(
            user_id=user.id,
            kind=kind,
            key=user_key,
            params=params,
            endpoint=endpoint,
            endpoint_values=endpoint_values or {},
            digest_only=digest_only,
            created_at=utcnow(),
            # nothing to send to someone who wants no e-mail
            mailed_at=utcnow() if mode == EmailMode.OFF else None,
        )
        db.session.add(notification)
        made.append((notification, user, mode))
    instant = [(n, u) for n, u, mode in made if mode == EmailMode.INSTANT and not digest_only]
    if batch is not None:
        batch.to_mail.extend(n for n, _ in instant)
    else:
        db.session.flush()
        for notification, user in instant:
            delivery.mail_one(notification, user)
    return [n for n, _, _ in made]


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (or all of them); returns how many changed."""
    stmt = (
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    result = db.session.execute(stmt)
    db.session.flush()
    return result.rowcount or 0


def unread_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def forget_old(before: dt.datetime) -> int:
    """Remove read notifications older than ``before`` (the list keeps what is recent)."""
    result = db.session.execute(
        sa.delete(Notification).where(
            Notification.read_at.is_not(None), Notification.created_at < before
        )
    )
    return result.rowcount or 0
