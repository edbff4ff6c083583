"""Webhook endpoints registered by administrators, and every delivery made to them."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core import labels
from outreach.core.db import UTCDateTime, enum_column, utcnow
from outreach.extensions import db

#: the events an endpoint can subscribe to, and what they are called on the page
EVENTS = {
    "grievance.received": _l("Grievance received"),
    "grievance.deadline_missed": _l("Grievance deadline missed"),
    "grievance.closed": _l("Grievance closed"),
    "activity.approved": _l("Activity approved"),
    "report.issued": _l("Report issued"),
}


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


DELIVERY_STATUS_LABELS = labels.register(
    DeliveryStatus,
    {
        DeliveryStatus.PENDING: _l("Waiting to be sent again"),
        DeliveryStatus.DELIVERED: _l("Delivered"),
        DeliveryStatus.FAILED: _l("Given up"),
    },
)


class WebhookEndpoint(db.Model):
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: where the events are posted (https://…)
    url: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    #: what it is for, e.g. "head office ticketing"
    description: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: the events it receives, comma-separated ("grievance.received,report.issued")
    events: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    #: the signing secret (shown once, when the endpoint is registered)
    secret: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: a paused endpoint receives nothing new
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    #: who registered it, and when
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    @property
    def event_list(self) -> list[str]:
        return [e for e in self.events.split(",") if e]


class WebhookDelivery(db.Model):
    """One event for one endpoint, with its retries: the delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("endpoint_id", "event_key", name="uq_webhook_deliveries_event"),
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the endpoint
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: the event's name, e.g. "grievance.closed"
    event: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    #: what happened, once: the same happening is never delivered twice to an endpoint
    event_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: the JSON body, exactly as it is sent and signed
    payload: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: waiting, delivered or given up
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), nullable=False, default=DeliveryStatus.PENDING
    )
    #: how many times it was sent
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: when it is sent (again); empty once delivered or given up
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the last try: when, the HTTP status answered and what went wrong
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    response_status: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    #: when the event happened
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when the endpoint accepted it
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    endpoint = relationship("WebhookEndpoint")
