"""Keeping the monthly rollups equal to the raw rows.

One SELECT per rollup table says how a (site, month) bucket is computed from raw rows. The
same SELECT recomputes one bucket after an operation (``refresh_activity``/``refresh_feedback``,
called by the activities and feedback operations inside their transaction), adds a new feedback
item's own share to its buckets (``add_feedback``: the SELECT restricted to that row, added
with an upsert, so the cost does not grow with the month's size) and rebuilds everything at
once (``rebuild``: INSERT … SELECT … GROUP BY).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from outreach.activities import counting
from outreach.activities.kinds import ActivityKind, Cause, Motivation
from outreach.activities.models import Activity
from outreach.core.periods import month_end, month_of, month_start
from outreach.extensions import db
from outreach.feedback.models import Feedback, feedback_category_links
from outreach.stats.models import (
    GRIEVANCE_STATUS_COLUMNS,
    ROLLUP_TABLES,
    activity_rollups,
    feedback_rollups,
    grievance_rollups,
    resolve_day_rollups,
)

A = Activity
F = Feedback


def month_key(column) -> sa.ColumnElement[int]:
    """year × 100 + month of a date column, in SQL."""
    return sa.cast(sa.extract("year", column) * 100 + sa.extract("month", column), sa.Integer)


def _sum(expr) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(expr), 0)


def _count_if(condition) -> sa.ColumnElement:
    return _sum(sa.case((condition, 1), else_=0))


def _scaled(expr, factor: int) -> sa.ColumnElement:
    """A sum in whole cents (×100) or tenths of an hour (×10)."""
    return sa.cast(sa.func.round(_sum(expr) * factor), sa.BigInteger)


def _if(condition, expr):
    return sa.case((condition, expr), else_=0)


def _activity_columns() -> list[sa.ColumnElement]:
    money = counting.money_inputs(A)
    hours = sa.func.coalesce(A.staff_hours, 0)
    kind = A.kind
    columns = [
        sa.func.count().label("activities"),
        _count_if(kind == ActivityKind.FESTIVAL).label("events"),
        _sum(sa.func.coalesce(A.attendance, 0)).label("attendance"),
        _count_if(kind == ActivityKind.DONATION).label("donations"),
        _sum(sa.func.coalesce(A.beneficiaries, 0)).label("beneficiaries"),
        _count_if(kind == ActivityKind.CONSULTATION).label("consultations"),
        _sum(sa.func.coalesce(A.participants, 0)).label("participants"),
        _sum(sa.func.coalesce(A.participants_women, 0)).label("participants_women"),
        _sum(sa.func.coalesce(A.participants_men, 0)).label("participants_men"),
        _count_if(kind == ActivityKind.TRAINING).label("trainings"),
        _sum(sa.func.coalesce(A.trainees, 0)).label("trainees"),
        _sum(sa.func.coalesce(A.trainees_women, 0)).label("trainees_women"),
        _scaled(sa.func.coalesce(A.cash_amount, 0), 100).label("cash"),
        _scaled(sa.func.coalesce(A.in_kind_value, 0), 100).label("in_kind"),
        _scaled(sa.func.coalesce(A.cost_amount, 0), 100).label("cost"),
    ]
    columns += [_scaled(_if(A.cause == c, money), 100).label(f"cause_{c.value}") for c in Cause]
    columns += [
        _scaled(_if(A.motivation == m, money), 100).label(f"motivation_{m.value}")
        for m in Motivation
    ]
    columns.append(_scaled(hours, 10).label("staff_hours"))
    columns += [
        _scaled(_if(A.cause == c, hours), 10).label(f"cause_{c.value}_hours") for c in Cause
    ]
    columns += [
        _scaled(_if(A.motivation == m, hours), 10).label(f"motivation_{m.value}_hours")
        for m in Motivation
    ]
    columns.append(
        sa.func.max(sa.case((kind == ActivityKind.CONSULTATION, A.activity_date))).label(
            "last_consultation"
        )
    )
    return columns


def activity_select(where=None) -> sa.Select:
    where = sa.true() if where is None else where
    """Approved, not deleted activities summed by site, month and currency."""
    month = month_key(A.activity_date)
    return (
        sa.select(A.site_id, month.label("month"), A.currency, *_activity_columns())
        .where(counting.counted(A), where)
        .group_by(A.site_id, month, A.currency)
    )


def feedback_select(where=None) -> sa.Select:
    where = sa.true() if where is None else where
    month = month_key(F.received_on)
    scored = sa.and_(F.reviewed.is_(True), F.sentiment.is_not(None))
    grievance = F.is_grievance.is_(True)
    return (
        sa.select(
            F.site_id,
            month.label("month"),
            sa.func.count().label("feedback"),
            _count_if(scored).label("scored"),
            _sum(_if(scored, F.sentiment)).label("sentiment_sum"),
            _count_if(grievance).label("grievances"),
            _count_if(
                sa.and_(grievance, F.acknowledged_on.is_not(None), F.acknowledged_on <= F.ack_due)
            ).label("acknowledged_on_time"),
            _count_if(sa.and_(grievance, F.resolved_on.is_not(None))).label("resolved"),
        )
        .where(F.is_deleted.is_(False), where)
        .group_by(F.site_id, month)
    )


def _days_to_resolve() -> sa.ColumnElement[int]:
    if db.engine.dialect.name == "sqlite":
        return sa.cast(
            sa.func.julianday(F.resolved_on) - sa.func.julianday(F.received_on), sa.Integer
        )
    return sa.cast(F.resolved_on - F.received_on, sa.Integer)


def resolve_days_select(where=None) -> sa.Select:
    where = sa.true() if where is None else where
    month = month_key(F.received_on)
    days = _days_to_resolve()
    return (
        sa.select(F.site_id, month.label("month"), days.label("days"), sa.func.count())
        .where(
            F.is_deleted.is_(False),
            F.is_grievance.is_(True),
            F.resolved_on.is_not(None),
            where,
        )
        .group_by(F.site_id, month, days)
    )


def grievance_select(where=None) -> sa.Select:
    where = sa.true() if where is None else where
    month = month_key(F.received_on)
    category = sa.func.coalesce(feedback_category_links.c.category_id, 0)
    return (
        sa.select(
            F.site_id,
            month.label("month"),
            category.label("category_id"),
            *[_count_if(F.status == status).label(status) for status in GRIEVANCE_STATUS_COLUMNS],
        )
        .select_from(F)
        .outerjoin(feedback_category_links, feedback_category_links.c.feedback_id == F.id)
        .where(F.is_deleted.is_(False), F.is_grievance.is_(True), where)
        .group_by(F.site_id, month, category)
    )


def _insert(table: sa.Table, select: sa.Select) -> None:
    names = [c.name for c in table.columns]
    db.session.execute(table.insert().from_select(names, select))


def _lock_bucket(table: sa.Table, site_id: int, month: int) -> None:
    """One transaction at a time recomputes a bucket.

    On PostgreSQL two transactions adding feedback to the same site and month would both
    delete the bucket's row and both insert it again (a duplicate key); a transaction-level
    advisory lock queues the second until the first commits, and its statements then see the
    first one's rows. SQLite already runs one writing transaction at a time.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        name = f"rollup:{table.name}:{site_id}:{month}"
        db.session.execute(
            sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(name, 0)))
        )


def _refresh(tables_selects, date_column, site_id: int, month: int) -> None:
    _lock_bucket(tables_selects[0][0], site_id, month)
    first, last = month_start(month), month_end(month)
    where = sa.and_(date_column.between(first, last), date_column.is_not(None))
    for table, make_select in tables_selects:
        db.session.execute(table.delete().where(table.c.site_id == site_id, table.c.month == month))
        site_column = A.site_id if date_column is A.activity_date else F.site_id
        _insert(table, make_select(sa.and_(where, site_column == site_id)))


def bucket(site_id: int | None, day: dt.date | None) -> tuple[int, int] | None:
    """The (site, month) an activity or feedback item counts in."""
    if site_id is None or day is None:
        return None
    return site_id, month_of(day)


def activity_key(activity: Activity) -> tuple[int, int] | None:
    return bucket(activity.site_id, activity.activity_date)


def feedback_key(feedback: Feedback) -> tuple[int, int] | None:
    return bucket(feedback.site_id, feedback.received_on)


def refresh_activity(activity: Activity, before: tuple[int, int] | None = None) -> None:
    """Recompute the buckets an activity counted in before and counts in now."""
    db.session.flush()
    for key in _keys([before, activity_key(activity)]):
        _refresh([(activity_rollups, activity_select)], A.activity_date, *key)


FEEDBACK_ROLLUPS = [
    (feedback_rollups, feedback_select),
    (resolve_day_rollups, resolve_days_select),
    (grievance_rollups, grievance_select),
]


def refresh_feedback(feedback: Feedback, before: tuple[int, int] | None = None) -> None:
    """Recompute the buckets a feedback item counted in before and counts in now."""
    db.session.flush()
    for key in _keys([before, feedback_key(feedback)]):
        _refresh(FEEDBACK_ROLLUPS, F.received_on, *key)


def refresh_buckets(activity_keys, feedback_keys) -> None:
    """Recompute the buckets a batch of writes touched, each once."""
    db.session.flush()
    for key in _keys(activity_keys):
        _refresh([(activity_rollups, activity_select)], A.activity_date, *key)
    for key in _keys(feedback_keys):
        _refresh(FEEDBACK_ROLLUPS, F.received_on, *key)


def add_feedback(feedback: Feedback) -> None:
    """Add a newly recorded feedback item to its buckets: what the bucket SELECTs compute from
    this one row, added to the stored row (or inserted when the bucket has none yet)."""
    db.session.flush()
    key = feedback_key(feedback)
    if key is None:
        return
    _lock_bucket(feedback_rollups, *key)
    upserts = _feedback_upserts(db.session.get_bind().dialect.name)
    # The resolve-day and grievance rollups count grievances only.
    for stmt in upserts if feedback.is_grievance else upserts[:1]:
        db.session.execute(stmt, {"feedback_id": feedback.id})


@functools.cache
def _feedback_upserts(dialect_name: str) -> list[sa.Insert]:
    """INSERT … SELECT (one feedback item's share) ON CONFLICT add it, per rollup table."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    upserts = []
    for table, make_select in FEEDBACK_ROLLUPS:
        keys = [c.name for c in table.primary_key]
        names = [c.name for c in table.columns]
        select = make_select(F.id == sa.bindparam("feedback_id"))
        stmt = dialect.insert(table).from_select(names, select)
        set_ = {n: table.c[n] + stmt.excluded[n] for n in names if n not in keys}
        upserts.append(stmt.on_conflict_do_update(index_elements=keys, set_=set_))
    return upserts


def _keys(keys: Iterable[tuple[int, int] | None]) -> list[tuple[int, int]]:
    return sorted({k for k in keys if k is not None})


def rebuild() -> dict[str, int]:
    """Recompute every rollup from the raw rows; returns the row count of each table."""
    for table in ROLLUP_TABLES:
        db.session.execute(table.delete())
    _insert(activity_rollups, activity_select())
    _insert(feedback_rollups, feedback_select())
    _insert(resolve_day_rollups, resolve_days_select())
    _insert(grievance_rollups, grievance_select())
    db.session.flush()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in ROLLUP_TABLES
    }
