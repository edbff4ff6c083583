"""Sending what is due: the work of the webhook job, also run by hand in tests and by
``flask --app app webhooks send``. It commits each delivery's outcome as soon as it is known,
so a crash mid-run repeats at most the delivery in flight (receivers drop a repeated
``Outreach-Delivery`` id)."""

from __future__ import annotations

import datetime as dt

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.webhooks.operations import attempt, due_deliveries


def deliver_due(now: dt.datetime | None = None) -> int:
    """Send every delivery due by ``now``; returns how many were tried."""
    now = now or utcnow()
    tried = 0
    while batch := due_deliveries(now):
        for delivery in batch:
            attempt(delivery, now)
            db.session.commit()
            tried += 1
    return tried


def deliver_one(delivery_id: int) -> None:
    """The job queued with each new delivery: send it at once if it is still waiting (the
    periodic pass sends the retries)."""
    from outreach.webhooks.models import DeliveryStatus, WebhookDelivery

    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING or delivery.attempts:
        return
    if not delivery.endpoint.active:
        return
    attempt(delivery)
    db.session.commit()
