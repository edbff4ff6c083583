"""Reads of activities and commitments, always scoped to the user's sites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from outreach.activities import counting
from outreach.activities.kinds import ActivityKind, ActivityState, Cause, CommitmentStatus
from outreach.activities.models import Activity, Commitment
from outreach.auth.models import User
from outreach.core.db import LIKE_ESCAPE, like_pattern
from outreach.core.pagination import Page, paginate
from outreach.core.permissions import in_scope
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.sites.models import Site

OPEN_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


@dataclass
class ActivityFilters:
    q: str = ""
    site_id: int | None = None
    kind: str = ""
    state: str = ""
    cause: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def filters_from_args(args) -> ActivityFilters:
    """Filters from a query string; anything odd is ignored rather than an error."""
    return ActivityFilters(
        q=args.get("q", "").strip()[:100],
        site_id=int_arg(args.get("site")),
        kind=args.get("kind", "")[:20],
        state=args.get("state", "")[:20],
        cause=args.get("cause", "")[:20],
        date_from=_date(args.get("from")),
        date_to=_date(args.get("to")),
    )


def visible_activities(user: User) -> sa.Select:
    """Activities at the user's sites that are not deleted."""
    return sa.select(Activity).where(
        in_scope(user, Activity.site_id), Activity.is_deleted.is_(False)
    )


def filtered_activities(user: User, filters: ActivityFilters) -> sa.Select:
    """The user's activities matching the filters, newest first (lists and exports)."""
    stmt = visible_activities(user)
    if filters.site_id:
        stmt = stmt.where(Activity.site_id == filters.site_id)
    if filters.kind in {k.value for k in ActivityKind}:
        stmt = stmt.where(Activity.kind == ActivityKind(filters.kind))
    if filters.state in {s.value for s in ActivityState}:
        stmt = stmt.where(Activity.state == ActivityState(filters.state))
    if filters.cause in {c.value for c in Cause}:
        stmt = stmt.where(Activity.cause == Cause(filters.cause))
    if filters.date_from:
        stmt = stmt.where(Activity.activity_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Activity.activity_date <= filters.date_to)
    if filters.q:
        pattern = like_pattern(filters.q)
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Activity.title).like(pattern, escape=LIKE_ESCAPE),
                sa.func.lower(Activity.description).like(pattern, escape=LIKE_ESCAPE),
                sa.func.lower(Activity.place).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    return stmt.order_by(Activity.activity_date.desc(), Activity.id.desc())


def search_activities(user: User, filters: ActivityFilters, page: int) -> Page:
    return paginate(filtered_activities(user, filters), page)


def export_activities(user: User, filters: ActivityFilters) -> list[Activity]:
    """Every activity of the filtered, scoped list (no paging), with what the export shows."""
    stmt = filtered_activities(user, filters).options(selectinload(Activity.beneficiary))
    return list(db.session.scalars(stmt))


def get_visible_activity(user: User, activity_id: int) -> Activity | None:
    return db.session.scalar(visible_activities(user).where(Activity.id == activity_id))


def review_queue(user: User) -> list[Activity]:
    """Entries waiting for review that this user may review (never their own), oldest first."""
    stmt = (
        visible_activities(user)
        .where(Activity.state == ActivityState.SUBMITTED, Activity.author_id != user.id)
        .order_by(Activity.submitted_at, Activity.id)
    )
    return list(db.session.scalars(stmt))


def entries_waiting_on_author(user: User, limit: int = 20) -> list[Activity]:
    """The user's own entries that wait on them: returned for changes first, then drafts."""
    waiting = (ActivityState.RETURNED, ActivityState.DRAFT)
    stmt = (
        visible_activities(user)
        .where(Activity.author_id == user.id, Activity.state.in_(waiting))
        .order_by(
            (Activity.state != ActivityState.RETURNED),
            Activity.activity_date.desc(),
            Activity.id.desc(),
        )
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def review_count(user: User) -> int:
    stmt = (
        sa.select(sa.func.count(Activity.id))
        .where(in_scope(user, Activity.site_id), Activity.is_deleted.is_(False))
        .where(Activity.state == ActivityState.SUBMITTED, Activity.author_id != user.id)
    )
    return db.session.scalar(stmt) or 0


def approved_activities(site_ids: sa.Select | list[int] | None = None) -> sa.Select:
    """Approved, not deleted activities (optionally of some sites): what counts downstream."""
    stmt = sa.select(Activity).where(counting.counted())
    if site_ids is not None:
        stmt = stmt.where(Activity.site_id.in_(site_ids))
    return stmt


def site_timeline(site: Site, limit: int = 20) -> list[Activity]:
    """The site's latest approved activities, newest first."""
    stmt = (
        approved_activities([site.id])
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


@dataclass
class CommitmentFilters:
    site_id: int | None = None
    status: str = ""
    overdue: bool = False


def visible_commitments(user: User) -> sa.Select:
    return sa.select(Commitment).where(
        in_scope(user, Commitment.site_id), Commitment.is_deleted.is_(False)
    )


def overdue_clause(today: dt.date | None = None) -> sa.ColumnElement[bool]:
    return sa.and_(
        Commitment.status.in_(OPEN_STATUSES), Commitment.due_date < (today or dt.date.today())
    )


def search_commitments(user: User, filters: CommitmentFilters, page: int) -> Page:
    stmt = visible_commitments(user)
    if filters.site_id:
        stmt = stmt.where(Commitment.site_id == filters.site_id)
    if filters.status in {s.value for s in CommitmentStatus}:
        stmt = stmt.where(Commitment.status == CommitmentStatus(filters.status))
    if filters.overdue:
        stmt = stmt.where(overdue_clause())
    return paginate(stmt.order_by(Commitment.due_date, Commitment.id), page)


def get_visible_commitment(user: User, commitment_id: int) -> Commitment | None:
    return db.session.scalar(visible_commitments(user).where(Commitment.id == commitment_id))
