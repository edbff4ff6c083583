"""Activities: read one, list them page by page (filters, ``updated_since`` for a mirror)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import sqlalchemy as sa
from flask_login import current_user
from pydantic import Field

from outreach.activities.kinds import ActivityKind, ActivityState
from outreach.activities.models import Activity, activity_partners
from outreach.api import activity_schemas as schemas
from outreach.api.blueprint import bp
from outreach.api.loading import activity_or_404, requires
from outreach.api.pagination import keyset_page, page_response
from outreach.api.query import MirrorQuery, parse_query
from outreach.api.responses import json_response
from outreach.api.serialize import (
    ACTIVITY_COLUMNS,
    activity_json,
    activity_values,
    attachment_json,
    etag,
)
from outreach.api.spec import operation
from outreach.core.permissions import in_scope
from outreach.core.urls import MAX_ID
from outreach.extensions import db
from outreach.sites.models import Site


class ActivityQuery(MirrorQuery):
    site: int | None = Field(None, ge=1, le=MAX_ID)
    country: str | None = Field(None, max_length=2)
    kind: Literal[tuple(k.value for k in ActivityKind)] | None = None
    status: Literal[tuple(s.value for s in ActivityState)] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


#: the columns a page reads; a choice is read as the text it is stored as (its value), which
#: is what its JSON says, without making an enum of it first
_PAGE_COLUMNS = [
    sa.type_coerce(c, sa.String).label(c.key) if isinstance(c.type, sa.Enum) else c
    for c in ACTIVITY_COLUMNS
]


def _filtered(query: ActivityQuery) -> sa.Select:
    """The rows of a page (no records are built: a page is read as plain rows, with only the
    columns its JSON shows)."""
    stmt = sa.select(*_PAGE_COLUMNS).where(in_scope(current_user, Activity.site_id, "record.view"))
    if query.site is not None:
        stmt = stmt.where(Activity.site_id == query.site)
    if query.country:
        sites = sa.select(Site.id).where(Site.country_code == query.country.upper())
        stmt = stmt.where(Activity.site_id.in_(sites))
    if query.kind:
        stmt = stmt.where(Activity.kind == ActivityKind(query.kind))
    if query.status:
        stmt = stmt.where(Activity.state == ActivityState(query.status))
    if query.date_from:
        stmt = stmt.where(Activity.activity_date >= query.date_from)
    if query.date_to:
        stmt = stmt.where(Activity.activity_date <= query.date_to)
    return stmt


def _partner_ids(activity_ids: list[int]) -> dict[int, list[int]]:
    """The partners of a page of activities, in one query."""
    found: dict[int, list[int]] = {}
    if activity_ids:
        links = db.session.execute(
            sa.select(activity_partners.c.activity_id, activity_partners.c.stakeholder_id)
            .where(activity_partners.c.activity_id.in_(activity_ids))
            .order_by(activity_partners.c.stakeholder_id)
        )
        for activity_id, stakeholder_id in links:
            found.setdefault(activity_id, []).append(stakeholder_id)
    return found


@bp.get("/activities")
@operation(tags=("activities",), query=ActivityQuery, ok={"HTTP_200": schemas.ActivityPage})
@requires("record.view")
def list_activities():
    """Activities at the caller's sites, oldest first, page by page; with ``updated_since``
    those changed since then in the order of their change, removed ones as ``deleted``."""
    query = parse_query(ActivityQuery)
    stmt = _filtered(query)
    since = query.since()
    if since is None:
        stmt = stmt.where(Activity.is_deleted.is_(False))
        order = (Activity.id,)
    else:
        stmt = stmt.where(Activity.updated_at >= since)
        order = (Activity.updated_at, Activity.id)
    rows, cursor = keyset_page(stmt, order, query.cursor, query.limit, db.session, rows=True)
    partners = _partner_ids([row.id for row in rows])
    return page_response([activity_values(row, partners.get(row.id, [])) for row in rows], cursor)


@bp.get("/activities/<int:activity_id>")
@operation(tags=("activities",), ok={"HTTP_200": schemas.ActivityOut})
@requires("record.view")
def get_activity(activity_id: int):
    """One activity with its attachments and commitments; ``ETag`` is its version."""
    activity = activity_or_404(activity_id)
    data = activity_json(activity)
    data["attachments"] = [attachment_json(a) for a in activity.attachments]
    data["commitment_ids"] = [c.id for c in activity.commitments if not c.is_deleted]
    return json_response(data, headers={"ETag": etag(activity)})
