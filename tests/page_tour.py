"""A tour of every page: one real address per GET route of the URL map, filled with records of
the demo data that the role may see (as ``tests/foundation/test_access_matrix.py`` fills a
route's arguments). The accessibility and HTML checks walk it in every role."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from outreach.activities.models import Activity, Commitment
from outreach.auth.models import User
from outreach.core.money import ExchangeRate
from outreach.extensions import db
from outreach.feedback.models import Feedback
from outreach.sites.models import Site
from outreach.stakeholders.models import Stakeholder
from tests import factories

ROLES = ("anonymous", "field", "manager", "partner", "admin")
#: the demo site whose records fill the addresses
SITE_CODE = "MY-ECR-01"
#: routes that answer with a file, an image or JSON rather than a page
NOT_PAGES = {
    "static",
    "ops.healthz",
    "dashboards.map_outlines",
    "activities.download_attachment",
    "activities.preview_attachment",
    "activities.export_activities",
    "feedback.export_feedback",
    "feedback.export_grievances",
    "feedback.poster",
    "reports.download_pdf",
    "reports.download_xlsx",
}
ACTIVITY_KINDS = ("festival", "donation", "consultation", "training")


def _first(statement):
    return db.session.scalars(statement.limit(1)).first()


def tour_site() -> Site:
    return db.session.scalar(sa.select(Site).where(Site.code == SITE_CODE))


def user_for(role: str, **kwargs):
    """A new account of the role whose scope holds the tour's site (None: not signed in)."""
    site = tour_site()
    if role == "anonymous":
        return None
    if role == "field":
        return factories.user(role=role, sites=[site], **kwargs)
    if role in ("manager", "partner"):
        return factories.user(role=role, countries=[site.country_code], **kwargs)
    return factories.user(role=role, **kwargs)


def records() -> dict:
    """The values that fill the routes' arguments: records of the tour's site, an issued report
    of its country, an exchange rate and a user."""
    site = tour_site()
    report = factories.issued_report(country=site.country_code)
    return {
        "site_id": site.id,
        "site_code": site.code,
        "code": site.country_code,
        "activity_id": _first(sa.select(Activity.id).where(Activity.site_id == site.id)),
        "commitment_id": _first(sa.select(Commitment.id).where(Commitment.site_id == site.id)),
        "feedback_id": _first(
            sa.select(Feedback.id).where(Feedback.site_id == site.id, Feedback.is_grievance)
        ),
        "stakeholder_id": _first(
            sa.select(Stakeholder.id).where(Stakeholder.sites.any(Site.id == site.id))
        ),
        "rate_id": _first(sa.select(ExchangeRate.id)),
        "user_id": _first(sa.select(User.id)),
        "report_id": report.id,
        "verify_code": report.verification_code,
    }


def page_urls(app, values: dict) -> list[str]:
    """One real address per page route (each activity kind's form counted as a page)."""
    urls = set()
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            filled = {k: v for k, v in values.items() if k in rule.arguments}
            if rule.endpoint == "reports.verify" and "code" in rule.arguments:
                filled["code"] = values["verify_code"]
            for kind in ACTIVITY_KINDS if "kind" in rule.arguments else (None,):
                if kind:
                    filled["kind"] = kind
                if set(rule.arguments) <= set(filled):
                    urls.add(url_for(rule.endpoint, **filled))
    return sorted(urls)
