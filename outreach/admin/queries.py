"""Reads for the administration pages: accounts, exchange rates and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from outreach.auth.models import User
from outreach.core.audit import AuditEvent
from outreach.core.db import LIKE_ESCAPE, like_pattern
from outreach.core.money import ExchangeRate
from outreach.core.pagination import Page, paginate
from outreach.extensions import db


def list_users(q: str = "") -> list[User]:
    stmt = (
        sa.select(User)
        .options(selectinload(User.sites), selectinload(User.countries))
        .order_by(User.active.desc(), User.name)
    )
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.name).like(pattern, escape=LIKE_ESCAPE),
                User.email.like(pattern, escape=LIKE_ESCAPE),
            )
        )
    return list(db.session.scalars(stmt))


def taken_emails(except_user: User | None = None) -> frozenset[str]:
    stmt = sa.select(User.email)
    if except_user is not None:
        stmt = stmt.where(User.id != except_user.id)
    return frozenset(db.session.scalars(stmt))


@dataclass
class AuditFilters:
    user_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def search_audit(filters: AuditFilters, page: int) -> Page:
    stmt = sa.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.user_id:
        stmt = stmt.where(AuditEvent.user_id == filters.user_id)
    if filters.object_type:
        stmt = stmt.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        stmt = stmt.where(AuditEvent.object_id == filters.object_id)
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=dt.UTC)
        stmt = stmt.where(AuditEvent.created_at >= start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to, dt.time.max, tzinfo=dt.UTC)
        stmt = stmt.where(AuditEvent.created_at <= end)
    return paginate(stmt, page, per_page=50)


def audited_object_types() -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
        )
    )


def exchange_rates(reporting: str, currency: str, page: int) -> Page:
    """Rates into the reporting currency (of one currency, if given), newest first."""
    stmt = sa.select(ExchangeRate).where(ExchangeRate.reporting_currency == reporting)
    if currency:
        stmt = stmt.where(ExchangeRate.currency == currency)
    stmt = stmt.order_by(ExchangeRate.valid_from.desc(), ExchangeRate.currency, ExchangeRate.id)
    return paginate(stmt, page)


def rate_currencies(reporting: str) -> list[str]:
    """The currencies that have a rate into the reporting currency, for the filter."""
    stmt = (
        sa.select(ExchangeRate.currency)
        .where(ExchangeRate.reporting_currency == reporting)
        .distinct()
        .order_by(ExchangeRate.currency)
    )
    return list(db.session.scalars(stmt))


def rate_start_days(reporting: str) -> set[tuple[str, dt.date]]:
    """(currency, first day) of every rate: a second rate may not start on the same day."""
    stmt = sa.select(ExchangeRate.currency, ExchangeRate.valid_from).where(
        ExchangeRate.reporting_currency == reporting
    )
    return {(currency, day) for currency, day in db.session.execute(stmt)}


def organisation_profile():
    """The organisation profile, or None before an admin sets it."""
    from outreach.admin.models import PROFILE_ID, OrganisationProfile

    return db.session.get(OrganisationProfile, PROFILE_ID)
