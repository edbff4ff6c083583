"""Webhooks: an administrator registers an endpoint and sees its secret once; events reach a
real local receiver as signed JSON; failures are retried with exponential backoff for a day
and the delivery log shows what happened."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import sqlalchemy as sa

from outreach.core.rules import RuleError
from outreach.feedback import operations as feedback_ops
from outreach.webhooks import operations, signing
from outreach.webhooks.models import DeliveryStatus, WebhookDelivery
from outreach.webhooks.sending import deliver_due
from tests import factories

EVENTS = ["grievance.received", "grievance.closed"]


def _grievance_from_the_public(site):
    data = {"text": "The trucks raise dust", "language": "en", "is_complaint": True}
    return feedback_ops.submit_public_feedback(site, data, dt.date(2026, 3, 2))


def test_a_signed_event_reaches_the_receiver(db, receiver):
    admin = factories.user("admin")
    endpoint = operations.register_endpoint(receiver.url, EVENTS, "ticketing", admin)
    site = factories.site("MY")
    grievance = _grievance_from_the_public(site)
    db.session.commit()  # the delivery's job sends it as soon as the grievance is stored

    (request,) = receiver.requests
    assert deliver_due() == 0  # nothing left to send
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["outreach-event"] == "grievance.received"
    assert signing.verify(
        endpoint.secret, headers["outreach-signature"], request["body"], int(time.time())
    )
    assert not signing.verify(
        "another secret", headers["outreach-signature"], request["body"], int(time.time())
    )
    body = json.loads(request["body"])
    assert body["data"]["grievance"]["id"] == grievance.id
    assert body["data"]["grievance"]["site"] == site.code
    # who complained never leaves: no words of the complaint, no name or contact
    assert "dust" not in request["body"].decode()
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1


def test_the_signature_covers_the_timestamp_and_the_body():
    header = signing.header_value("s3cret", 1767225600, b'{"a":1}')
    assert signing.verify("s3cret", header, b'{"a":1}', 1767225600 + 10)
    assert not signing.verify("s3cret", header, b'{"a":2}', 1767225600 + 10)
    assert not signing.verify("s3cret", header, b'{"a":1}', 1767225600 + 3600)  # a replay
    tampered = header.replace("t=1767225600", "t=1767225601")
    assert not signing.verify("s3cret", tampered, b'{"a":1}', 1767225600)


def test_failures_are_retried_with_backoff_then_given_up_after_a_day(db, receiver):
    admin = factories.user("admin")
    operations.register_endpoint(receiver.url, EVENTS, "", admin)
    receiver.answers = [500] * 100
    _grievance_from_the_public(factories.site("MY"))
    db.session.commit()  # the first try, at once
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    start = delivery.created_at
    assert delivery.attempts == 1 and delivery.status == DeliveryStatus.PENDING

    waits = [delivery.next_attempt_at - delivery.last_attempt_at]
    while delivery.status == DeliveryStatus.PENDING:
        now = delivery.next_attempt_at
        deliver_due(now)
        db.session.refresh(delivery)
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
    assert waits[:4] == [dt.timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert max(waits) == dt.timedelta(hours=1)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_attempt_at - start <= dt.timedelta(hours=24)
    assert delivery.last_attempt_at - start > dt.timedelta(hours=23)
    assert delivery.error == "HTTP 500"
    assert len(receiver.requests) == delivery.attempts


def test_a_redirect_is_not_followed(db, receiver):
    admin = factories.user("admin")
    operations.register_endpoint(receiver.url, EVENTS, "", admin)
    receiver.answers = [302]
    _grievance_from_the_public(factories.site("MY"))
    db.session.commit()
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    assert delivery.status == DeliveryStatus.PENDING and delivery.error == "HTTP 302"
    assert len(receiver.requests) == 1


def test_a_receiver_that_comes_back_gets_the_event_once(db, receiver):
    admin = factories.user("admin")
    operations.register_endpoint(receiver.url, EVENTS, "", admin)
    receiver.answers = [503]
    _grievance_from_the_public(factories.site("MY"))
    db.session.commit()  # the first try, at once: refused
    first = db.session.scalar(sa.select(WebhookDelivery)).last_attempt_at
    deliver_due(first + dt.timedelta(seconds=10))  # not due yet: nothing sent
    deliver_due(first + dt.timedelta(seconds=31))
    deliver_due(first + dt.timedelta(minutes=5))
    assert len(receiver.requests) == 2
    ids = {r["headers"]["Outreach-Delivery"] for r in receiver.requests}
    assert len(ids) == 1  # the same delivery id both times, for the receiver to drop repeats


def test_only_https_addresses_are_taken(db, app):
    admin = factories.user("admin")
    for url in ("http://example.org/hook", "ftp://example.org", "https://", "http://127.0.0.1:9/x"):
        with pytest.raises(RuleError) as refused:
            operations.register_endpoint(url, EVENTS, "", admin)
        assert "url" in refused.value.errors
    with pytest.raises(RuleError) as refused:
        operations.register_endpoint("https://example.org/hook", [], "", admin)
    assert "events" in refused.value.errors
    with pytest.raises(RuleError):
        operations.register_endpoint("https://example.org/hook", ["everything"], "", admin)


def test_only_administrators_register_endpoints(db):
    manager = factories.user("manager", countries=["MY"])
    with pytest.raises(PermissionError):
        operations.register_endpoint("https://example.org/hook", EVENTS, "", manager)


def test_the_secret_is_shown_once_and_the_log_lists_deliveries(db, client, login_as, receiver):
    login_as("admin")
    answer = client.post(
        "/admin/webhooks/",
        data={"url": receiver.url, "description": "ticketing", "events": EVENTS},
    )
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert secret.startswith("whsec_")
    listing = client.get("/admin/webhooks/").get_data(as_text=True)
    assert receiver.url in listing and secret not in listing
    endpoint_id = operations.WebhookEndpoint.query.one().id
    shown = client.get(f"/admin/webhooks/{endpoint_id}").get_data(as_text=True)
    assert secret not in shown

    receiver.answers = [500]
    _grievance_from_the_public(factories.site("MY"))
    db.session.commit()
    log = client.get(f"/admin/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "Grievance received" in log and "HTTP 500" in log


def test_a_bad_address_is_refused_next_to_its_field(db, client, login_as):
    login_as("admin")
    answer = client.post("/admin/webhooks/", data={"url": "http://example.org", "events": []})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Enter an address that starts with https://." in page
    assert "Choose at least one event." in page
    assert operations.WebhookEndpoint.query.count() == 0


def test_other_roles_cannot_see_webhooks(db, client, login_as):
    login_as("manager", countries=["MY"])
    assert client.get("/admin/webhooks/").status_code == 403


def test_approvals_closures_and_reports_reach_their_subscribers(db, receiver):
    from outreach.activities import operations as activity_ops
    from outreach.activities.kinds import ActivityState
    from outreach.core import events

    admin = factories.user("admin")
    wanted = ["activity.approved", "report.issued", "grievance.closed"]
    operations.register_endpoint(receiver.url, wanted, "", admin)
    site = factories.site("MY")
    author = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    entry = factories.activity(site, author, state=ActivityState.SUBMITTED, times_submitted=1)
    activity_ops.approve_activity(entry, manager)
    events.report_issued.send(factories.issued_report("MY"))
    grievance = _grievance_from_the_public(site)  # received: not subscribed
    for action, extra in (
        ("acknowledge", {}),
        ("investigate", {}),
        ("resolve", {"resolution": "Fixed"}),
        ("close", {"satisfaction": "satisfied"}),
    ):
        feedback_ops.transition(grievance, action, manager, **extra)
    db.session.commit()
    sent = [r["headers"]["Outreach-Event"] for r in receiver.requests]
    assert sorted(sent) == ["activity.approved", "grievance.closed", "report.issued"]
