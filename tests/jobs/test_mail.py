"""E-mail: through a real SMTP server (aiosmtpd), or into the outbox; at most once per key."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from outreach.core.db import utcnow
from outreach.jobs import Job, JobStatus
from outreach.jobs.backends import run_now
from outreach.jobs.scheduler import tick
from outreach.mail import MailStatus, SentMail, send_mail


def test_a_message_goes_out_over_smtp_with_text_and_html(db, smtp):
    send_mail(
        "ana@example.org",
        "Grievance G-12 assigned to you",
        "Open it: https://outreach.example.org/feedback/12\n",
        "<p>Open it: <a href='https://outreach.example.org/feedback/12'>G-12</a></p>",
        key="test:assigned:12",
    )
    assert smtp.messages == []  # not before the commit
    db.session.commit()
    [message] = smtp.to("ana@example.org")
    assert message["Subject"] == "Grievance G-12 assigned to you"
    assert message["From"] == "Outreach <outreach@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "https://outreach.example.org/feedback/12" in text
    assert "<a href='https://outreach.example.org/feedback/12'>" in html
    assert "<img" not in html  # no tracking pixel
    mail = db.session.scalar(sa.select(SentMail))
    assert mail.status == MailStatus.SENT and mail.sent_at is not None


def test_a_long_message_reaches_a_strict_server(db, smtp):
    # a server reads lines up to CRLF (RFC 5321): a message sent with bare line feeds is one
    # line over the 1,000-byte limit and refused
    paragraphs = "\n\n".join(f"Paragraph {n}: the road works resume on Monday." for n in range(60))
    send_mail("ana@example.org", "Long", paragraphs, f"<p>{paragraphs}</p>", key="test:long")
    db.session.commit()
    [message] = smtp.to("ana@example.org")
    assert "Paragraph 59" in message.get_body(("plain",)).get_content()
    assert db.session.scalar(sa.select(SentMail.status)) == MailStatus.SENT


def test_a_key_sends_at_most_one_message(db, smtp):
    for _ in range(3):
        send_mail("ana@example.org", "Once", "Only once.\n", key="test:once")
        db.session.commit()
    assert len(smtp.to("ana@example.org")) == 1


def test_without_an_smtp_host_messages_land_in_the_outbox(db, app):
    send_mail("bo@example.org", "Hallo", "Plain text only.\n", key="test:outbox")
    db.session.commit()
    outbox = Path(app.config["MAIL_OUTBOX"])
    [written] = [p for p in outbox.glob("*.eml") if b"bo@example.org" in p.read_bytes()]
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Hallo"
    assert message.get_body(("plain",)).get_content() == "Plain text only.\n"


def test_an_unreachable_server_is_retried_and_the_message_goes_out_once(db, app, smtp, monkeypatch):
    port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    send_mail("cy@example.org", "Later", "Eventually.\n", key="test:retry")
    db.session.commit()
    mail = db.session.scalar(sa.select(SentMail))
    job = db.session.scalar(sa.select(Job).where(Job.func == "outreach.mail.delivery:deliver"))
    assert (mail.status, job.status, job.attempts) == (MailStatus.QUEUED, JobStatus.QUEUED, 1)
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    later = utcnow() + timedelta(hours=1)
    run_now(app, tick(now=later), now=later)
    db.session.expire_all()
    assert len(smtp.to("cy@example.org")) == 1
    assert db.session.get(SentMail, mail.id).status == MailStatus.SENT


def test_a_message_left_sending_by_a_killed_worker_is_not_sent_again(db, app, smtp):
    send_mail("di@example.org", "Maybe", "Maybe sent.\n", key="test:killed")
    db.session.flush()
    db.session.info.pop("outreach.jobs_pending")
    mail = db.session.scalar(sa.select(SentMail))
    job = db.session.scalar(sa.select(Job))
    # the worker marked it "sending", may have handed it over, and was killed
    mail.status = MailStatus.SENDING
    job.status, job.attempts, job.lease_until = JobStatus.RUNNING, 1, utcnow()
    db.session.commit()
    later = utcnow() + timedelta(minutes=1)
    run_now(app, tick(now=later), now=later)
    db.session.expire_all()
    assert smtp.to("di@example.org") == []
    assert db.session.get(Job, job.id).status == JobStatus.DONE
    assert db.session.get(SentMail, mail.id).status == MailStatus.SENDING


def _delivery_jobs(db):
    return db.session.scalars(
        sa.select(Job).where(Job.func == "outreach.mail.delivery:deliver")
    ).all()


def test_messages_queued_together_go_out_in_one_job_over_one_connection(db, app, smtp):
    for n in range(30):
        send_mail(f"p{n}@example.org", f"Reminder {n}", "Due soon.\n", key=f"test:batch:{n}")
    db.session.commit()
    assert len(smtp.messages) == 30
    assert smtp.connections == 1
    [job] = _delivery_jobs(db)
    assert job.status == JobStatus.DONE
    statuses = db.session.scalars(sa.select(SentMail.status)).all()
    assert set(statuses) == {MailStatus.SENT}


def test_a_batch_larger_than_mail_batch_is_split_into_several_jobs(db, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH", 4)
    for n in range(10):
        send_mail(f"q{n}@example.org", f"Note {n}", "Hello.\n", key=f"test:split:{n}")
    db.session.commit()
    assert len(smtp.messages) == 10
    assert len(_delivery_jobs(db)) == 3


def test_a_batch_queued_at_once_is_split_into_jobs_and_all_goes_out(db, app, smtp, monkeypatch):
    from outreach.mail import Outgoing, send_mails

    monkeypatch.setitem(app.config, "MAIL_BATCH", 4)
    batch = [Outgoing(f"t{n}@example.org", f"Note {n}", "Hi.\n", key=f"t:{n}") for n in range(10)]
    assert send_mails(batch + batch[:3]) == 10  # a key given twice queues one message
    db.session.commit()
    assert sorted(m["Subject"] for m in smtp.messages) == sorted(f"Note {n}" for n in range(10))
    assert len(_delivery_jobs(db)) == 3
    assert send_mails(batch) == 0  # every key was used


def test_a_refused_address_fails_alone_and_the_rest_of_the_batch_goes_out(db, app, smtp):
    smtp.unknown.add("gone@example.org")
    for address in ("a@example.org", "gone@example.org", "b@example.org"):
        send_mail(address, "News", "Hello.\n", key=f"test:refused:{address}")
    db.session.commit()
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.org", "b@example.org"]
    status = dict(db.session.execute(sa.select(SentMail.to_address, SentMail.status)).all())
    assert status == {
        "a@example.org": MailStatus.SENT,
        "gone@example.org": MailStatus.FAILED,
        "b@example.org": MailStatus.SENT,
    }


def test_a_server_busy_mid_batch_sends_the_rest_on_the_retry_and_nothing_twice(db, app, smtp):
    smtp.busy_for.add("Second")
    for n, subject in enumerate(("First", "Second", "Third")):
        send_mail(f"r{n}@example.org", subject, "Hello.\n", key=f"test:busy:{n}")
    db.session.commit()
    assert [m["Subject"] for m in smtp.messages] == ["First"]
    [job] = _delivery_jobs(db)
    assert job.status == JobStatus.QUEUED  # retried after its backoff
    smtp.busy_for.clear()
    later = utcnow() + timedelta(hours=1)
    run_now(app, tick(now=later), now=later)
    db.session.expire_all()
    assert sorted(m["Subject"] for m in smtp.messages) == ["First", "Second", "Third"]
    assert set(db.session.scalars(sa.select(SentMail.status))) == {MailStatus.SENT}


def test_what_the_last_attempt_could_not_send_is_marked_failed(db, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_MAX_ATTEMPTS", 1)
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    send_mail("s@example.org", "Never", "Hello.\n", key="test:last-attempt")
    db.session.commit()
    [job] = _delivery_jobs(db)
    assert job.status == JobStatus.FAILED
    assert db.session.scalar(sa.select(SentMail.status)) == MailStatus.FAILED
