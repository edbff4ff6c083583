import pytest
import sqlalchemy as sa

from outreach.feedback.models import Feedback
from tests import factories

pytestmark = pytest.mark.browser


def test_anonymous_complaint_handled_to_closure_and_checked_by_code(
    live_server, phone, sign_in, db, browser
):
    from outreach.feedback.operations import ensure_default_categories

    ensure_default_categories()
    site = factories.site(name="Kuantan Rail Depot")
    manager = factories.user(role="manager", countries=["MY"])
    db.session.commit()

    # A villager scans the poster: the public page, no sign-in, on a phone.
    phone.goto(f"{live_server}/f/{site.code}?lang=en")
    phone.get_by_role("radio", name="Complain", exact=True).check()
    phone.fill("textarea[name=text]", "Night-time piling keeps my children awake")
    phone.select_option("#language", "ms")
    assert phone.get_by_label("I want to stay anonymous").is_checked()
    phone.click("main button[type=submit]")
    code = phone.locator("#tracking-code").inner_text().strip()
    assert len(code) >= 10
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The manager acknowledges, investigates and resolves it.
    staff = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = staff.new_page()
    sign_in(page, manager)
    page.goto(f"{live_server}/feedback/grievances?unreviewed=1")
    page.locator(".list-cards a", has_text=site.code).click()
    page.get_by_text("Night-time piling keeps my children awake").wait_for()
    page.click("button[value=acknowledge]")
    page.get_by_text("Grievance is now: Acknowledged.").wait_for()
    page.click("button[value=investigate]")
    page.get_by_text("Grievance is now: Being investigated.").wait_for()
    page.locator("#next-step textarea[name=resolution]").fill("Piling stopped after 22:00")
    page.click("button[value=resolve]")
    page.get_by_text("Grievance is now: Resolved.").wait_for()
    page.select_option("#next-step select[name=satisfaction]", index=1)
    page.click("button[value=close]")
    page.get_by_text("Grievance is now: Closed.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    staff.close()

    # The villager checks the status with her code.
    phone.goto(f"{live_server}/f/status")
    phone.fill("input[name=code]", code.lower())
    phone.click("main button[type=submit]")
    result = phone.locator("#status-result")
    assert "Closed" in result.inner_text()
    assert "children awake" not in phone.content()
    db.session.commit()
    assert db.session.scalar(sa.select(Feedback.resolution)) == "Piling stopped after 22:00"
