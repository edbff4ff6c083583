"""The admins' page of undelivered e-mail: what was refused or left "sending" is listed, and
"Send again" sends it through the same delivery job, once, audited; nobody else gets in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from outreach.feedback.models import Feedback
from outreach.mail import MailStatus, SentMail, send_mail
from tests import factories


def _left_sending(db, address: str) -> SentMail:
    """A message a killed worker left "sending" (handed over, never confirmed)."""
    mail = send_mail(address, "Maybe sent", "Maybe.\n", key=f"test:stuck:{address}")
    db.session.flush()
    db.session.info.pop("outreach.jobs_pending", None)
    db.session.info.pop("outreach.mail_job", None)
    mail.status = MailStatus.SENDING
    db.session.commit()
    return mail


def test_admins_see_undelivered_mail_and_send_it_again_once(db, app, client, login_as, smtp):
    smtp.unknown.add("gone@example.org")
    send_mail("gone@example.org", "Refused", "No such box.\n", key="test:refused")
    send_mail("fine@example.org", "Delivered", "Fine.\n", key="test:fine")
    db.session.commit()
    stuck = _left_sending(db, "stuck@example.org")
    admin = login_as("admin")

    page = client.get("/admin/mail/undelivered")
    assert page.status_code == 200
    assert b"gone@example.org" in page.data and b"stuck@example.org" in page.data
    assert b"fine@example.org" not in page.data

    response = client.post(f"/admin/mail/{stuck.id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SentMail, stuck.id).status == MailStatus.SENT
    assert len(smtp.to("stuck@example.org")) == 1
    [entry] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "mail.retry"))
    assert entry.user_id == admin.id and entry.object_id == str(stuck.id)
    assert b"stuck@example.org" not in client.get("/admin/mail/undelivered").data

    # a message already sent is not sent again through the button
    assert client.post(f"/admin/mail/{stuck.id}/retry").status_code == 404
    assert len(smtp.to("stuck@example.org")) == 1


def test_sending_again_needs_the_csrf_token(db, app, client, login_as, csrf_on):
    stuck = _left_sending(db, "csrf@example.org")
    login_as("admin")
    assert client.post(f"/admin/mail/{stuck.id}/retry").status_code == 400
    db.session.expire_all()
    assert db.session.get(SentMail, stuck.id).status == MailStatus.SENDING


@pytest.mark.parametrize("role", ["manager", "field", "partner"])
def test_only_admins_see_or_retry_undelivered_mail(db, client, login_as, role):
    stuck = _left_sending(db, f"{role}@example.org")
    login_as(role)
    assert client.get("/admin/mail/undelivered").status_code == 403
    assert client.post(f"/admin/mail/{stuck.id}/retry").status_code == 403
    db.session.expire_all()
    assert db.session.get(SentMail, stuck.id).status == MailStatus.SENDING
    assert b"/admin/mail/undelivered" not in client.get("/").data


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    stuck = _left_sending(db, "anon@example.org")
    assert client.get("/admin/mail/undelivered").status_code == 302
    assert client.post(f"/admin/mail/{stuck.id}/retry").status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(SentMail, stuck.id).status == MailStatus.SENDING


def test_a_complainants_address_is_withheld_on_the_page(db, client, login_as, smtp):
    """Whom a complainant's message goes to is their identity: admins do not see it."""
    site = factories.site("MY")
    smtp.unknown.add("siti.aminah@example.test")  # the server refuses it: "Not sent"
    form = {"kind": "complaint", "text": "Dust", "language": "en", "anonymous": "y"}
    reply = {"reply_email": "siti.aminah@example.test", "reply_consent": "y"}
    assert client.post(f"/f/{site.code}?lang=en", data={**form, **reply}).status_code == 302
    grievance = db.session.scalar(sa.select(Feedback))
    db.session.expire_all()
    assert db.session.scalar(sa.select(SentMail.status)) == MailStatus.FAILED
    login_as("admin")
    page = client.get("/admin/mail/undelivered").get_data(as_text=True)
    assert "A complainant (address withheld)" in page
    assert "siti.aminah" not in page and f"received:{grievance.id}" not in page
