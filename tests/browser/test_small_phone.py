"""Pages on a small (360 px) phone: every field is as easy to tap as the others, nothing runs
out of its card, the figure that matters shows without scrolling sideways, and a destructive
button asks before it acts."""

import datetime as dt

import pytest

from tests import factories
from tests.dashboards.conftest import portfolio  # noqa: F401 - the hand-built data

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10000)
    yield context.new_page()
    context.close()


def test_month_fields_are_as_easy_to_tap_as_the_others(live_server, small_phone, sign_in):
    """The dashboard's and the report form's month pickers were left at the browser's tiny
    default (about 21 px high) beside 44 px selects."""
    manager = factories.user(role="manager", countries=["MY"])
    factories.site()
    sign_in(small_phone, manager)
    for path in ("/dashboard/portfolio", "/reports/new"):
        small_phone.goto(f"{live_server}{path}")
        if path.startswith("/dashboard"):  # a range of months shows its two month fields
            small_phone.select_option("select[name=period]", "custom")
        else:
            small_phone.check("input[name=period_kind][value=range]")
        months = small_phone.locator("input[type=month]:visible")
        assert months.count() >= 2, path
        for i in range(months.count()):
            box = months.nth(i).bounding_box()
            assert box["height"] >= 44, f"{path}: a month field is {box['height']}px high"


def test_two_factor_can_be_set_up_on_the_phone_itself(live_server, small_phone, db):
    """A manager setting up the second step on the phone reads the key to type it in, or hands
    it to the authenticator app on the same phone."""
    manager = factories.user(role="manager", countries=["MY"])
    db.session.commit()
    small_phone.goto(f"{live_server}/login")
    small_phone.fill("input[name=email]", manager.email)
    small_phone.fill("input[name=password]", factories.PASSWORD)
    small_phone.click("button[type=submit]")
    small_phone.wait_for_url(f"{live_server}/account/two-factor")
    key = small_phone.locator("#totp-secret").bounding_box()
    card = small_phone.locator("main .card").first.bounding_box()
    assert key["x"] + key["width"] <= card["x"] + card["width"]
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360
    # the phone showing the QR code cannot scan it: a link gives the key to the app on it
    secret = small_phone.locator("#totp-secret").inner_text()
    link = small_phone.locator("#totp-link").get_attribute("href")
    assert link.startswith("otpauth://totp/") and f"secret={secret}" in link


def test_removing_an_entry_asks_first(live_server, small_phone, sign_in, db):
    """ "Remove" sits beside "Submit" and "Approve": one slip of the thumb must not remove."""
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    draft = factories.activity(site, officer, kind="festival")
    sign_in(small_phone, officer)
    small_phone.goto(f"{live_server}/activities/{draft.id}")
    small_phone.click("main :text-is('Remove')")
    assert small_phone.get_by_text("Are you sure?").is_visible()
    db.session.refresh(draft)
    assert not draft.is_deleted
    small_phone.click("details.confirm button:has-text('Remove')")
    small_phone.wait_for_url(f"{live_server}/activities/")
    db.session.commit()
    db.session.refresh(draft)
    assert draft.is_deleted


@pytest.fixture
def portfolio_page(live_server, small_phone, sign_in, portfolio):  # noqa: F811
    """A manager's portfolio dashboard of the hand-built data, on the small phone."""
    manager = factories.user(role="manager", countries=["MY", "TH"])
    sign_in(small_phone, manager)
    small_phone.goto(f"{live_server}/dashboard/portfolio")
    return small_phone


def test_dashboard_figures_sit_two_a_row_and_fit_their_cards(portfolio_page):
    """One card a row made the dashboard a 6,000 px scroll on a 360 px phone."""
    small_phone = portfolio_page
    columns = small_phone.evaluate(
        "getComputedStyle(document.querySelector('.kpis')).gridTemplateColumns.split(' ').length"
    )
    assert columns == 2
    overflowing = small_phone.evaluate(
        "[...document.querySelectorAll('.kpi-value')]"
        ".filter(v => v.scrollWidth > v.clientWidth).map(v => v.textContent)"
    )
    assert overflowing == []


def test_sentiment_table_shows_the_index_without_scrolling(live_server, small_phone, sign_in):
    """The index was the fifth column, off a 360 px screen, and site codes broke at dashes."""
    site = factories.site(code="MY-ECR-01")
    factories.feedback(site, received_on=dt.date.today().replace(day=1), sentiment=1)
    manager = factories.user(role="manager", countries=["MY"])
    sign_in(small_phone, manager)
    small_phone.goto(f"{live_server}/feedback/sentiment")
    header = small_phone.locator("th", has_text="Sentiment index").bounding_box()
    assert header["x"] + header["width"] <= SMALL_PHONE["width"]
    code = small_phone.locator("td", has_text="MY-ECR-01").first
    line_height = code.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)")
    assert code.evaluate("c => c.getBoundingClientRect().height") < 2.5 * line_height


def test_dashboard_shows_only_the_chosen_periods_fields(live_server, small_phone, sign_in):
    """Month, quarter, year and a range, all filled in at once, left a manager guessing which
    one counted; now only the chosen period's fields show (no JavaScript needed)."""
    factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    sign_in(small_phone, manager)
    small_phone.goto(f"{live_server}/dashboard/portfolio")

    def shown():
        names = ("month", "quarter", "year", "from", "to")
        return [n for n in names if small_phone.locator(f"input[name={n}]").is_visible()]

    assert shown() == []  # the last twelve months need nothing more
    small_phone.select_option("select[name=period]", "quarter")
    assert shown() == ["quarter"]
    small_phone.select_option("select[name=period]", "custom")
    assert shown() == ["from", "to"]
    small_phone.fill("input[name=from]", "2025-01")
    small_phone.fill("input[name=to]", "2025-03")
    small_phone.click("button:has-text('Show')")
    assert "period=custom" in small_phone.url and shown() == ["from", "to"]


def test_sign_out_lines_up_with_the_menu_links(live_server, small_phone, sign_in):
    officer = factories.user(role="field", sites=[factories.site()])
    sign_in(small_phone, officer)
    small_phone.click("summary:has-text('Menu')")
    link = small_phone.locator(".nav a").first.evaluate(
        "a => a.getBoundingClientRect().left + parseFloat(getComputedStyle(a).paddingLeft)"
    )
    sign_out = small_phone.get_by_role("button", name="Sign out")
    text_left = sign_out.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b);"
        " return r.getBoundingClientRect().left; }"
    )
    assert abs(text_left - link) < 2


def test_chart_labels_stay_readable_on_a_phone(portfolio_page):
    """Shrunk to the phone's width, a chart's 11 px labels came out about 5 px high."""
    small_phone = portfolio_page
    heights = small_phone.evaluate(
        "[...document.querySelectorAll('.chart-box svg text')]"
        ".map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
    )
    assert heights and min(heights) >= 10
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360  # the chart scrolls
    small_phone.set_viewport_size({"width": 1280, "height": 900})  # a desktop: two a row, no scroll
    scrolling = small_phone.evaluate(
        "[...document.querySelectorAll('.chart-box')]"
        ".filter(f => f.scrollWidth > f.clientWidth).length"
    )
    assert scrolling == 0


def test_a_pasted_link_wraps_instead_of_widening_the_page(live_server, small_phone, sign_in):
    """A link pasted into a title or a description made pages 2,000 px wide."""
    link = "https://drive.example.com/folders/" + "a1b2c3d4" * 15
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    entry = factories.activity(site, officer, "festival", title=link[:200], description=link)
    said = factories.feedback(site, text=f"Photos: {link}")
    factories.stakeholder(sites=[site], name=link[:200])  # a choice on the activity forms
    sign_in(small_phone, officer)
    pages = (
        f"/activities/{entry.id}",
        "/activities/",
        f"/feedback/{said.id}",
        "/feedback/",
        f"/sites/{site.id}/activities/new/donation",
    )
    for path in pages:
        small_phone.goto(f"{live_server}{path}")
        width = small_phone.evaluate("document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"], f"{path} is {width}px wide"


def test_report_form_shows_only_the_chosen_periods_fields(live_server, small_phone, sign_in):
    factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    sign_in(small_phone, manager)
    small_phone.goto(f"{live_server}/reports/new")

    def shown():
        names = ("year", "quarter", "first_month", "last_month")
        return [n for n in names if small_phone.locator(f"form [name={n}]").is_visible()]

    assert shown() == ["year", "quarter"]  # a quarter is the default
    small_phone.check("input[name=period_kind][value=year]")
    assert shown() == ["year"]
    small_phone.check("input[name=period_kind][value=range]")
    assert shown() == ["first_month", "last_month"]


def test_links_on_their_own_line_are_easy_to_tap(live_server, small_phone, sign_in):
    """ "All activities of this site" and the public page's status link were 23 px high."""
    site = factories.site(code="MY-ECR-01")
    officer = factories.user(role="field", sites=[site])
    small_phone.goto(f"{live_server}/f/MY-ECR-01?lang=en")
    status = small_phone.get_by_role("link", name="Check the status of a message you sent")
    assert status.bounding_box()["height"] >= 36
    sign_in(small_phone, officer)
    small_phone.goto(f"{live_server}/sites/{site.id}")
    for name in ("All activities of this site", "Commitments"):
        link = small_phone.locator("main p.links").get_by_role("link", name=name)
        assert link.bounding_box()["height"] >= 36, name


def test_list_filters_fold_away_on_a_phone_until_one_is_set(
    live_server, small_phone, sign_in, browser
):
    """The grievance list showed eight filters (about 900 px) before its first grievance."""
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    factories.feedback(site, is_grievance=True, text="Cracks in the temple wall")
    sign_in(small_phone, officer)
    small_phone.goto(f"{live_server}/feedback/grievances")
    assert not small_phone.locator("select#status").is_visible()
    first = small_phone.locator(".list-cards li").first.bounding_box()
    assert first["y"] < 400, f"the first grievance starts at {first['y']}px"
    small_phone.click("summary:has-text('Filters')")
    small_phone.select_option("select#status", "received")
    small_phone.click("button:has-text('Filter')")
    small_phone.wait_for_url("**status=received**")
    assert small_phone.locator("select#status").is_visible()
    assert small_phone.locator("summary").get_by_text("Filters (1 set)").is_visible()

    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    page = wide.new_page()
    sign_in(page, officer)
    page.goto(f"{live_server}/feedback/grievances")
    assert page.locator("select#status").is_visible()
    assert not page.locator("summary:has-text('Filters')").is_visible()
    wide.close()
