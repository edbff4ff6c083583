"""What a manager, a complainant and a keyboard or screen reader user see first, at 1366 px
and on a 360 px phone. Each journey saves its screenshots under the test's own tmp_path."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.feedback.models import GrievanceStatus
from tests import factories
from tests.dashboards.conftest import portfolio  # noqa: F401 - the hand-built data

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def at_width(browser):
    """A new page at a given viewport size; closed at the end of the test."""
    contexts = []

    def _page(viewport, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(10000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


def _overdue_grievances(site, n=3):
    old = dt.date.today() - dt.timedelta(days=60)
    for _ in range(n):
        factories.feedback(site, is_grievance=True, received_on=old)


def test_the_manager_sees_alarms_first_and_readable_charts(
    live_server,
    at_width,
    sign_in,
    tmp_path,
    portfolio,  # noqa: F811
):
    _overdue_grievances(portfolio["a"])
    manager = factories.user(role="manager", countries=["MY", "TH"])
    for name, viewport in (("desktop", DESKTOP), ("phone", SMALL_PHONE)):
        page = at_width(viewport)
        sign_in(page, manager)
        page.goto(f"{live_server}/dashboard/portfolio?period=custom&from=2025-01&to=2025-03")
        page.screenshot(path=str(tmp_path / f"portfolio-{name}.png"), full_page=True)
        # the alarms lead the page, within the first screen even on a phone
        alarm = page.locator("#alarm-grievances")
        assert int(alarm.locator(".alarm-value").inner_text()) >= 3
        assert alarm.bounding_box()["y"] + alarm.bounding_box()["height"] <= viewport["height"]
        assert "alarm-on" in alarm.get_attribute("class")
        # a few headline figures, the rest in groups
        assert page.locator(".kpis-headline .kpi").count() == 4
        assert page.locator(".kpi-group").count() >= 3
        # chart text is drawn at 12 px or more, the chart titled with its units
        cause = page.locator("#chart-cause")
        assert "(USD)" in cause.locator("figcaption").inner_text()
        scale = cause.locator("svg").evaluate(
            "s => s.getBoundingClientRect().width / s.viewBox.baseVal.width"
        )
        assert 12 * scale >= 12
        # its figures as a table, folded away
        cause.locator("summary").click()
        assert "Culture" in cause.locator("table").inner_text()
        # no page-wide sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if name == "desktop":
            nav = page.locator("nav.nav-main")
            assert nav.is_visible() and nav.get_by_role("link", name="Grievances").is_visible()
            assert "Manager" in page.locator("footer").inner_text()
        else:
            assert not page.locator("nav.nav-main").is_visible()
            # a chart too wide for the phone scrolls inside its box, which takes focus to do so
            box = page.locator("#chart-sentiment .chart-scroll")
            assert box.evaluate("b => b.scrollWidth > b.clientWidth")
            box.focus()
            assert box.evaluate("b => document.activeElement === b")
            assert box.get_attribute("aria-labelledby") == "chart-sentiment-title"
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "() => document.querySelector('#chart-sentiment .chart-scroll').scrollLeft > 0"
            )
        # the map: its links are a list as well
        page.locator("#map-list summary").click()
        assert page.locator("#map-list a").count() == page.locator("#map svg a circle.dot").count()


def test_the_officer_reads_what_each_grievance_is_about(live_server, at_width, sign_in, tmp_path):
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    factories.feedback(
        site,
        is_grievance=True,
        assignee_id=officer.id,
        received_on=dt.date.today() - dt.timedelta(days=60),
        text="Blasting cracked the wall of the prayer house last week",
        person_name="Hidden Complainant",
    )
    page = at_width(SMALL_PHONE)
    sign_in(page, officer)
    page.goto(f"{live_server}/")
    page.screenshot(path=str(tmp_path / "start-phone.png"), full_page=True)
    item = page.locator(".grievance-item").first
    text = item.inner_text()
    assert "Blasting cracked the wall" in text and officer.name in text
    assert "overdue by" in text and "Hidden Complainant" not in page.content()
    # the footer names the role in words
    assert "Field officer" in page.locator("footer").inner_text()


def test_a_calm_grievance_page(live_server, at_width, sign_in, tmp_path):
    site = factories.site()
    grievance = factories.feedback(
        site, is_grievance=True, status=GrievanceStatus.INVESTIGATING, person_name="Ana Lim"
    )
    manager = factories.user(role="manager", countries=["MY"])
    page = at_width(DESKTOP)
    sign_in(page, manager)
    page.goto(f"{live_server}/feedback/{grievance.id}")
    area = page.locator("#next-step")
    assert area.locator("textarea[name=note]").count() == 1
    assert page.locator("textarea[name=note]").count() == 1
    # revealing the identity is folded away below the actions
    reveal = page.locator("details.reveal")
    assert not reveal.locator("input[name=reason]").is_visible()
    assert reveal.bounding_box()["y"] > area.bounding_box()["y"]
    area.locator("textarea[name=resolution]").fill("Wall repaired by the contractor")
    area.locator("button[value=resolve]").click()
    page.get_by_text("Grievance is now: Resolved.").wait_for()
    timeline = page.locator(".grievance-timeline")
    assert "Wall repaired by the contractor" in timeline.inner_text()
    page.screenshot(path=str(tmp_path / "grievance-desktop.png"), full_page=True)


def test_a_complainant_on_a_cambodian_site(live_server, at_width, db, tmp_path):
    """The page opens in Khmer on an English phone, the switcher at the top; the thanks page
    offers copying and printing the code (its script allowed by the strict CSP) and says when
    to expect an answer."""
    factories.country("KH", grievance_ack_days=2, grievance_resolve_days=30)
    site = factories.site("KH")
    db.session.commit()
    page = at_width(SMALL_PHONE, locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/f/{site.code}")
    page.screenshot(path=str(tmp_path / "intake-km-phone.png"), full_page=True)
    assert page.locator("html").get_attribute("lang") == "km"
    switcher = page.locator("header #switch-language")
    assert switcher.is_visible() and switcher.bounding_box()["y"] < 200
    assert page.locator("#language").input_value() == "km"
    assert page.locator("a.brand").get_attribute("href") == f"/f/{site.code}"
    # the visitor switches to English
    switcher.select_option("en")
    page.locator("header .language-switcher button").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.locator("#language").input_value() == "en"
    page.get_by_label("Complain", exact=True).check()
    page.fill("textarea[name=text]", "Dust from the quarry covers the market stalls")
    page.get_by_label("I want to stay anonymous").check()
    page.click("main button[type=submit]")
    page.locator("#tracking-code").wait_for()
    copy = page.get_by_role("button", name="Copy the code")
    assert copy.is_visible() and page.get_by_role("button", name="Print this page").is_visible()
    assert "within 2 working days" in page.locator("#expect-answer").inner_text()
    page.screenshot(path=str(tmp_path / "thanks-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    assert not [e for e in errors if "Content Security Policy" in e]


def test_verify_takes_the_printed_code(live_server, at_width, db, tmp_path):
    report = factories.issued_report("MY")
    db.session.commit()
    page = at_width(SMALL_PHONE)
    page.goto(f"{live_server}/verify")
    page.fill("#code", report.verification_code.lower())
    page.get_by_role("button", name="Find the report").click()
    page.get_by_text("A report was issued with this code").wait_for()
    assert report.scope_name in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "verify-phone.png"), full_page=True)
