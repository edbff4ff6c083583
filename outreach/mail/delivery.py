"""The job that sends one queued message: over SMTP, or into the development outbox.

At most once: the message is marked "sending" (committed) before it is handed over and "sent"
after. A worker killed in between leaves it "sending", and the job, run again, does not send
it a second time. A refusal or an unreachable server before the hand-over puts it back to
"queued" and the job is retried with backoff.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.mail.models import MailStatus, SentMail


def deliver(mail_id: int) -> None:
    claimed = db.session.execute(
        sa.update(SentMail)
        .where(SentMail.id == mail_id, SentMail.status == MailStatus.QUEUED)
        .values(status=MailStatus.SENDING, sending_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    mail = db.session.get(SentMail, mail_id)
    message = build_message(mail)
    try:
        if current_app.config.get("MAIL_HOST"):
            send_smtp(message)
        else:
            write_outbox(message, mail)
    except Exception:
        db.session.rollback()
        db.session.execute(
            sa.update(SentMail)
            .where(SentMail.id == mail_id)
            .values(status=MailStatus.QUEUED, sending_at=None)
        )
        db.session.commit()
        raise
    mail.status = MailStatus.SENT
    mail.sent_at = utcnow()


def build_message(mail: SentMail) -> EmailMessage:
    config = current_app.config
    domain = urlsplit(config["EXTERNAL_URL"]).hostname or "localhost"
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    # the same id on every attempt, so a receiving server can spot a repeat
    digest = hashlib.sha256(mail.key.encode()).hexdigest()[:32]
    message["Message-ID"] = f"<{mail.id}.{digest}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


def send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    port = int(config.get("MAIL_PORT") or 587)
    with smtplib.SMTP(config["MAIL_HOST"], port, timeout=30) as smtp:
        if config.get("MAIL_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def outbox_folder() -> Path:
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path, "outbox"))


def write_outbox(message: EmailMessage, mail: SentMail) -> Path:
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{mail.created_at:%Y%m%d-%H%M%S}-{mail.id:08d}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(bytes(message))
    os.replace(partial, path)
    return path
