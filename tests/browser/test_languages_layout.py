"""The donation form stays usable at 360 px in every interface language (Thai and Vietnamese
strings run longer): nothing overflows horizontally. Screenshots go to tests/artifacts/."""

import pytest

from outreach.config import LANGUAGES
from tests import factories
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_donation_form_fits_a_small_phone(live_server, browser, sign_in, db, language):
    site = factories.site(name="Kuantan Rail Depot")
    factories.stakeholder(sites=[site], name="SK Kampung Baru")
    officer = factories.user(role="field", sites=[site], language=language)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, officer)
        page.goto(f"{live_server}/sites/{site.id}/activities/new/donation")
        assert page.locator("html").get_attribute("lang") == language.replace("_", "-")
        page.click("button[value=submit]")  # empty form: every error message is shown too
        page.locator(".error").first.wait_for()  # the server's answer, next to the fields
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"donation-form-{language}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 360, f"{language}: the page is {overflow}px wide"
    finally:
        context.close()
