"""Collect everything a report shows, for a scope and a period, as a ReportData.

Wiring status (for the integrator of issue 5, the dashboard queries):

WIRED on this branch
    scope (name, country), period, languages, issuer, reporting currency, generation time,
    data cut-off, and the per-site table's identity columns (code, name, country) for every
    site in scope, archived ones included.

NOT WIRED yet — fill these from ``outreach.dashboards.queries`` for (site ids, period) so the
report and the dashboard cannot disagree; approved entries only:
    * ``kpis``: investment total, people reached, consultations, sentiment index, grievances
      received, each with ``previous`` from ``period.previous()``;
    * ``investment`` (B4SI inputs by type, by cause, by motivation, in the reporting currency)
      and ``methods.exchange_rates`` / ``methods.unconverted`` from the same conversion;
    * ``outputs``, ``engagement`` (participants by gender and vulnerable group, commitments
      made/kept/overdue), ``voice`` (sentiment by month, surveys, top categories),
      ``grievances`` (IFC PS1 performance);
    * the numeric columns of ``sites`` (SiteRow.investment, people_reached, …);
    * ``photos``: up to six approved activity photos (bytes, mime type, caption, site code);
    * ``charts``: the dashboard's SVG chart functions applied to the same numbers
      (``outreach.reports.charts`` holds stand-ins with the same inputs).
Until then those sections print as empty or zero.
"""

from __future__ import annotations

from flask import current_app

from outreach.auth.models import User
from outreach.core.db import utcnow
from outreach.core.periods import Period
from outreach.extensions import db
from outreach.reports.data import MethodsNote, ReportData, SiteRow
from outreach.reports.scope import ReportScope, scope_sites_stmt


def gather_report_data(
    scope: ReportScope, period: Period, languages: list[str], issuer: User | None
) -> ReportData:
    """The report's content for a scope and period, in plain data."""
    now = utcnow()
    sites = list(db.session.scalars(scope_sites_stmt(scope)))
    return ReportData(
        scope=scope,
        period=period,
        languages=list(languages),
        issuer_name=issuer.name if issuer else "Outreach",
        currency=current_app.config["REPORTING_CURRENCY"],
        generated_at=now,
        sites=[SiteRow(code=s.code, name=s.name, country=s.country_code) for s in sites],
        methods=MethodsNote(data_cutoff=now),
    )
