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

import json

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.mail.models import MailStatus, SentMail

__all__ = ["MailStatus", "SentMail", "deliver_later", "send_mail"]

#: ``Session.info`` key: (the delivery job of the open transaction, the message ids it takes)
_OPEN_JOB = "outreach.mail_job"


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
    deliver_later(mail.id)  # the row is the key: sent once
    return mail


def deliver_later(mail_id: int) -> None:
    """Have a queued message sent once the transaction commits. The messages of one
    transaction share delivery jobs of up to MAIL_BATCH messages, each sent over one SMTP
    connection (outreach/mail/delivery.py)."""
    size = int(current_app.config.get("MAIL_BATCH", 200))
    open_job = db.session.info.get(_OPEN_JOB)
    if open_job is not None:
        job, ids = open_job
        if len(ids) < size and sa.inspect(job).persistent:  # not undone with a savepoint
            ids.append(mail_id)
            return
    ids = [mail_id]
    job = enqueue("outreach.mail.delivery:deliver", ids)
    db.session.info[_OPEN_JOB] = (job, ids)


@event.listens_for(Session, "before_commit")
def _write_ids(session: Session) -> None:
    """The open delivery job takes every message id gathered in the transaction."""
    open_job = session.info.get(_OPEN_JOB)
    if open_job is not None and sa.inspect(open_job[0]).persistent:
        job, ids = open_job
        job.arguments = json.dumps([[ids], {}])


@event.listens_for(Session, "after_commit")
def _close_job(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_OPEN_JOB, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_job(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_OPEN_JOB, None)


def register(app) -> None:
    """The undelivered-mail page and ``flask mail test``."""
    from outreach.mail import views  # noqa: F401
    from outreach.mail.blueprint import bp
    from outreach.mail.cli import mail_group

    app.register_blueprint(bp)
    app.cli.add_command(mail_group)
