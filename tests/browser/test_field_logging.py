import datetime as dt

import pytest

from tests import factories
from tests.activities.test_uploads import jpeg_bytes

pytestmark = pytest.mark.browser


def test_officer_logs_a_donation_with_a_photo_and_a_manager_approves_it(
    live_server, phone, sign_in, db, tmp_path, browser
):
    site = factories.site(name="Kuantan Rail Depot")
    factories.stakeholder(sites=[site], name="SK Kampung Baru")
    officer = factories.user(role="field", sites=[site])
    manager = factories.user(role="manager", countries=["MY"])
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(jpeg_bytes((800, 600)))

    sign_in(phone, officer)
    assert phone.url.rstrip("/") == live_server  # the field home, not the dashboard
    phone.click("text=Log a donation")
    assert phone.input_value("input[name=activity_date]") == dt.date.today().isoformat()
    assert phone.input_value("select[name=currency]") == "MYR"
    phone.fill("input[name=title]", "Textbooks for SK Kampung Baru")
    phone.select_option("select[name=beneficiary_id]", label="SK Kampung Baru")
    phone.select_option("select[name=motivation]", "charitable_gift")
    phone.select_option("select[name=cause]", "education")
    phone.select_option("select[name=donation_form]", "in_kind")
    phone.fill("input[name=in_kind_description]", "Science textbooks")
    phone.fill("input[name=in_kind_value]", "5000")
    phone.select_option("select[name=valuation]", "purchase_price")
    phone.fill("input[name=beneficiaries]", "320")
    phone.set_input_files("input[name=attachment]", str(photo))
    phone.check("input[name=attachment_is_receipt]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("button[value=submit]")
    phone.get_by_text("Sent for review.").wait_for()
    assert phone.locator("img.thumb").count() == 1
    phone.goto(live_server)
    assert phone.get_by_text("Textbooks for SK Kampung Baru").count() == 0  # nothing left to do

    manager_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = manager_context.new_page()
    sign_in(page, manager)
    page.click("summary")
    page.click("nav.nav >> text=Review")
    page.click("text=Textbooks for SK Kampung Baru")
    page.click("button:has-text('Approve')")
    page.get_by_text("Approved.").wait_for()
    page.goto(f"{live_server}/sites/{site.id}")
    page.locator(".timeline").get_by_text("Textbooks for SK Kampung Baru").wait_for()
    manager_context.close()


def test_an_upload_over_the_limit_says_so_and_back_keeps_the_typed_form(
    live_server, browser, sign_in, app, monkeypatch, tmp_path
):
    """The plain form (a phone without JavaScript): the server's answer to a request that is
    too large. With JavaScript, photos are made smaller and a document over the limit is
    refused on the phone before anything is sent."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    site = factories.site(name="Kuantan Rail Depot")
    officer = factories.user(role="field", sites=[site])
    photo = tmp_path / "flood.jpg"
    photo.write_bytes(jpeg_bytes((16, 16)) + b"\0" * (2 * 1024 * 1024))
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    phone = context.new_page()

    sign_in(phone, officer)
    phone.click("text=Log a donation")
    phone.get_by_text("At most 10 MB.").wait_for()
    phone.fill("input[name=title]", "Rice for the flood victims")
    phone.set_input_files("input[name=attachment]", str(photo))
    phone.click("button[value=submit]")
    phone.get_by_text("larger than 1 MB").wait_for()
    phone.get_by_text("Nothing was saved.").wait_for()
    back = phone.get_by_role("link", name="Back to the page you came from")
    assert back.get_attribute("href") == f"/sites/{site.id}/activities/new/donation"
    phone.go_back()
    assert phone.input_value("input[name=title]") == "Rice for the flood victims"
    context.close()
