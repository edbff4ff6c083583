"""The audit log: who changed what, when, from which values to which, and from where."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core.db import UTCDateTime, insert_rows, utcnow
from outreach.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: when it happened (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, nullable=False, index=True
    )
    #: who did it; empty for the public and for command-line scripts
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: what was done: create, update, delete, archive, approve, sign_in…
    action: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    #: the kind of record: user, site, stakeholder…
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    #: the record's id
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    #: a short human description, e.g. the record's name
    summary: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    #: {field: [old, new]}
    changes: Mapped[dict | None] = mapped_column(sa.JSON)
    #: the client's IP address
    ip: Mapped[str | None] = mapped_column(sa.String(45))

    user = db.relationship("User", lazy="joined")


#: the types a value of which is already JSON-safe (most values: checked first, cheaply)
_SAFE = frozenset({type(None), bool, int, str})


def _plain(value: Any) -> Any:
    """Make a value JSON-safe for the audit log."""
    if type(value) in _SAFE:
        return value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value)
    state = sa.inspect(value, raiseerr=False)
    if state is not None and getattr(state, "mapper", None) is not None:
        # a record: its primary key (a site's id, a country's ISO code)
        key = state.mapper.primary_key_from_instance(value)
        return key[0] if len(key) == 1 else [_plain(k) for k in key]
    return str(value)


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The audited values of ``obj`` as plain data, to compare before and after a change."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def created(values: dict[str, Any], fields: list[str]) -> dict[str, list]:
    """{field: [None, value]}: what ``diff({}, snapshot(record, fields))`` gives for a new
    record, made from its values (a bulk write has rows, not records)."""
    changes = {}
    for name in fields:
        value = _plain(values[name])
        if value is not None:
            changes[name] = [None, value]
    return changes


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    action: str,
    object_type: str,
    object_id: Any = None,
    *,
    summary: str = "",
    changes: dict | None = None,
    user: Any = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it permanent."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        summary=summary[:300],
        changes=changes or None,
        user_id=getattr(user, "id", None),
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def record_many(entries: list[dict[str, Any]], user: Any = None) -> None:
    """Write many audit events at once (an import's bulk write): each entry holds what
    ``record`` takes (``action``, ``object_type``, ``object_id``, ``summary``, ``changes``)."""
    if not entries:
        return
    now = utcnow()
    ip = request.remote_addr if has_request_context() else None
    rows = [
        {
            "created_at": now,
            "action": e["action"],
            "object_type": e["object_type"],
            "object_id": None if e.get("object_id") is None else str(e["object_id"]),
            "summary": (e.get("summary") or "")[:300],
            "changes": e.get("changes") or None,
            "user_id": getattr(user, "id", None),
            "ip": ip,
        }
        for e in entries
    ]
    insert_rows(db.session, AuditEvent.__table__, rows)
