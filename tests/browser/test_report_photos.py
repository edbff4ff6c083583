"""A manager chooses the report's photos and writes their captions on the review page, at
desktop width, and finds them on the issued report's page; the review page passes axe-core."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from werkzeug.datastructures import FileStorage

from outreach.activities.kinds import ActivityState
from outreach.activities.models import ActivityAttachment
from outreach.core.uploads import store_upload
from tests import factories
from tests.browser.test_accessibility import _axe_source, _violations
from tests.reports.sample_data import png

pytestmark = pytest.mark.browser
LOADED = (
    "img => img.complete && img.naturalWidth ? true"
    " : new Promise(done => { img.onload = () => done(img.naturalWidth > 0);"
    " img.onerror = () => done(false); })"
)


def test_the_manager_captions_a_photo_and_the_issued_report_keeps_it(
    app, db, browser, live_server, sign_in
):
    site = factories.site("MY")
    author = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    activity = factories.activity(
        site,
        author,
        activity_date=dt.date(2026, 8, 12),
        state=ActivityState.APPROVED,
        title="Books for SK Beserah",
    )
    with app.test_request_context():
        stored = store_upload(FileStorage(io.BytesIO(png()), "books.png", "image/png"))
    columns = {k: v for k, v in vars(stored).items() if k != "location"}
    db.session.add(ActivityAttachment(activity_id=activity.id, **columns))
    db.session.commit()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    context.set_default_timeout(60000)
    page = context.new_page()
    try:
        sign_in(page, manager)
        page.goto(f"{live_server}/reports/new?lang=en")
        page.select_option("#scope", "country:MY")
        page.fill("#year", "2026")
        page.select_option("#quarter", "3")
        page.get_by_role("button", name="Review and issue").click()
        photos = page.locator("#photos")
        photos.wait_for()
        thumb = page.locator("#photos img")
        thumb.scroll_into_view_if_needed()
        assert thumb.evaluate(LOADED)  # the photo itself is shown, not a broken image
        caption = photos.get_by_label("Caption")
        assert caption.input_value() == "Books for SK Beserah"  # the entry's title, to rewrite
        assert photos.get_by_label("Print this photo").is_checked()
        page.add_script_tag(content=_axe_source())
        assert _violations(page, "/reports/confirm", 1366, set()) == []
        caption.fill("Pupils of SK Beserah with their new books")
        page.get_by_role("button", name="Issue the report").click()
        page.locator("#report-photos").wait_for()
        assert (
            "Pupils of SK Beserah with their new books"
            in page.locator("#report-photos").inner_text()
        )
    finally:
        context.close()
