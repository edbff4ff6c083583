"""Records as JSON: dates and times in ISO 8601, amounts as decimal strings (exact), choices
by their stored value."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import url_for

from outreach.activities.kinds import ActivityKind
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


#: what every activity's JSON holds besides the fields of its kind (JSON name → column)
_META = {
    "id": "id",
    "kind": "kind",
    "site_id": "site_id",
    "status": "state",
    "version": "version",
    "deleted": "is_deleted",
    "author_id": "author_id",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
_KIND_FIELDS = {kind.value: [*COMMON_FIELDS, *KIND_FIELDS[kind]] for kind in ActivityKind}
#: the columns an activity's JSON is built from, in the order ``activity_json`` takes them
ACTIVITY_COLUMNS: list[sa.Column] = [
    Activity.__table__.c[name]
    for name in dict.fromkeys(
        [*_META.values(), "review_comment", *(f for k in _KIND_FIELDS.values() for f in k)]
    )
]
_INDEX = {column.key: i for i, column in enumerate(ACTIVITY_COLUMNS)}


def _converter(column: sa.Column) -> Callable[[Any], Any] | None:
    """How a column's value becomes JSON; None: as it is (a choice is a ``StrEnum``, a str;
    ``responses.json_response`` writes dates and times in ISO 8601, as ``isoformat`` does)."""
    kind = getattr(column.type, "impl", column.type)
    if isinstance(kind, sa.Numeric):
        return decimal_text
    return None


def _plan(names: dict[str, str]) -> list[tuple[str, int, Callable | None]]:
    return [
        (name, _INDEX[column], _converter(Activity.__table__.c[column]))
        for name, column in names.items()
    ]


_META_PLAN = _plan(_META)
_KIND_PLANS = {kind: _plan({f: f for f in fields}) for kind, fields in _KIND_FIELDS.items()}
_REVIEW_COMMENT = _INDEX["review_comment"]


def activity_values(values: Sequence[Any], partner_ids: list[int]) -> dict[str, Any]:
    """An activity's JSON (for ``json_response``) from the values of ``ACTIVITY_COLUMNS`` (a
    row of a page, read without building records), with the fields of its kind; a removed one
    says ``deleted`` (a mirror drops it)."""
    data: dict[str, Any] = {}
    for plan in (_META_PLAN, _KIND_PLANS[values[_INDEX["kind"]]]):
        for name, index, convert in plan:
            value = values[index]
            data[name] = value if value is None or convert is None else convert(value)
    data["partner_ids"] = partner_ids
    data["review_comment"] = values[_REVIEW_COMMENT]
    return data


def activity_json(activity: Activity) -> dict[str, Any]:
    """An activity record as JSON, as a page lists it."""
    values = [getattr(activity, column.key) for column in ACTIVITY_COLUMNS]
    return activity_values(values, [s.id for s in activity.partners])
