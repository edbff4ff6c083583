"""What admins do with a message that was not delivered: send it again, through the same
delivery job as every message, under the same key (one row per key: never a second row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from outreach.core import audit
from outreach.core.permissions import Refused, can
from outreach.extensions import db
from outreach.mail import deliver_later
from outreach.mail.models import MailStatus, SentMail

if TYPE_CHECKING:
    from outreach.auth.models import User

#: the messages an admin may send again: refused or given up ("failed"), or left "sending"
#: by a worker that died (they may have left: sending again may deliver a second copy, which
#: carries the same Message-ID)
RETRYABLE = (MailStatus.SENDING, MailStatus.FAILED)


def undelivered() -> sa.Select:
    """Messages stuck in "sending" or "failed", the oldest first."""
    return (
        sa.select(SentMail)
        .where(SentMail.status.in_(RETRYABLE))
        .order_by(SentMail.created_at, SentMail.id)
    )


def retry(mail: SentMail, actor: User) -> None:
    """Queue the message again; the delivery job sends it once the transaction commits."""
    if not can(actor, "mail.manage"):
        raise Refused("mail.manage")
    if mail.status not in RETRYABLE:
        raise ValueError(f"message {mail.id} is {mail.status}, not undelivered")
    before = mail.status
    mail.status = MailStatus.QUEUED
    mail.sending_at = None
    audit.record(
        "mail.retry",
        "sent_mail",
        mail.id,
        summary=f"sent again ({before}): {mail.key}",
        changes={"status": [str(before), str(MailStatus.QUEUED)]},
        user=actor,
    )
    db.session.flush()
    deliver_later(mail.id)
