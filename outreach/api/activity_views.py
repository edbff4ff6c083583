"""Activities: read one, list them page by page (filters, ``updated_since`` for a mirror)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import sqlalchemy as sa
from flask_login import current_user
from pydantic import Field
from sqlalchemy.orm import lazyload, selectinload

from outreach.activities.kinds import ActivityKind, ActivityState
from outreach.activities.models import Activity
from outreach.api import activity_schemas as schemas
from outreach.api.blueprint import bp
from outreach.api.loading import activity_or_404, requires
from outreach.api.pagination import keyset_page, page_response
from outreach.api.query import MirrorQuery, parse_query
from outreach.api.responses import json_response
from outreach.api.serialize import activity_json, attachment_json, etag
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


def _filtered(query: ActivityQuery) -> sa.Select:
    stmt = sa.select(Activity).where(in_scope(current_user, Activity.site_id, "record.view"))
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
    return stmt.options(
        lazyload(Activity.site),
        lazyload(Activity.author),
        lazyload(Activity.correctors),
        selectinload(Activity.partners),
    )


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
    rows, cursor = keyset_page(stmt, order, query.cursor, query.limit, db.session)
    return page_response([activity_json(a) for a in rows], cursor)


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
