"""Journeys on a phone: two-step sign-in, every activity kind logged and reviewed, an impact
report issued by a manager and downloaded by a partner."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import sqlalchemy as sa

from outreach.activities.models import Activity, Commitment
from tests import factories

pytestmark = pytest.mark.browser
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def test_a_manager_enrols_two_step_sign_in_and_signs_in_with_a_code(
    live_server, phone, sign_in, db
):
    factories.site(name="Kuantan Rail Depot")
    manager = factories.user(role="manager", countries=["MY"])
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=email]", manager.email)
    phone.fill("input[name=password]", factories.PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server}/account/two-factor")
    phone.locator("img[src^='data:image/svg+xml']").wait_for()
    secret = phone.locator("#totp-secret").inner_text().strip()
    phone.fill("input[name=code]", pyotp.TOTP(secret).now())
    phone.fill("input[name=password]", factories.PASSWORD)
    phone.click("main button[type=submit]")
    codes = phone.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"\w{4}-\w{4}", c.strip()) for c in codes)
    phone.click("text=I have written them down")
    phone.wait_for_url(lambda url: "/dashboard" in url)
    phone.goto(f"{live_server}/sites")
    phone.get_by_text("Kuantan Rail Depot").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Next time: password, then the code from the app.
    phone.click("summary")
    phone.click("text=Sign out")
    sign_in(phone, manager)
    phone.goto(f"{live_server}/sites")
    phone.get_by_text("Kuantan Rail Depot").wait_for()


def _log(phone, live_server, site, kind, fields, selects=()):
    phone.goto(f"{live_server}/sites/{site.id}/activities/new/{kind}")
    for name, value in fields.items():
        phone.fill(f"[name='{name}']", value)
    # nothing is preselected in the classifications that count in the figures
    for name, value in (("motivation", "community_investment"), ("cause", "education"), *selects):
        phone.select_option(f"select[name='{name}']", value)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("button[value=submit]")
    phone.get_by_text("Sent for review.").wait_for()


def test_an_officer_logs_each_kind_and_a_manager_approves_one_and_returns_one(
    live_server, phone, sign_in, db, browser
):
    site = factories.site(name="Kuantan Rail Depot")
    officer = factories.user(role="field", sites=[site])
    manager = factories.user(role="manager", countries=["MY"])
    sign_in(phone, officer)
    _log(
        phone,
        live_server,
        site,
        "festival",
        {"title": "Hari Raya open house", "activity_date": YESTERDAY, "attendance": "400"},
    )
    _log(
        phone,
        live_server,
        site,
        "consultation",
        {
            "title": "Town hall on blasting schedule",
            "topic": "Blasting schedule",
            "participants": "50",
            "new_commitments-0-description": "Publish the blasting calendar at the mosque",
            "new_commitments-0-owner": "Site liaison officer",
            "new_commitments-0-due_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    _log(
        phone,
        live_server,
        site,
        "training",
        {"title": "Welding course", "programme": "Welding", "trainees": "20"},
    )
    db.session.commit()  # see what the server wrote
    titles = set(db.session.scalars(sa.select(Activity.title)))
    assert {"Hari Raya open house", "Town hall on blasting schedule", "Welding course"} <= titles
    assert db.session.scalar(sa.select(Commitment.owner)) == "Site liaison officer"
    db.session.commit()

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, manager)
    page.goto(f"{live_server}/activities/review")
    page.click("text=Hari Raya open house")
    page.click("button:has-text('Approve')")
    page.get_by_text("Approved.").wait_for()
    page.goto(f"{live_server}/activities/review")
    page.click("text=Welding course")
    page.fill("textarea[name=comment]", "Add the number who completed the course")
    page.click("button:has-text('Return')")
    context.close()

    # The officer sees the comment on the returned entry.
    returned = db.session.scalar(sa.select(Activity.id).where(Activity.title == "Welding course"))
    db.session.commit()
    phone.goto(f"{live_server}/activities/{returned}")
    phone.get_by_text("Add the number who completed the course").wait_for()


def test_a_manager_issues_a_report_and_a_partner_downloads_it(
    live_server, phone, sign_in, db, browser
):
    factories.site(name="Kuantan Rail Depot")
    manager = factories.user(role="manager", countries=["MY"])
    partner = factories.user(role="partner", countries=["MY"])
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, manager)
    page.goto(f"{live_server}/reports/new")
    page.select_option("select[name=scope]", "country:MY")
    page.click("button:has-text('Review and issue')")
    page.click("button:has-text('Issue the report')")
    page.get_by_text("Download PDF").wait_for()
    context.close()

    sign_in(phone, partner)
    phone.goto(f"{live_server}/reports")
    phone.locator("main a[href^='/reports/']").first.click()
    with phone.expect_download() as download:
        phone.click("text=Download PDF")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
