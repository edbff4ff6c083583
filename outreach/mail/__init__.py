"""E-mail: ``send_mail`` queues a message that goes out at most once per key.

    from outreach.mail import send_mail
    with force_locale(user.language):
        send_mail(user.email, subject, text, html, key=f"grievance:{g.id}:assigned:{user.id}")

The message is sent by a job once the caller's transaction commits: over SMTP when
``MAIL_HOST`` is set (``MAIL_PORT``, ``MAIL_STARTTLS``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``,
``MAIL_FROM``), otherwise written to ``instance/outbox/`` (``MAIL_OUTBOX``) as an ``.eml``
file. Plain text with an optional simple HTML part; no tracking pixel, no rewritten links.
Writing the message in the recipient's language is the caller's job.
"""

from __future__ import annotations

import sqlalchemy as sa

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.mail.models import MailStatus, SentMail

__all__ = ["MailStatus", "SentMail", "send_mail"]


def send_mail(to: str, subject: str, text: str, html: str | None = None, *, key: str) -> SentMail:
    """Queue a message; a key already used returns the message queued then (nothing new)."""
    if not key or len(key) > 255:
        raise ValueError("a mail key is 1 to 255 characters")
    if not to or "@" not in to or "\n" in to or "\r" in to:
        raise ValueError(f"not an e-mail address: {to!r}")
    existing = db.session.scalar(sa.select(SentMail).where(SentMail.key == key))
    if existing is not None:
        return existing
    mail = SentMail(
        key=key,
        to_address=to,
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
        status=MailStatus.QUEUED,
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(mail)
    except sa.exc.IntegrityError:  # the same key queued at the same moment elsewhere
        return db.session.scalar(sa.select(SentMail).where(SentMail.key == key))
    enqueue("outreach.mail.delivery:deliver", mail.id, key=f"mail:{mail.id}")
    return mail


def register(app) -> None:
    """``flask mail test``."""
    from outreach.mail.cli import mail_group

    app.cli.add_command(mail_group)
