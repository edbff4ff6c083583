"""E-mail: ``send_mail`` queues a message that goes out at most once per key.

    from outreach.mail import send_mail
    with force_locale(user.language):
        send_mail(user.email, subject, text, html, key=f"grievance:{g.id}:assigned:{user.id}")

The message is sent by a job once the caller's transaction commits: over SMTP when
``MAIL_HOST`` is set (``MAIL_PORT``, ``MAIL_STARTTLS``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``,
``MAIL_FROM``), otherwise written to ``instance/outbox/`` (``MAIL_OUTBOX``) as an ``.eml``
file. Plain text with an optional simple HTML part; no tracking pixel, no rewritten links.
Writing the message in the recipient's language is the caller's job. ``send_mails`` queues
many at once (``Outgoing`` messages: a reminder pass's), in a few statements.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.mail.models import MailStatus, SentMail

__all__ = ["MailStatus", "Outgoing", "SentMail", "deliver_later", "send_mail", "send_mails"]

#: ``Session.info`` key: (the delivery job of the open transaction, the message ids it takes)
_OPEN_JOB = "outreach.mail_job"

#: messages written by one INSERT
_INSERT_ROWS = 500


@dataclass(frozen=True)
class Outgoing:
    """One message to queue: plain text, and an optional simple HTML part."""

    to: str
    subject: str
    text: str
    html: str | None = None
    #: the caller's key: one message per key, ever ("grievance:12:assigned:7")
    key: str = ""

    def check(self) -> None:
        if not self.key or len(self.key) > 255:
            raise ValueError("a mail key is 1 to 255 characters")
        if not self.to or "@" not in self.to or "\n" in self.to or "\r" in self.to:
            raise ValueError(f"not an e-mail address: {self.to!r}")


def send_mail(to: str, subject: str, text: str, html: str | None = None, *, key: str) -> SentMail:
    """Queue a message; a key already used returns the message queued then (nothing new)."""
    send_mails([Outgoing(to, subject, text, html, key)])
    return db.session.scalar(sa.select(SentMail).where(SentMail.key == key))


def send_mails(messages: list[Outgoing]) -> int:
    """Queue many messages at once (a few statements, whatever their number); a key already
    used, here or earlier, queues nothing new. Returns how many were queued."""
    for message in messages:
        message.check()
    now = utcnow()
    rows = [
        {
            "key": m.key,
            "to_address": m.to,
            "subject": " ".join(m.subject.split())[:255],
            "text": m.text,
            "html": m.html,
            "status": MailStatus.QUEUED.value,
            "created_at": now,
        }
        for m in messages
    ]
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    queued = 0
    for start in range(0, len(rows), _INSERT_ROWS):
        stmt = (
            dialect.insert(SentMail.__table__)
            .values(rows[start : start + _INSERT_ROWS])
            # a key queued before (or at the same moment elsewhere) keeps its message
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(SentMail.__table__.c.id)
        )
        for mail_id in db.session.execute(stmt).scalars():
            deliver_later(mail_id)  # the row is the key: sent once
            queued += 1
    return queued


def deliver_later(mail_id: int) -> None:
    """Have a queued message sent once the transaction commits. The messages of one
    transaction share delivery jobs of up to MAIL_BATCH messages, each sent over one SMTP
    connection (outreach/mail/delivery.py)."""
    size = int(current_app.config.get("MAIL_BATCH", 200))
    open_job = db.session.info.get(_OPEN_JOB)
    if open_job is not None:
        job, ids = open_job
        if sa.inspect(job).persistent:  # not undone with a savepoint
            if len(ids) < size:
                ids.append(mail_id)
                return
            _write_ids(db.session)  # full: it takes these
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
