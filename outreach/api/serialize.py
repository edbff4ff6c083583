"""Records as JSON: dates and times in ISO 8601, amounts as decimal strings (exact), choices
by their stored value."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from flask import url_for

from outreach.activities.models import Activity, ActivityAttachment
from outreach.activities.operations import COMMON_FIELDS, KIND_FIELDS


def decimal_text(value: Decimal | int | float) -> str:
    """An amount as a decimal string ("1250.50"), never in exponent notation."""
    return format(value if isinstance(value, Decimal) else Decimal(str(value)), "f")


def plain(value: Any) -> Any:
    """A column's value as JSON holds it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def etag(record) -> str:
    """The version a client read, to send back in If-Match."""
    return f'"{record.version}"'


def attachment_json(attachment: ActivityAttachment) -> dict[str, Any]:
    return {
        "id": attachment.id,
        "activity_id": attachment.activity_id,
        "file_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "caption": attachment.caption,
        "is_receipt": attachment.is_receipt,
        "created_at": plain(attachment.created_at),
        "download_url": url_for(
            "activities.download_attachment",
            activity_id=attachment.activity_id,
            attachment_id=attachment.id,
        ),
    }


def activity_json(activity: Activity, partner_ids: list[int] | None = None) -> dict[str, Any]:
    """An activity (a record, or a row of its table with ``partner_ids`` given) with the fields
    of its kind; a removed one says ``deleted`` (a mirror drops it)."""
    data = {
        "id": activity.id,
        "kind": activity.kind.value,
        "site_id": activity.site_id,
        "status": activity.state.value,
        "version": activity.version,
        "deleted": activity.is_deleted,
        "author_id": activity.author_id,
        "created_at": plain(activity.created_at),
        "updated_at": plain(activity.updated_at),
    }
    for name in [*COMMON_FIELDS, *KIND_FIELDS[activity.kind]]:
        data[name] = plain(getattr(activity, name))
    data["partner_ids"] = [s.id for s in activity.partners] if partner_ids is None else partner_ids
    data["review_comment"] = activity.review_comment
    return data
