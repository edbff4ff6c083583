import pytest

from tests import factories

pytestmark = pytest.mark.browser


def test_field_officer_signs_in_on_a_phone_and_sees_only_their_site(
    live_server, phone, sign_in, db
):
    mine = factories.site(name="Kuantan Rail Depot")
    factories.site(name="Someone else's port")
    officer = factories.user(role="field", sites=[mine])
    sign_in(phone, officer)
    # they land on their start page: their site, what to log, what waits on them
    phone.locator("h1").get_by_text("Kuantan Rail Depot").wait_for()
    assert phone.get_by_role("link", name="Log a donation").is_visible()
    assert phone.get_by_role("link", name="Record feedback").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # the dashboard of their sites is one tap away
    phone.click("main >> text=Dashboard")
    phone.locator("#ranking").get_by_text("Kuantan Rail Depot").wait_for()
    assert phone.get_by_text("Someone else's port").count() == 0
    # Nothing overflows a phone screen horizontally.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
