"""A Chinese-speaking manager reads an admin's own feedback category, and the countries, in
Chinese in the portfolio dashboard's charts. Screenshot in tests/artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.feedback.models import FeedbackCategory
from outreach.stats import rollups
from tests import factories
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_the_dashboard_names_a_category_and_a_country_in_chinese(db, browser, live_server, sign_in):
    category = FeedbackCategory(
        key="blasting", name="Blasting vibration", other_names='{"zh_Hans": "爆破震动"}'
    )
    db.session.add(category)
    site = factories.site("MY")
    factories.site("TH")
    grievance = factories.feedback(site, is_grievance=True, received_on=dt.date.today())
    grievance.categories.append(category)
    rollups.rebuild()
    manager = factories.user("manager", countries=["MY", "TH"], language="zh_Hans")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(60000)
    page = context.new_page()
    try:
        sign_in(page, manager)
        page.goto(f"{live_server}/dashboard/portfolio")
        chart = page.locator("#chart-grievances")
        chart.scroll_into_view_if_needed()
        assert "爆破震动" in chart.inner_text() + chart.inner_html()
        assert "Blasting vibration" not in chart.inner_html()
        assert "马来西亚" in page.locator("#country").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / "grievance-chart-zh.png"))
    finally:
        context.close()
