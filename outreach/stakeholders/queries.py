"""Reads of the stakeholder register, always scoped to the user's sites."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from outreach.auth.models import User
from outreach.core.db import LIKE_ESCAPE, like_pattern
from outreach.core.pagination import Page, paginate
from outreach.core.permissions import in_scope, scope_site_ids
from outreach.extensions import db
from outreach.stakeholders.models import Stakeholder, StakeholderCategory, stakeholder_sites


@dataclass
class StakeholderFilters:
    q: str = ""
    site_id: int | None = None
    category: str = ""


def _visible_ids(user: User) -> sa.Select:
    return sa.select(stakeholder_sites.c.stakeholder_id).where(
        in_scope(user, stakeholder_sites.c.site_id)
    )


def visible_stakeholders(user: User) -> sa.Select:
    """Stakeholders linked to at least one site in the user's scope, not deleted."""
    stmt = sa.select(Stakeholder).where(Stakeholder.is_deleted.is_(False))
    if scope_site_ids(user) is not None:
        stmt = stmt.where(Stakeholder.id.in_(_visible_ids(user)))
    return stmt


def search_stakeholders(user: User, filters: StakeholderFilters, page: int) -> Page:
    stmt = visible_stakeholders(user)
    if filters.q:
        pattern = like_pattern(filters.q)
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Stakeholder.name).like(pattern, escape=LIKE_ESCAPE),
                sa.func.lower(Stakeholder.location).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    if filters.site_id:
        stmt = stmt.where(
            Stakeholder.id.in_(
                # only a site in scope: which stakeholders a hidden site shares is not told
                sa.select(stakeholder_sites.c.stakeholder_id).where(
                    stakeholder_sites.c.site_id == filters.site_id,
                    in_scope(user, stakeholder_sites.c.site_id),
                )
            )
        )
    if filters.category in {c.value for c in StakeholderCategory}:
        stmt = stmt.where(Stakeholder.category == StakeholderCategory(filters.category))
    return paginate(stmt.order_by(Stakeholder.name, Stakeholder.id), page)


def get_visible(user: User, stakeholder_id: int) -> Stakeholder | None:
    stmt = visible_stakeholders(user).where(Stakeholder.id == stakeholder_id)
    return db.session.scalar(stmt)


def _at_site(stmt: sa.Select, site_id: int) -> sa.Select:
    return (
        stmt.join(stakeholder_sites, stakeholder_sites.c.stakeholder_id == Stakeholder.id)
        .where(stakeholder_sites.c.site_id == site_id, Stakeholder.is_deleted.is_(False))
        .order_by(Stakeholder.name)
    )


def stakeholders_at_site(site_id: int) -> list[Stakeholder]:
    """Stakeholders of one site, with their own site lists loaded only when read."""
    stmt = sa.select(Stakeholder).options(lazyload(Stakeholder.sites))
    return list(db.session.scalars(_at_site(stmt, site_id)))


def stakeholder_choices(site_id: int) -> list[sa.Row]:
    """(id, name) of a site's stakeholders, for the pickers (beneficiary, partner, source)."""
    return list(db.session.execute(_at_site(sa.select(Stakeholder.id, Stakeholder.name), site_id)))


def ids_at_site(site_id: int, ids) -> set[int]:
    """Which of these ids are stakeholders (not removed) registered at the site."""
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        return set()
    wanted = {i for i in wanted if 0 < i < 2**31}  # what an id column can hold
    if not wanted:
        return set()
    stmt = _at_site(sa.select(Stakeholder.id), site_id).where(Stakeholder.id.in_(wanted))
    return set(db.session.scalars(stmt.order_by(None)))


def count_at_site(site_id: int) -> int:
    """Stakeholders (not removed) registered at a site."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(stakeholder_sites)
        .join(Stakeholder, Stakeholder.id == stakeholder_sites.c.stakeholder_id)
        .where(stakeholder_sites.c.site_id == site_id, Stakeholder.is_deleted.is_(False))
    )
