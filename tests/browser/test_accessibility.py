"""axe-core on every page, in every role, on a phone (360 px) and a desktop (1366 px).

Every GET route of the URL map is opened once per role with a real record of the demo data
(the way ``tests/foundation/test_access_matrix.py`` fills a route's arguments); each page that
answers with HTML is checked by axe-core, read from its npm package (``node_modules``, installed
by ``make test``; never fetched while the tests run). A serious or critical violation fails the
test, listed with the page, the width and the rule. One browser page per role; the width is
changed in place, so each page is loaded once.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for

from outreach.activities.models import Activity, Commitment
from outreach.core.money import ExchangeRate
from outreach.demo import load_demo
from outreach.feedback.models import Feedback
from outreach.sites.models import Site
from outreach.stakeholders.models import Stakeholder
from tests import factories

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1366)
FAILING_IMPACTS = ("serious", "critical")
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
#: violations in the dashboards' map and charts, which issue 19 items 18 and 19 fix (on their
#: own branch): (path prefix, rule id). A line that no longer matches anything fails the test,
#: so it is removed as soon as its fix lands.
KNOWN = {
    ("/dashboard", "nested-interactive"),
    ("/dashboard/sites/", "scrollable-region-focusable"),
}
ACTIVITY_KINDS = ("festival", "donation", "consultation", "training")
SITE_CODE = "MY-ECR-01"


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}; run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def _records(role_user) -> dict:
    """Real records of the demo site the signed-in user may see."""
    site = db_one(sa.select(Site).where(Site.code == SITE_CODE))
    at_site = {
        "site_id": site.id,
        "site_code": site.code,
        "code": site.country_code,
        "activity_id": db_one(sa.select(Activity.id).where(Activity.site_id == site.id)),
        "commitment_id": db_one(sa.select(Commitment.id).where(Commitment.site_id == site.id)),
        "feedback_id": db_one(
            sa.select(Feedback.id).where(Feedback.site_id == site.id, Feedback.is_grievance)
        ),
        "stakeholder_id": db_one(
            sa.select(Stakeholder.id).where(Stakeholder.sites.any(Site.id == site.id))
        ),
        "rate_id": db_one(sa.select(ExchangeRate.id)),
        "user_id": role_user.id if role_user else 1,
    }
    report = factories.issued_report(country=site.country_code)
    at_site["report_id"] = report.id
    at_site["verify_code"] = report.verification_code
    return at_site


def db_one(statement):
    from outreach.extensions import db

    return db.session.scalars(statement.limit(1)).first()


def _urls(app, records: dict) -> list[str]:
    """One real address per page route (each activity kind's form counted as a page)."""
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            values = {k: v for k, v in records.items() if k in rule.arguments}
            if "code" in rule.arguments and rule.endpoint == "reports.verify":
                values["code"] = records["verify_code"]
            kinds = ACTIVITY_KINDS if "kind" in rule.arguments else (None,)
            for kind in kinds:
                if kind:
                    values["kind"] = kind
                if set(rule.arguments) - set(values):
                    continue  # an argument no demo record fills (none today)
                urls.append(url_for(rule.endpoint, **values))
    return sorted(set(urls))


def _violations(page, url: str, width: int, seen_known: set) -> list[str]:
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    found = []
    for violation in json.loads(result)["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        known = {k for k in KNOWN if url.startswith(k[0]) and violation["id"] == k[1]}
        if known:
            seen_known |= known
        else:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{url} @{width}px: {violation['id']} ({violation['impact']}) {targets}")
    return found


@pytest.mark.parametrize("role", ["anonymous", "field", "manager", "partner", "admin"])
def test_no_serious_accessibility_violation_on_any_page(
    app, db, browser, live_server, sign_in, role
):
    load_demo()
    site = db.session.scalar(sa.select(Site).where(Site.code == SITE_CODE))
    user = None
    if role == "field":
        user = factories.user(role="field", sites=[site])
    elif role in ("manager", "partner"):
        user = factories.user(role=role, countries=[site.country_code])
    elif role == "admin":
        user = factories.user(role="admin")
    records = _records(user)
    urls = _urls(app, records)
    db.session.commit()
    axe = _axe_source()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, bypass_csp=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        if user is not None:
            sign_in(page, user)
        problems, checked, seen_known = [], set(), set()
        for url in urls:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(live_server + url)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            shown = urlsplit(page.url).path  # where a redirect led
            if shown in checked:
                continue
            checked.add(shown)
            page.add_script_tag(content=axe)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                problems += _violations(page, shown, width, seen_known)
    finally:
        context.close()
    assert len(checked) >= 5, urls
    assert not problems, "\n".join(problems)
    if role == "manager":  # the role that opens every dashboard
        assert seen_known == KNOWN, f"fixed, remove from KNOWN: {KNOWN - seen_known}"
