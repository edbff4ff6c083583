"""Reads about sites: lists in the user's scope and a site's summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from outreach.core.db import LIKE_ESCAPE, like_pattern
from outreach.core.permissions import visible_sites
from outreach.extensions import db
from outreach.sites.models import Country, Site, SiteKind

if TYPE_CHECKING:
    from outreach.auth.models import User


@dataclass
class SiteFilters:
    q: str = ""
    country: str = ""
    kind: str = ""
    include_archived: bool = False


def list_sites(user: User, filters: SiteFilters) -> list[Site]:
    """Sites in the user's scope that match the filters."""
    stmt = visible_sites(user, include_archived=filters.include_archived)
    if filters.q:
        pattern = like_pattern(filters.q)
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Site.name).like(pattern, escape=LIKE_ESCAPE),
                sa.func.lower(Site.code).like(pattern, escape=LIKE_ESCAPE),
                sa.func.lower(Site.province).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    if filters.country:
        stmt = stmt.where(Site.country_code == filters.country)
    if filters.kind in {k.value for k in SiteKind}:
        stmt = stmt.where(Site.kind == SiteKind(filters.kind))
    return list(db.session.scalars(stmt))


def countries_in_scope(user: User) -> list[Country]:
    """Countries having at least one site the user may see."""
    site_countries = visible_sites(user).with_only_columns(Site.country_code).order_by(None)
    stmt = sa.select(Country).where(Country.code.in_(site_countries)).order_by(Country.name)
    return list(db.session.scalars(stmt))


def all_countries() -> list[Country]:
    return list(db.session.scalars(sa.select(Country).order_by(Country.name)))


def taken_site_codes(except_site: Site | None = None) -> frozenset[str]:
    stmt = sa.select(Site.code)
    if except_site is not None:
        stmt = stmt.where(Site.id != except_site.id)
    return frozenset(db.session.scalars(stmt))


def all_currencies() -> list[str]:
    """The currencies of every country, each once, in alphabetical order."""
    stmt = sa.select(Country.currency).distinct().order_by(Country.currency)
    return list(db.session.scalars(stmt))
