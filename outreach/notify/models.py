"""What a user is told, and how they want to hear it by e-mail."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core import labels
from outreach.core.db import UTCDateTime, enum_column, utcnow
from outreach.extensions import db


class EmailMode(enum.StrEnum):
    #: each notification by e-mail as it happens (the daily lists still come once a day)
    INSTANT = "instant"
    #: one e-mail a day with everything new
    DIGEST = "digest"
    #: no e-mail; the list in the app only
    OFF = "off"


EMAIL_MODE_LABELS = labels.register(
    EmailMode,
    {
        EmailMode.INSTANT: _l("At once"),
        EmailMode.DIGEST: _l("A daily digest"),
        EmailMode.OFF: _l("Off (in the app only)"),
    },
)


class Notification(db.Model):
    """One thing one user is told: shown in their list and, as they chose, e-mailed."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_unread", "user_id", "read_at"),
        sa.Index("ix_notifications_unmailed", "mailed_at", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: who is told
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    #: what happened: grievance_assigned, deadline_near, deadline_missed, entry_returned…
    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    #: the one idempotency key of this notification: the same happening never makes a second
    #: one, and its e-mail is sent at most once under this key
    key: Mapped[str] = mapped_column(sa.String(200), unique=True, nullable=False)
    #: the plain values its message is written from, in the reader's language when shown
    params: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    #: the page it leads to (an endpoint and its values)
    endpoint: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    endpoint_values: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    #: goes only into the daily e-mail (lists of waiting entries, new public feedback)
    digest_only: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: when it happened (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when the user opened or dismissed it; empty while unread
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: when it was handed to the mailer, or skipped because the user wants no e-mail
    mailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class NotificationSettings(db.Model):
    """A user's choice of e-mail: at once, a daily digest or off (no row: at once)."""

    __tablename__ = "notification_settings"

    #: whose choice
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: at once, a daily digest or off
    email: Mapped[EmailMode] = mapped_column(
        enum_column(EmailMode), nullable=False, default=EmailMode.INSTANT
    )
    #: the (UTC) day of the last daily digest sent, so a day never gets two
    digest_sent_on: Mapped[dt.date | None] = mapped_column(sa.Date)
