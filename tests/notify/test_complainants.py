"""Complainants who give an e-mail address, with consent, hear of the acknowledgement and the
closure with their tracking code, in their language; nobody else is ever written to. Text
messages go through one small sender interface, off by default."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from outreach.feedback import operations as ops
from outreach.feedback.models import Feedback
from outreach.notify.senders import HttpTextSender, text_sender
from tests import factories


def _submit(client, site, **data):
    form = {"kind": "complaint", "text": "Piling at night", "language": "en", "anonymous": "y"}
    # the page opens in the host country's language; this visitor chose English
    return client.post(f"/f/{site.code}?lang=en", data={**form, **data})


def test_the_complainant_hears_of_receipt_and_closure(db, client, mails):
    site = factories.site("MY")
    answer = _submit(client, site, reply_email="warga@example.test", reply_consent="y")
    assert answer.status_code == 302
    grievance = db.session.scalar(sa.select(Feedback))
    (received,) = mails("warga@example.test")
    assert grievance.tracking_code in received.text
    assert "https://outreach.example.org/f/status" in received.text
    assert site.name in received.subject

    manager = factories.user("manager", countries=["MY"])
    for action, extra in (
        ("acknowledge", {}),
        ("investigate", {}),
        ("resolve", {"resolution": "Piling stops at 19:00"}),
        ("close", {"satisfaction": "satisfied"}),
    ):
        ops.transition(grievance, action, manager, **extra)
    db.session.commit()
    received_again, closed = mails("warga@example.test")
    assert received_again.id == received.id  # acknowledging did not write again
    assert "closed" in closed.subject and grievance.tracking_code in closed.text
    # what was said stays out of the e-mail
    assert "Piling" not in closed.text and "Piling" not in received.text


def test_an_address_without_consent_is_refused_and_nothing_is_kept(db, client, mails):
    site = factories.site("MY")
    answer = _submit(client, site, reply_email="warga@example.test")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Tick this box so that we may e-mail you" in page
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0
    assert mails() == []


def test_a_malformed_address_is_refused_next_to_its_field(db, client):
    site = factories.site("MY")
    answer = _submit(client, site, reply_email="not an address", reply_consent="y")
    assert "Enter an e-mail address such as name@example.org." in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


def test_without_an_address_nobody_is_written_to(db, client, mails):
    site = factories.site("MY")
    _submit(
        client,
        site,
        anonymous="",
        person_name="Ali",
        person_contact="ali@example.test",
        consent_personal_data="y",
    )
    grievance = db.session.scalar(sa.select(Feedback))
    manager = factories.user("manager", countries=["MY"])
    ops.transition(grievance, "acknowledge", manager)
    db.session.commit()
    # a contact given for a call back is not an address for e-mails
    assert mails("ali@example.test") == []


def test_the_message_is_in_the_language_they_wrote_in(db, client, mails):
    site = factories.site("MY")
    _submit(client, site, language="ms", reply_email="warga@example.test", reply_consent="y")
    (received,) = mails("warga@example.test")
    assert "We received your message" not in received.subject


def test_text_messages_are_off_by_default(app):
    with app.app_context():
        assert text_sender() is None


def test_the_http_text_adapter_posts_one_json_message(receiver):
    HttpTextSender(receiver.url, token="t0ken").send("sms", "+60123456789", "Hello", "k-1")
    (request,) = receiver.requests
    assert json.loads(request["body"]) == {
        "channel": "sms",
        "to": "+60123456789",
        "text": "Hello",
        "key": "k-1",
    }
    assert request["headers"]["Idempotency-Key"] == "k-1"
    assert request["headers"]["Authorization"] == "Bearer t0ken"


def _texts(receiver) -> list[dict]:
    return [json.loads(r["body"]) for r in receiver.requests]


def test_a_complainant_who_gives_a_number_is_texted_at_each_change_of_status(
    db, app, client, receiver, monkeypatch
):
    monkeypatch.setitem(app.config, "TEXT_SENDER_URL", receiver.url)
    site = factories.site("MY")
    answer = _submit(client, site, reply_phone="+60 12 345 6789", reply_sms="y")
    assert answer.status_code == 302
    grievance = db.session.scalar(sa.select(Feedback))
    assert grievance.reply_phone == "+60123456789"
    (received,) = _texts(receiver)
    assert received["to"] == "+60123456789" and received["channel"] == "sms"
    assert grievance.tracking_code in received["text"] and "Received" in received["text"]

    manager = factories.user("manager", countries=["MY"])
    ops.transition(grievance, "acknowledge", manager)
    db.session.commit()
    ops.transition(grievance, "investigate", manager)
    db.session.commit()
    texts = _texts(receiver)
    assert ["Acknowledged" in texts[1]["text"], "Being investigated" in texts[2]["text"]] == [
        True,
        True,
    ]
    assert len({t["key"] for t in texts}) == 3  # one key per step
    assert all("Piling" not in t["text"] for t in texts)  # what was said stays out


def test_without_a_text_sender_nothing_is_queued_for_the_number(db, client, receiver):
    site = factories.site("MY")
    _submit(client, site, reply_phone="+60 12 345 6789", reply_sms="y")
    grievance = db.session.scalar(sa.select(Feedback))
    assert grievance.reply_phone == "+60123456789"  # kept, for when texts are switched on
    assert receiver.requests == []


def test_a_number_without_consent_is_refused_and_nothing_is_kept(db, client):
    site = factories.site("MY")
    answer = _submit(client, site, reply_phone="+60 12 345 6789")
    assert answer.status_code == 200
    assert "Tick this box so that we may send you text messages" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


@pytest.mark.parametrize("number", ["012-345 6789", "call me", "+60 +12 3456", "12345", "6" * 16])
def test_a_malformed_number_is_refused_next_to_its_field(db, client, number):
    site = factories.site("MY")
    answer = _submit(client, site, reply_phone=number, reply_sms="y")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Enter a phone number of digits and spaces, such as +60 12 345 6789." in page
    field = page[page.index('id="reply_phone"') - 400 : page.index('id="reply_phone"') + 400]
    assert 'aria-invalid="true"' in field
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


def test_the_number_is_withheld_like_the_rest_of_the_identity(db, client, login_as):
    site = factories.site("MY")
    _submit(client, site, anonymous="", reply_phone="+60 12 345 6789", reply_sms="y")
    grievance = db.session.scalar(sa.select(Feedback))
    login_as("manager", countries=["MY"])
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert "+60123456789" not in page and "Identity withheld" in page
    listing = client.get("/feedback/export.csv")
    assert listing.status_code == 200
    assert "60123456789" not in listing.get_data(as_text=True)

    officer = factories.user("field", sites=[site])
    grievance.assignee_id = officer.id
    db.session.commit()
    factories.sign_in(client, officer)
    assert "+60123456789" in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)


def test_a_number_given_with_plain_feedback_is_not_kept(db, client, login_as):
    # texts are sent about complaints only, and only their handlers may see the number
    site = factories.site("MY")
    answer = _submit(client, site, kind="feedback", reply_phone="+60 12 345 6789", reply_sms="y")
    assert answer.status_code == 302
    feedback = db.session.scalar(sa.select(Feedback))
    assert not feedback.is_grievance and feedback.reply_phone is None
    login_as("field", sites=[site])
    assert "60123456789" not in client.get(f"/feedback/{feedback.id}").get_data(as_text=True)
