"""A manager changes the dashboard's filters and sees the figures and charts change."""

import pytest

from tests import factories
from tests.dashboards.conftest import portfolio  # noqa: F401 - the hand-built data

pytestmark = pytest.mark.browser


def test_manager_changes_filters_and_the_numbers_and_charts_follow(
    live_server,
    phone,
    sign_in,
    portfolio,  # noqa: F811
):
    manager = factories.user(role="manager", countries=["MY", "TH"])
    sign_in(phone, manager)
    # the map's country outlines are an image of their own, fetched (and kept) by the browser
    with phone.expect_response(lambda r: r.url.endswith("/dashboard/map.svg")) as outlines:
        phone.goto(f"{live_server}/dashboard/portfolio")
    assert outlines.value.status == 200
    phone.select_option("select[name=period]", "custom")
    phone.fill("input[name=from]", "2025-01")
    phone.fill("input[name=to]", "2025-03")
    phone.click("button:has-text('Show')")
    investment = phone.locator("#kpi-investment .kpi-value")
    assert "530.00" in investment.inner_text()
    cause_chart = phone.locator("#chart-cause svg").inner_html()
    assert "Culture" in cause_chart
    assert phone.locator("#map svg a circle").count() >= 1  # a marker linking to its site
    # its link is big enough to tap with a thumb, though the drawn dot is small
    link = phone.locator("#map svg a").first
    dot = phone.locator("#map svg a circle.dot").first
    assert link.get_attribute("href") == dot.locator("xpath=..").get_attribute("href")
    assert min(link.bounding_box()["width"], link.bounding_box()["height"]) >= 24
    assert dot.bounding_box()["width"] < 12
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.select_option("select[name=period]", "month")
    phone.fill("input[name=month]", "2025-01")
    phone.click("button:has-text('Show')")
    assert "340.00" in phone.locator("#kpi-investment .kpi-value").inner_text()
    assert "Culture" not in phone.locator("#chart-cause svg").inner_html()

    phone.select_option("select[name=site]", label=f"{portfolio['a'].code} · Kuantan depot")
    phone.click("button:has-text('Show')")
    assert phone.locator(".missing-rate").count() == 0  # the Thai site is filtered out
    phone.locator("#ranking a").first.click()
    assert phone.locator("#chart-beside svg").count() == 1
