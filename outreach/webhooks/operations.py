"""Registering webhook endpoints, queueing an event for each subscribed endpoint, and sending
a delivery (retried with exponential backoff for ``WEBHOOKS_RETRY_HOURS``)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

import sqlalchemy as sa
from flask import current_app

from outreach.auth.models import User
from outreach.core import audit
from outreach.core.db import utcnow
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db
from outreach.jobs import enqueue
from outreach.webhooks import rules, signing
from outreach.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

#: the first retry comes after this long, each next one after twice as long, at most MAX_DELAY
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(hours=1)
TIMEOUT_SECONDS = 10


def register_endpoint(
    url: str, events: list[str], description: str, actor: User
) -> WebhookEndpoint:
    """Register an endpoint; its secret is on the returned record, to be shown once."""
    check(actor, "webhooks.manage")
    refuse(rules.check_endpoint(url, events))
    endpoint = WebhookEndpoint(
        url=url.strip(),
        events=",".join(events),
        description=(description or "").strip()[:200],
        secret=signing.new_secret(),
        active=True,
        created_by_id=actor.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    audit.record(
        "create",
        "webhook_endpoint",
        endpoint.id,
        summary=endpoint.url[:200],
        changes={"events": [None, endpoint.events]},
        user=actor,
    )
    return endpoint


def set_active(endpoint: WebhookEndpoint, active: bool, actor: User) -> None:
    check(actor, "webhooks.manage")
    endpoint.active = active
    db.session.flush()
    audit.record(
        "update",
        "webhook_endpoint",
        endpoint.id,
        summary=endpoint.url[:200],
        changes={"active": [not active, active]},
        user=actor,
    )


def delete_endpoint(endpoint: WebhookEndpoint, actor: User) -> None:
    check(actor, "webhooks.manage")
    audit.record("delete", "webhook_endpoint", endpoint.id, summary=endpoint.url[:200], user=actor)
    db.session.delete(endpoint)
    db.session.flush()


def queue_event(event: str, key: str, data: dict, occurred_at: dt.datetime | None = None) -> int:
    """Queue ``event`` for every active endpoint subscribed to it, once per ``key`` (the same
    happening queued again is ignored); returns how many deliveries were queued."""
    occurred_at = occurred_at or utcnow()
    endpoints = [
        e
        for e in db.session.scalars(
            sa.select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
        )
        if event in e.event_list
    ]
    queued = 0
    for endpoint in endpoints:
        exists = db.session.scalar(
            sa.select(WebhookDelivery.id).where(
                WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.event_key == key
            )
        )
        if exists:
            continue
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id,
            event=event,
            event_key=key,
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=occurred_at,
            created_at=occurred_at,
            payload="",
        )
        db.session.add(delivery)
        db.session.flush()
        body = {
            "id": f"{endpoint.id}-{delivery.id}",
            "event": event,
            "occurred_at": occurred_at.isoformat(),
            "data": data,
        }
        delivery.payload = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
        # sent at once by a job after the commit; the periodic pass sends the retries
        enqueue("outreach.webhooks.sending:deliver_one", delivery.id, key=f"webhook:{delivery.id}")
        queued += 1
    db.session.flush()
    return queued


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed try: 30 s, 1 min, 2 min… at most 1 h."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: retried, never followed (the
    endpoint must be the address registered)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: dt.datetime) -> int:
    body = delivery.payload.encode()
    request = urllib.request.Request(endpoint.url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", "Outreach-Webhooks/1")
    request.add_header("Outreach-Event", delivery.event)
    request.add_header("Outreach-Delivery", f"{endpoint.id}-{delivery.id}")
    request.add_header(
        signing.HEADER, signing.header_value(endpoint.secret, int(now.timestamp()), body)
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def attempt(delivery: WebhookDelivery, now: dt.datetime | None = None) -> None:
    """Send one delivery now: delivered on a 2xx answer, else retried later, or given up once
    the next try would fall past ``WEBHOOKS_RETRY_HOURS`` after the event."""
    now = now or utcnow()
    endpoint = delivery.endpoint
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        status = _post(endpoint, delivery, now)
        delivery.response_status, delivery.error = status, ""
    except (OSError, ValueError) as error:
        status = None
        delivery.response_status, delivery.error = None, str(error)[:300]
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at, delivery.next_attempt_at = now, None
    else:
        if status is not None:
            delivery.error = f"HTTP {status}"
        following = now + backoff(delivery.attempts)
        limit = delivery.created_at + dt.timedelta(
            hours=current_app.config.get("WEBHOOKS_RETRY_HOURS", 24)
        )
        if following > limit:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = following
    db.session.flush()


def due_deliveries(now: dt.datetime, limit: int = 100) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            sa.select(WebhookDelivery)
            .join(WebhookEndpoint)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING,
                WebhookDelivery.next_attempt_at <= now,
                WebhookEndpoint.active.is_(True),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
    )


def retry_now(delivery: WebhookDelivery, actor: User) -> None:
    """An administrator sends a given-up delivery again (from the log)."""
    check(actor, "webhooks.manage")
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = utcnow()
    delivery.created_at = utcnow()  # a fresh day of retries
    db.session.flush()
