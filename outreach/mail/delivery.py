"""The job that sends queued messages: over SMTP, or into the development outbox.

A job takes a batch of messages (those one transaction queued, up to MAIL_BATCH) and sends
them over one SMTP connection, MAIL_CHUNK at a time. At most once: a chunk is marked "sending"
(committed) before it is handed over, and what went out is marked "sent" after, in one commit
per chunk. A worker killed in between leaves those messages "sending", and the job, run again,
does not send them a second time (admins see them, and may send one again, on the
undelivered-mail page). A message the server refuses for good (a 5xx answer) is "failed". An
unreachable server, or a refusal for now, puts what was not handed over back to "queued" and
the job is retried with backoff; on the job's last attempt those messages are "failed" too.
"""

from __future__ import annotations

import email.policy
import hashlib
import os
import smtplib
import ssl
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.jobs import Job, current_job_id
from outreach.mail.models import MailStatus, SentMail


def deliver(mail_ids: int | list[int]) -> None:
    """Send the queued messages among ``mail_ids`` (one id: jobs queued before batches)."""
    ids = [mail_ids] if isinstance(mail_ids, int) else list(mail_ids)
    size = max(int(current_app.config.get("MAIL_CHUNK", 50)), 1)
    with Sender() as sender:
        for start in range(0, len(ids), size):
            _deliver_chunk(ids[start : start + size], sender)


def _deliver_chunk(ids: list[int], sender: Sender) -> None:
    claimed = _claim(ids)
    if not claimed:
        return
    mails = list(
        db.session.scalars(
            sa.select(SentMail).where(SentMail.id.in_(claimed)).order_by(SentMail.id)
        )
    )
    sent: list[int] = []
    refused: list[int] = []
    try:
        for mail in mails:
            try:
                sender.send(build_message(mail), mail)
            except Refused:
                refused.append(mail.id)
            else:
                sent.append(mail.id)
    except Exception:
        db.session.rollback()
        done = set(sent) | set(refused)
        rest = [i for i in claimed if i not in done]
        _settle(sent, refused, rest, MailStatus.FAILED if _last_attempt() else MailStatus.QUEUED)
        raise
    _settle(sent, refused)


def _claim(ids: list[int]) -> list[int]:
    """Mark the queued messages among ``ids`` "sending" and commit; returns their ids."""
    claimed = list(
        db.session.execute(
            sa.update(SentMail)
            .where(SentMail.id.in_(ids), SentMail.status == MailStatus.QUEUED)
            .values(status=MailStatus.SENDING, sending_at=utcnow())
            .returning(SentMail.id)
            .execution_options(synchronize_session=False)
        ).scalars()
    )
    db.session.commit()
    return claimed


def _settle(
    sent: list[int],
    refused: list[int],
    rest: list[int] = (),
    rest_status: MailStatus = MailStatus.QUEUED,
) -> None:
    """Record what happened to a chunk, in one commit."""
    now = utcnow()
    changes = (
        (sent, {"status": MailStatus.SENT, "sent_at": now}),
        (refused, {"status": MailStatus.FAILED}),
        (rest, {"status": rest_status, "sending_at": None}),
    )
    for ids, values in changes:
        if ids:
            db.session.execute(
                sa.update(SentMail)
                .where(SentMail.id.in_(ids))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
    db.session.commit()


def _last_attempt() -> bool:
    """This run is its job's last attempt (what it could not send will not be tried again)."""
    job_id = current_job_id()
    job = db.session.get(Job, job_id) if job_id is not None else None
    return job is not None and job.attempts >= job.max_attempts


class Refused(Exception):
    """The SMTP server refused this one message for good (a 5xx answer)."""


#: lines end in CRLF on the wire: smtplib sends bytes as they are, and a message of bare LFs
#: is one long line to the server (refused as too long, or a smuggling risk)
ON_THE_WIRE = email.policy.compat32.clone(linesep="\r\n")


class Sender:
    """Hands messages over one SMTP connection (reopened every MAIL_PER_CONNECTION messages),
    or writes them to the outbox when no MAIL_HOST is set."""

    def __init__(self):
        config = current_app.config
        self.host = config.get("MAIL_HOST")
        self.per_connection = max(int(config.get("MAIL_PER_CONNECTION", 100)), 1)
        self.smtp: smtplib.SMTP | None = None
        self.count = 0
        self.sender = envelope_sender()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, message: Message, mail: SentMail) -> None:
        if not self.host:
            write_outbox(message, mail)
            return
        if self.smtp is None or self.count >= self.per_connection:
            self.close()
            self.smtp = connect()
        self.count += 1
        try:
            self.smtp.sendmail(self.sender, [mail.to_address], message.as_bytes(policy=ON_THE_WIRE))
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
            if _permanent(error):
                raise Refused(str(error)) from error
            raise

    def close(self) -> None:
        smtp, self.smtp, self.count = self.smtp, None, 0
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return error.smtp_code >= 500


def connect() -> smtplib.SMTP:
    """An open SMTP session with the configured server (STARTTLS and login as set)."""
    config = current_app.config
    port = int(config.get("MAIL_PORT") or 587)
    smtp = smtplib.SMTP(config["MAIL_HOST"], port, timeout=30)
    try:
        if config.get("MAIL_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def build_message(mail: SentMail) -> Message:
    """The message as it goes out: headers, the text part and the HTML part (MIME built with
    the email package's compat32 classes, several times faster than ``EmailMessage`` for
    the same bytes on the wire)."""
    config = current_app.config
    domain = urlsplit(config["EXTERNAL_URL"]).hostname or "localhost"
    text = MIMEText(mail.text, "plain", "utf-8")
    if mail.html:
        message = MIMEMultipart("alternative")
        message.attach(text)
        message.attach(MIMEText(mail.html, "html", "utf-8"))
    else:
        message = text
    message["From"] = _address(config["MAIL_FROM"])
    message["To"] = mail.to_address
    message["Subject"] = _header(mail.subject)
    message["Date"] = format_datetime(mail.created_at)
    # the same id on every attempt, so a receiving server can spot a repeat
    digest = hashlib.sha256(mail.key.encode()).hexdigest()[:32]
    message["Message-ID"] = f"<{mail.id}.{digest}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    return message


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


def _address(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8")


def envelope_sender() -> str:
    return parseaddr(current_app.config["MAIL_FROM"])[1]


def outbox_folder() -> Path:
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path, "outbox"))


def write_outbox(message: Message, mail: SentMail) -> Path:
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{mail.created_at:%Y%m%d-%H%M%S}-{mail.id:08d}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(message.as_bytes())
    os.replace(partial, path)
    return path
