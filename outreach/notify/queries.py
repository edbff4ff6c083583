"""The user's notifications, newest first."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.extensions import db
from outreach.notify.models import Notification


def notifications_of(user: User) -> sa.Select:
    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def own_notification_or_none(user: User, notification_id: int) -> Notification | None:
    """One of the user's notifications (someone else's is as good as missing)."""
    return db.session.scalar(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )
