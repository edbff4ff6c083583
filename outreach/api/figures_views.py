"""Dashboard figures for a scope and a period, built by the dashboards' own ``build`` and
withheld by the disclosure rule as the caller's page withholds them: a partner gets the
aggregates of their countries only, without the site ranking and without figures built from
too few feedback items (``null`` with ``suppressed: true``), never personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from outreach.api.blueprint import bp
from outreach.api.query import QueryError
from outreach.api.responses import json_response
from outreach.api.schemas import DecimalString
from outreach.api.serialize import decimal_text
from outreach.api.spec import operation
from outreach.core.disclosure import audience_of
from outreach.core.periods import PeriodError, parse_period
from outreach.core.permissions import can, in_scope, scope_site_ids
from outreach.core.urls import MAX_ID
from outreach.dashboards.dashboard import build
from outreach.extensions import db
from outreach.sites.models import Site


class FiguresQuery(BaseModel):
    """The scope (a country, a site, or the caller's whole scope) and the period, as the
    dashboard's filters: ``period=month&month=2025-03``, ``period=quarter&quarter=2025-Q1``,
    ``period=year&year=2025``, ``period=custom&from=2025-01&to=2025-06``; by default the
    last twelve months."""

    model_config = ConfigDict(extra="ignore")

    country: str | None = Field(None, max_length=2)
    site: int | None = Field(None, ge=1, le=MAX_ID)
    period: str | None = Field(None, max_length=10)
    month: str | None = Field(None, max_length=10)
    quarter: str | None = Field(None, max_length=10)
    year: str | None = Field(None, max_length=10)


class Figure(BaseModel):
    """A figure of the dashboard; ``unit`` says what it counts (money, count, percent, days,
    score). Money is a decimal string in the figures' ``currency`` ("1250.50"), exact; the
    others are numbers."""

    key: str
    value: DecimalString | float | None
    previous: DecimalString | float | None
    unit: str
    suppressed: bool


class Figures(BaseModel):
    period_start: str
    period_end: str
    currency: str
    figures: list[Figure]
    investment_by_input: dict[str, DecimalString]
    investment_by_cause: dict[str, DecimalString]
    participation: dict[str, dict[str, int]]
    grievances_by_category: dict[str, dict[str, int]]


def _number(value, unit: str) -> str | float | int | None:
    """Money as an exact decimal string; other figures as JSON numbers."""
    if value is None:
        return None
    if unit == "money":
        return decimal_text(value)
    return float(value) if isinstance(value, Decimal) else value


def _site_ids(country: str, site_id: int | None):
    """The sites the figures cover: the caller's scope (a partner's countries), narrowed."""
    if can(current_user, "dashboard.partner"):
        codes = {c.code for c in current_user.countries}
        if country and country not in codes:
            abort(404)
        stmt = sa.select(Site.id).where(Site.country_code.in_([country] if country else codes))
    else:
        if scope_site_ids(current_user) is None and not country and not site_id:
            return None
        stmt = sa.select(Site.id).where(in_scope(current_user, Site.id))
        if country:
            stmt = stmt.where(Site.country_code == country)
    if site_id:
        stmt = stmt.where(Site.id == site_id)
    ids = list(db.session.scalars(stmt))
    if site_id and not ids:
        abort(404)
    return ids


@bp.get("/figures")
@operation(tags=("figures",), query=FiguresQuery, ok={"HTTP_200": Figures})
def figures():
    """The dashboard's figures for a scope and a period, as the caller's dashboard shows them."""
    if not (can(current_user, "dashboard.view") or can(current_user, "dashboard.partner")):
        abort(403)
    try:
        query = FiguresQuery.model_validate(request.args.to_dict())
        period = parse_period(request.args, dt.date.today())
    except PeriodError as error:
        raise QueryError(["period"]) from error
    except ValueError as error:  # pydantic's ValidationError
        raise QueryError([str(e["loc"][0]) for e in error.errors() if e["loc"]]) from error
    country = (query.country or "").upper()
    dashboard = build(
        _site_ids(country, query.site),
        period,
        dt.date.today(),
        audience=audience_of(current_user),
        partner=can(current_user, "dashboard.partner"),
    )
    return json_response(
        {
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            "currency": dashboard.currency,
            "figures": [
                {
                    "key": k.key,
                    "value": None if k.suppressed else _number(k.value, k.unit),
                    "previous": None if k.suppressed else _number(k.previous, k.unit),
                    "unit": k.unit,
                    "suppressed": k.suppressed,
                }
                for k in dashboard.kpis
            ],
            "investment_by_input": {
                k: decimal_text(v) for k, v in dashboard.money.by_input.items()
            },
            "investment_by_cause": {
                k: decimal_text(v) for k, v in dashboard.money.by_cause.items()
            },
            "participation": dashboard.participation,
            "grievances_by_category": {n.recorded: s for n, s in dashboard.grievances},
        }
    )
