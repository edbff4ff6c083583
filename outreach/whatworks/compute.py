"""``compute_what_works``: estimate and store the results of every scope (or some), for the
command ``flask --app app what-works compute`` and for a job. Idempotent: each run replaces the
rows of the scopes it computed. The caller commits."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.whatworks import model
from outreach.whatworks.data import Panels, read_panels
from outreach.whatworks.models import WhatWorksResult

OUTCOMES = ("sentiment", "perception")


@dataclass(frozen=True)
class Scope:
    """The portfolio, one country, or the peers of a site (the sites of its kind in its
    country)."""

    country_code: str | None = None
    site_kind: str | None = None

    @property
    def key(self) -> str:
        if self.country_code is None:
            return "portfolio"
        if self.site_kind is None:
            return f"country:{self.country_code}"
        return f"peers:{self.country_code}:{self.site_kind}"

    def site_ids(self, panels: Panels) -> set[int]:
        return {
            site_id
            for site_id, (country, kind) in panels.sites.items()
            if self.country_code in (None, country) and self.site_kind in (None, kind)
        }


PORTFOLIO = Scope()


def every_scope(panels: Panels) -> list[Scope]:
    """The portfolio, each country with sites, each kind of site in each country."""
    countries = sorted({country for country, _ in panels.sites.values()})
    peers = sorted(set(panels.sites.values()))
    return [PORTFOLIO, *(Scope(c) for c in countries), *(Scope(c, k) for c, k in peers)]


def compute_what_works(
    country: str | None = None, today: dt.date | None = None, portfolio_only: bool = False
) -> list[WhatWorksResult]:
    """Estimate every scope (only ``country``'s and its peer groups' when given, only the
    portfolio with ``portfolio_only``) for every outcome and store the results; the caller
    commits (a job: ``enqueue("outreach.whatworks.compute:compute_what_works")``, then commit)."""
    panels = read_panels(today or dt.date.today())
    scopes = every_scope(panels)
    if country is not None:
        scopes = [s for s in scopes if s.country_code == country]
    if portfolio_only:
        scopes = [PORTFOLIO]
    config = current_app.config
    minimums = {
        "min_sites": int(config["WHAT_WORKS_MIN_SITES"]),
        "min_months": int(config["WHAT_WORKS_MIN_MONTHS"]),
    }
    stored = []
    for scope in scopes:
        ids = scope.site_ids(panels)
        for outcome in OUTCOMES:
            started = time.perf_counter()
            frame = panels.frames[outcome]
            frame = frame[frame["site"].isin(ids)]
            estimate = model.estimate(frame.drop(columns="n"), outcome, **minimums)
            used = frame[frame["y"].notna()]
            stored.append(
                _store(scope, estimate, int(used["n"].sum()), time.perf_counter() - started)
            )
    db.session.flush()
    return stored


def _store(scope: Scope, estimate: model.Estimate, items: int, seconds: float):
    row = db.session.scalar(
        sa.select(WhatWorksResult).where(
            WhatWorksResult.scope_key == scope.key,
            WhatWorksResult.outcome == estimate.outcome,
        )
    )
    if row is None:
        row = WhatWorksResult(scope_key=scope.key, outcome=estimate.outcome)
        db.session.add(row)
    row.country_code = scope.country_code
    row.site_kind = scope.site_kind
    row.status = estimate.status
    row.site_count = estimate.sites
    row.month_count = estimate.months
    row.basis = items
    row.result = estimate.to_json()
    row.computed_at = utcnow()
    row.seconds = round(seconds, 3)
    return row
