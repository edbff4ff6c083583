"""The app's routes, as the generated security tests see them: every rule of ``app.url_map``,
a URL for it built from a small world of records (one set in the signed-in user's scope, one
outside it), and where each route's access expectation is declared.

Expectations live in the per-feature matrices (tests/foundation/test_access_matrix.py,
tests/activities/test_access.py, tests/feedback/test_access.py, tests/reports/test_views.py,
tests/api/test_access_matrix.py)
and, for the routes those do not cover, in ``tests/security/test_route_guard.py``. A route with
no expectation anywhere fails ``test_every_route_has_an_expectation`` by name.
"""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from flask import url_for
from werkzeug.datastructures import FileStorage

from outreach.activities import operations as activity_ops
from outreach.activities.kinds import ActivityState
from outreach.core import uploads
from outreach.feedback.models import FeedbackCategory
from tests import factories
from tests.activities.test_uploads import jpeg_bytes

ROLES = ("anonymous", "field", "manager", "partner", "admin")
SCOPES = ("own", "other")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def rules(app, method: str | None = None) -> list:
    """Every rule (sorted), optionally only those answering ``method``."""
    found = [r for r in app.url_map.iter_rules() if method is None or method in r.methods]
    return sorted(found, key=lambda r: (r.endpoint, r.rule))


def routes(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) pair the app answers."""
    return {(r.endpoint, m) for r in rules(app) for m in r.methods - IGNORED_METHODS}


def _endpoint_of(adapter, template: str, method: str) -> tuple[str, str]:
    path = re.sub(r"\{(code|own_code)\}", "MY-T001", template)
    path = re.sub(r"\{[a-z_]+\}", "1", path).partition("?")[0]  # a query string is no route
    return adapter.match(path, method=method)[0], method


def declared_routes(app) -> set[tuple[str, str]]:
    """The (endpoint, method) pairs some access matrix has an expectation for."""
    from tests.activities import test_access as activities
    from tests.api import test_access_matrix as api
    from tests.dashboards import test_access as dashboards
    from tests.feedback import test_access as feedback
    from tests.foundation import test_access_matrix as foundation
    from tests.reports import test_views as reports
    from tests.security import test_route_guard as guard

    adapter = app.url_map.bind("localhost")
    declared = set(foundation.MATRIX) | set(guard.MATRIX) | set(api.MATRIX)
    declared |= {_endpoint_of(adapter, r, m) for r, m, _ in activities.MATRIX}
    declared |= {_endpoint_of(adapter, r[0], r[1]) for r in feedback.ROUTES}
    declared |= {_endpoint_of(adapter, url, m) for m, url, _ in reports.MATRIX}
    declared |= {_endpoint_of(adapter, url, "GET") for url in dashboards.ROUTES}
    return declared


def access_token(user) -> int:
    """The id of a new personal access token of ``user``."""
    import datetime as dt

    from outreach.auth import tokens

    token, _secret = tokens.create_token(
        user, "world", False, dt.date.today() + dt.timedelta(days=30), user
    )
    return token.id


def make_world(app, db) -> dict:
    """Records of every kind in Malaysia ("own") and Thailand ("other")."""
    from outreach.feedback.operations import ensure_default_categories

    ensure_default_categories()
    admin = factories.user("admin")
    world = {}
    for scope, country in (("own", "MY"), ("other", "TH")):
        site = factories.site(country=country, name=f"{scope.title()} scope depot")
        author = factories.user("field", sites=[site])
        activity = factories.activity(
            site, author, state=ActivityState.SUBMITTED, times_submitted=1
        )
        with app.test_request_context():
            stored = uploads.store_upload(
                FileStorage(io.BytesIO(jpeg_bytes()), filename="receipt.jpg")
            )
        attachment = activity_ops.add_attachment(activity, stored, admin)
        db.session.commit()
        feedback = factories.feedback(site, is_grievance=True, person_name="Siti Aminah")
        report = factories.issued_report(country)
        world[scope] = {
            "site": site,
            "values": {
                "site_id": site.id,
                "site_code": site.code,
                "stakeholder_id": factories.stakeholder(sites=[site]).id,
                "user_id": author.id,
                "code": country,
                "rate_id": factories.exchange_rate(currency="MYR" if scope == "own" else "THB").id,
                "activity_id": activity.id,
                "attachment_id": attachment.id,
                "commitment_id": factories.commitment(site).id,
                "feedback_id": feedback.id,
                "category_id": db.session.scalar(sa.select(sa.func.min(FeedbackCategory.id))),
                "report_id": report.id,
                "job_id": 1,
                # the world holds no undelivered message
                "mail_id": 1,
                # the world holds no notification of the signed-in user and no webhook
                "notification_id": 1,
                "endpoint_id": 1,
                "delivery_id": 1,
                "token": "not-a-link",
                "token_id": access_token(author),
                "survey_id": factories.survey_round(site).id,
                "kind": "donation",
                "fmt": "csv",
                "import_id": 1,
                "filename": "css/app.css",
            },
        }
    db.session.commit()
    return world


def url_for_rule(app, rule, values: dict) -> str:
    """A URL for ``rule`` with the world's values for its arguments."""
    args = {name: values[name] for name in rule.arguments}
    if rule.endpoint == "reports.verify" and "code" in rule.arguments:
        args["code"] = "NOT-A-CODE"
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


def sign_in(login_as, role: str, world: dict):
    """Sign the client in as ``role`` with the "own" records in scope (nothing for anonymous)."""
    if role == "field":
        return login_as("field", sites=[world["own"]["site"]])
    if role in ("manager", "partner"):
        return login_as(role, countries=["MY"])
    if role == "admin":
        return login_as("admin")
    return None


def all_get_urls(app, world: dict) -> list[str]:
    """A URL for every GET rule, with the own and the other records."""
    urls = []
    for rule in rules(app, "GET"):
        for scope in SCOPES if rule.arguments else SCOPES[:1]:
            urls.append(url_for_rule(app, rule, world[scope]["values"]))
    return list(dict.fromkeys(urls))
