"""Notifications driven by the domain events: the right people are told, once, in the app and
by e-mail as they chose, in their language, and nobody reads a complainant's identity in one."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.activities import operations as activity_ops
from outreach.activities.kinds import ActivityState
from outreach.core import events
from outreach.feedback import operations as feedback_ops
from outreach.notify import operations
from outreach.notify.delivery import send_digests
from outreach.notify.models import EmailMode, Notification
from tests import factories

MORNING = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


def _notes(user) -> list[Notification]:
    return list(Notification.query.filter_by(user_id=user.id).order_by(Notification.id).all())


@pytest.fixture
def grievance(db):
    site = factories.site("MY")
    return factories.feedback(
        site,
        is_grievance=True,
        person_name="Siti Aminah",
        person_contact="siti@example.test",
        consent_personal_data=True,
        text="My well is dry since the blasting",
    )


def test_the_assignee_is_told_at_once_and_nobody_else(db, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    bystander = factories.user("field", sites=[grievance.site])
    feedback_ops.assign(grievance, officer, manager)
    db.session.commit()

    (note,) = _notes(officer)
    assert note.kind == "grievance_assigned"
    assert _notes(bystander) == [] and _notes(manager) == []
    (mail,) = mails(officer.email)
    assert mail.key == f"notification:{note.key}"
    assert f"Grievance {grievance.id} at {grievance.site.code}" in mail.subject
    assert f"https://outreach.example.org/feedback/{grievance.id}" in mail.text
    assert "https://outreach.example.org/account/notifications" in mail.text
    # the e-mail never carries who complained or what they said
    for secret in ("Siti", "siti@example.test", "well is dry"):
        assert secret not in mail.text and secret not in (mail.html or "")
    assert mails() == [mail]


def test_telling_again_is_a_no_op(db, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    users = [officer, officer]
    first = operations.notify(
        users, "grievance_assigned", "k:1", {"id": 1, "site": "X"}, "home.index"
    )
    again = operations.notify(
        [officer], "grievance_assigned", "k:1", {"id": 1, "site": "X"}, "home.index"
    )
    db.session.commit()
    assert len(first) == 1 and again == []
    assert len(mails(officer.email)) == 1
    assert manager is not None


def test_a_change_that_rolls_back_tells_nobody(db, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    feedback_ops.assign(grievance, officer, manager)
    db.session.rollback()
    assert _notes(officer) == [] and mails() == []


def test_the_unread_count_is_text_on_every_page(db, client, grievance):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    feedback_ops.assign(grievance, officer, manager)
    db.session.commit()
    factories.sign_in(client, officer)
    for page in ("/", "/sites/", "/account"):
        html = client.get(page, follow_redirects=True).get_data(as_text=True)
        assert '<span class="badge">1 unread</span>' in html, page

    listing = client.get("/notifications").get_data(as_text=True)
    assert f"Grievance {grievance.id} at {grievance.site.code} was assigned to you" in listing
    note = _notes(officer)[0]
    opened = client.post(f"/notifications/{note.id}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"/feedback/{grievance.id}")
    html = client.get("/notifications").get_data(as_text=True)
    assert "unread</span>" not in html


def test_nobody_opens_another_users_notification(db, client, grievance):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    feedback_ops.assign(grievance, officer, manager)
    db.session.commit()
    note = _notes(officer)[0]
    factories.sign_in(client, manager)
    assert client.post(f"/notifications/{note.id}/open").status_code == 404
    db.session.refresh(note)
    assert note.read_at is None


def test_a_digest_user_gets_one_email_a_day(db, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    operations.set_email_mode(officer, EmailMode.DIGEST)
    feedback_ops.assign(grievance, officer, manager)
    other = factories.feedback(grievance.site, is_grievance=True)
    feedback_ops.assign(other, officer, manager)
    db.session.commit()
    assert mails(officer.email) == []

    assert send_digests(MORNING) == 1
    assert send_digests(MORNING + dt.timedelta(hours=3)) == 0
    db.session.commit()
    (digest,) = mails(officer.email)
    assert str(grievance.id) in digest.text and str(other.id) in digest.text
    assert digest.key == f"digest:2026-03-03:u{officer.id}"


def test_off_means_the_list_only(db, client, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site])
    factories.sign_in(client, officer)
    answer = client.post("/account/notifications", data={"email": "off"})
    assert answer.status_code == 302
    feedback_ops.assign(grievance, officer, manager)
    db.session.commit()
    send_digests(MORNING)
    assert len(_notes(officer)) == 1 and mails(officer.email) == []


def test_a_choice_that_is_not_offered_is_refused(db, client):
    officer = factories.user("field")
    factories.sign_in(client, officer)
    answer = client.post("/account/notifications", data={"email": "hourly"})
    assert answer.status_code == 200
    assert "Not a valid choice" in answer.get_data(as_text=True)


def test_the_message_is_in_the_recipients_language(db, grievance, mails):
    manager = factories.user("manager", countries=["MY"])
    officer = factories.user("field", sites=[grievance.site], language="ms")
    english = factories.user("field", sites=[grievance.site], language="en")
    feedback_ops.assign(grievance, officer, manager)
    feedback_ops.assign(grievance, english, manager)
    db.session.commit()
    (malay,) = mails(officer.email)
    (plain,) = mails(english.email)
    assert "assigned to you" in plain.subject
    assert "assigned to you" not in malay.subject and str(grievance.id) in malay.subject


def test_a_returned_entry_tells_its_author(db, mails):
    site = factories.site("MY")
    author = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    entry = factories.activity(site, author, state=ActivityState.SUBMITTED, times_submitted=1)
    activity_ops.return_activity(entry, "Add the receipt photo", manager)
    db.session.commit()
    (note,) = _notes(author)
    assert note.kind == "entry_returned"
    (mail,) = mails(author.email)
    assert entry.title in mail.subject and "Add the receipt photo" in mail.text


def test_an_issued_report_tells_the_partners_of_its_country_only(db, mails):
    partner = factories.user("partner", countries=["MY"])
    elsewhere = factories.user("partner", countries=["TH"])
    manager = factories.user("manager", countries=["MY"])
    report = factories.issued_report("MY")
    events.report_issued.send(report)
    db.session.commit()
    assert [n.kind for n in _notes(partner)] == ["report_issued"]
    assert _notes(elsewhere) == [] and _notes(manager) == []
    assert len(mails(partner.email)) == 1


def test_public_feedback_goes_to_the_sites_staff_in_the_digest(db, mails):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    other_site = factories.user("field", sites=[factories.site("MY")])
    manager = factories.user("manager", countries=["MY"])
    partner = factories.user("partner", countries=["MY"])
    data = {"text": "Thank you for the new road", "language": "en"}
    feedback_ops.submit_public_feedback(site, data, dt.date(2026, 3, 2))
    db.session.commit()
    assert [n.digest_only for n in _notes(officer)] == [True]
    assert len(_notes(manager)) == 1
    assert _notes(other_site) == [] and _notes(partner) == []
    assert mails() == []  # not at once: in the daily digest
    send_digests(MORNING)
    db.session.commit()
    assert len(mails(officer.email)) == 1 and len(mails(manager.email)) == 1


def test_a_deactivated_account_is_told_nothing(db, grievance, mails):
    partner = factories.user("partner", countries=["MY"], active=False)
    events.report_issued.send(factories.issued_report("MY"))
    db.session.commit()
    assert _notes(partner) == [] and mails() == []
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0
