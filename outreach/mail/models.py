"""The sent-mail table: one row per message key, so a message goes out at most once."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core import labels
from outreach.core.db import UTCDateTime, enum_column
from outreach.extensions import db


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    #: handed to the SMTP server; a message left here by a killed worker is not sent again
    #: (it may or may not have gone out) and is shown to admins
    SENDING = "sending"
    SENT = "sent"
    #: refused for good by the SMTP server, or not sent by the delivery job's last attempt
    FAILED = "failed"


MAIL_STATUS_LABELS = labels.register(
    MailStatus,
    {
        MailStatus.QUEUED: _l("Waiting"),
        MailStatus.SENDING: _l("Handed to the mail server, not confirmed"),
        MailStatus.SENT: _l("Sent"),
        MailStatus.FAILED: _l("Not sent"),
    },
)


#: keys of messages to members of the public (complainants): whom they go to is personal data
#: that staff see only under the disclosure rule, so mail pages never show it
WITHHELD_KEY_PREFIX = "complainant:"


class SentMail(db.Model):
    __tablename__ = "sent_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the caller's key: one message per key, ever ("grievance:12:assigned:7")
    key: Mapped[str] = mapped_column(sa.String(255), unique=True, nullable=False)
    to_address: Mapped[str] = mapped_column(sa.String(320), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    html: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus), nullable=False, default=MailStatus.QUEUED
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: when it was handed to the SMTP server (or written to the outbox)
    sending_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def recipient_withheld(self) -> bool:
        """A complainant's message: its address and key (which names the feedback) are not
        shown on mail pages."""
        return self.key.startswith(WITHHELD_KEY_PREFIX)
