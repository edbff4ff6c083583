"""Field capture without a connection: entries queued on the phone arrive exactly once, with
their photos, after a cut connection, an expired session or with two tabs open."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from outreach.activities.models import Activity, ActivityAttachment
from outreach.auth.models import SignInSession
from outreach.core import uploads
from tests import factories
from tests.activities import helpers

pytestmark = pytest.mark.browser

KINDS = ("festival", "donation", "consultation", "training")
FORMS = {
    "festival": helpers.festival_form,
    "donation": helpers.donation_form,
    "consultation": helpers.consultation_form,
    "training": helpers.training_form,
}


@pytest.fixture(autouse=True)
def _needs_the_api(app):
    if "api.create_activity" not in app.view_functions:
        pytest.skip("the outbox sends through the JSON API (POST /api/v1/activities)")


def camera_photo(path, size=(4000, 3000), gps=None):
    """A camera-sized JPEG of noise (large, as a phone's is), with GPS in its EXIF if given."""
    rng = random.Random(size[0])
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        lat, lon = gps
        exif[0x8825] = {1: "N", 2: (float(lat), 0.0, 0.0), 3: "E", 4: (float(lon), 0.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    path.write_bytes(out.getvalue())
    return str(path)


def small_photo(path, colour=(200, 120, 40)):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def fill(page, kind: str, title: str, beneficiary: int | None) -> None:
    """Type an entry of ``kind`` as an officer would (the helpers' valid values)."""
    data = FORMS[kind](beneficiary, title=title) if kind == "donation" else FORMS[kind](title=title)
    data.pop("action")
    for name, value in data.items():
        field = page.locator(f"form [name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def queue(page, base: str, site_id: int, kind: str, title: str, photos, beneficiary=None):
    """Open the form (from the phone's cache when offline), type, add photos and send."""
    page.goto(f"{base}/sites/{site_id}/activities/new/{kind}")
    fill(page, kind, title, beneficiary)
    if photos:
        page.set_input_files("input[name=attachment]", photos)
        page.locator(".photos li").nth(len(photos) - 1).wait_for()
    page.click("button[value=submit]")
    page.get_by_text("is kept on this phone in the outbox").wait_for()


def keep_forms_offline(page, base: str) -> None:
    """One visit online: the service worker keeps the officer's forms."""
    page.goto(base)
    page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'")
    page.reload()  # a page opened while the worker was installing is not yet its client
    page.wait_for_function(
        "() => !!navigator.serviceWorker.controller",
        timeout=30000,
    )


def activities_titled(db, prefix: str) -> list[Activity]:
    db.session.rollback()
    return list(
        db.session.scalars(
            sa.select(Activity).where(Activity.title.like(f"{prefix}%")).order_by(Activity.title)
        )
    )


def photos_of(db, activity: Activity) -> list[ActivityAttachment]:
    return [a for a in activity.attachments if not a.is_deleted]


def wait_until_sent(page, base: str, count: int) -> None:
    if not page.url.endswith("/field/outbox"):
        page.goto(f"{base}/field/outbox")
    page.locator("#outbox li[data-state=sent]").nth(count - 1).wait_for(timeout=60000)


@pytest.fixture
def field_site(db):
    site = factories.site(name="Vientiane Rail Yard")
    school = factories.stakeholder(sites=[site], name="Ban Donnoun School")
    officer = factories.user(role="field", sites=[site])
    db.session.commit()
    return site, school, officer


def test_twenty_entries_of_every_kind_logged_offline_arrive_once_with_their_photos(
    live_server, phone, sign_in, db, tmp_path, field_site
):
    site, school, officer = field_site
    big = camera_photo(tmp_path / "IMG_0001.jpg", gps=(18, 102))
    small = [small_photo(tmp_path / f"IMG_{n:04d}.jpg", (n * 10, 80, 40)) for n in range(2, 8)]
    sign_in(phone, officer)
    keep_forms_offline(phone, live_server)

    phone.context.set_offline(True)
    entries = {}
    for n in range(20):
        kind = KINDS[n % 4]
        title = f"Offline {n:02d} {kind}"
        photos = [big, small[n % 6]] if n == 1 else [small[n % 6]]
        entries[title] = len(photos)
        queue(phone, live_server, site.id, kind, title, photos, beneficiary=school.id)
    phone.goto(f"{live_server}/field/outbox")
    # the list is drawn from the phone's store a moment after the page loads
    expect(phone.locator("#outbox li[data-state=waiting]")).to_have_count(20)
    assert activities_titled(db, "Offline") == []

    phone.context.set_offline(False)
    wait_until_sent(phone, live_server, 20)

    arrived = activities_titled(db, "Offline")
    assert [a.title for a in arrived] == sorted(entries)
    for activity in arrived:
        assert len(photos_of(db, activity)) == entries[activity.title], activity.title
    camera = next(a for a in arrived if a.title == "Offline 01 donation")
    # made smaller on the phone, and its GPS went into the empty coordinates
    for stored in photos_of(db, camera):
        with Image.open(io.BytesIO(uploads.read_stored(stored))) as image:
            assert max(image.size) <= 1600
    assert (round(float(camera.latitude)), round(float(camera.longitude))) == (18, 102)
    assert camera.state.value == "submitted"
    expect(phone.locator(".outbox-link:visible")).to_have_count(0)


def test_a_connection_cut_in_the_middle_of_a_sync_neither_duplicates_nor_loses(
    live_server, phone, sign_in, db, tmp_path, field_site
):
    site, school, officer = field_site
    photo = small_photo(tmp_path / "well.jpg")
    second = small_photo(tmp_path / "pump.jpg", (20, 40, 200))
    sign_in(phone, officer)
    keep_forms_offline(phone, live_server)
    phone.context.set_offline(True)
    for n in range(3):
        queue(phone, live_server, site.id, "donation", f"Cut {n}", [photo, second], school.id)

    # the server stores the first entry and its first photo, but the answers never arrive
    lost = {"activity": 0, "photo": 0}

    def answer_lost(route, what):
        if lost[what] == 0:
            lost[what] += 1
            route.fetch()  # the server gets it and commits
            route.abort("connectionreset")  # the phone never hears back
        else:
            route.continue_()

    phone.route("**/api/v1/activities", lambda r: answer_lost(r, "activity"))
    phone.route("**/api/v1/activities/*/attachments", lambda r: answer_lost(r, "photo"))
    phone.context.set_offline(False)
    phone.goto(f"{live_server}/field/outbox")
    phone.click("#send-now")
    wait_until_sent(phone, live_server, 3)

    arrived = activities_titled(db, "Cut")
    assert [a.title for a in arrived] == ["Cut 0", "Cut 1", "Cut 2"]
    assert [len(photos_of(db, a)) for a in arrived] == [2, 2, 2]
    assert lost == {"activity": 1, "photo": 1}


def test_a_session_that_ends_in_the_middle_of_a_form_loses_nothing(
    live_server, phone, sign_in, db, tmp_path, field_site
):
    site, school, officer = field_site
    photo = small_photo(tmp_path / "handover.jpg")
    sign_in(phone, officer)
    phone.goto(f"{live_server}/sites/{site.id}/activities/new/donation")
    phone.fill("input[name=title]", "Rice for Ban Donnoun")
    phone.set_input_files("input[name=attachment]", photo)
    phone.locator(".photos li").wait_for()
    phone.locator("form[data-kept]").wait_for()  # kept on the phone a moment after typing
    phone.reload()  # a crash or a reload: what was typed comes back
    phone.locator("form[data-ready]").wait_for()
    assert phone.input_value("input[name=title]") == "Rice for Ban Donnoun"
    assert phone.locator(".photos li").count() == 1

    # the officer is called away; the session ends while the form is open
    db.session.execute(
        sa.update(SignInSession)
        .where(SignInSession.user_id == officer.id)
        .values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    )
    db.session.commit()
    fill(phone, "donation", "Rice for Ban Donnoun", school.id)
    phone.click("button[value=submit]")
    phone.get_by_text("Your session has ended: the entry is kept on this phone").wait_for()
    assert activities_titled(db, "Rice") == []

    phone.click(".field-status >> text=Sign in again")
    phone.fill("input[name=email]", officer.email)
    phone.fill("input[name=password]", factories.PASSWORD)
    phone.click("main button[type=submit]")
    wait_until_sent(phone, live_server, 1)
    arrived = activities_titled(db, "Rice")
    assert len(arrived) == 1 and len(photos_of(db, arrived[0])) == 1


def test_two_tabs_open_send_each_entry_once(live_server, phone, sign_in, db, tmp_path, field_site):
    site, school, officer = field_site
    sign_in(phone, officer)
    keep_forms_offline(phone, live_server)
    phone.context.set_offline(True)
    for n in range(4):
        queue(phone, live_server, site.id, KINDS[n], f"Tabs {n}", [], school.id)
    other = phone.context.new_page()
    other.goto(f"{live_server}/field/outbox")
    phone.goto(f"{live_server}/field/outbox")
    posts = []
    phone.context.on(
        "request",
        lambda r: r.method == "POST" and r.url.endswith("/api/v1/activities") and posts.append(r),
    )

    phone.context.set_offline(False)  # both tabs hear that the connection is back
    wait_until_sent(phone, live_server, 4)
    other.reload()
    other.locator("#outbox li[data-state=sent]").nth(3).wait_for()

    assert [a.title for a in activities_titled(db, "Tabs")] == [f"Tabs {n}" for n in range(4)]
    keys = [r.headers["idempotency-key"] for r in posts]
    assert len(keys) == 4 == len(set(keys))  # no entry was even sent twice
