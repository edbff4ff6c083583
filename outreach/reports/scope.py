"""What a report covers: one site, one country, or the whole portfolio — and who may report
on it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.core import labels
from outreach.extensions import db
from outreach.sites.models import Country, Site


class ScopeKind(StrEnum):
    SITE = "site"
    COUNTRY = "country"
    PORTFOLIO = "portfolio"


labels.register(
    ScopeKind,
    {
        ScopeKind.SITE: _l("Site"),
        ScopeKind.COUNTRY: _l("Country"),
        ScopeKind.PORTFOLIO: _l("Portfolio"),
    },
)


class ScopeError(ValueError):
    """The text does not name a scope, or names one that does not exist."""


@dataclass(frozen=True)
class ReportScope:
    kind: ScopeKind
    key: str  # site code, country code, or "" for the portfolio
    name: str  # "Malaysia", "MY-ECRL-01 · East Coast Rail Link", "Portfolio"
    country_code: str = ""  # the country of a site or country scope


#: the whole portfolio: only those whose scope is everything report on it
PORTFOLIO = ReportScope(ScopeKind.PORTFOLIO, "", "Portfolio")


def parse_scope(text: str) -> ReportScope:
    """ "country:MY", "site:MY-ECRL-01" or "portfolio" as a ReportScope of existing records."""
    kind, _, key = (text or "").strip().partition(":")
    kind, key = kind.lower(), key.strip()
    if kind == ScopeKind.PORTFOLIO and not key:
        return PORTFOLIO
    if kind == ScopeKind.COUNTRY and key:
        country = db.session.get(Country, key.upper()[:2])
        if country is None or len(key) != 2:
            raise ScopeError(f"no country with the code {key[:20]!r}")
        return ReportScope(ScopeKind.COUNTRY, country.code, country.name, country.code)
    if kind == ScopeKind.SITE and key:
        site = db.session.scalar(sa.select(Site).where(Site.code == key.upper()))
        if site is None:
            raise ScopeError(f"no site with the code {key[:20]!r}")
        return ReportScope(
            ScopeKind.SITE, site.code, f"{site.code} · {site.name}", site.country_code
        )
    raise ScopeError(
        f"{text[:40]!r} is not a scope; write country:MY, site:<site code> or portfolio"
    )


def scope_sites_stmt(scope: ReportScope) -> sa.Select:
    """The sites a scope covers (archived ones included: they stay in reports)."""
    stmt = sa.select(Site).order_by(Site.code)
    if scope.kind == ScopeKind.SITE:
        return stmt.where(Site.code == scope.key)
    if scope.kind == ScopeKind.COUNTRY:
        return stmt.where(Site.country_code == scope.key)
    return stmt
