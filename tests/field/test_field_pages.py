"""What the phone's script and service worker ask of the server, and the shorter field forms
as they work without JavaScript."""

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa

from outreach.activities.models import Activity, ActivityAttachment, Commitment
from outreach.auth.models import SignInSession
from tests import factories
from tests.activities.helpers import consultation_form, donation_form, festival_form
from tests.activities.test_uploads import jpeg_bytes


@pytest.fixture
def site(db):
    return factories.site(name="Kuantan Rail Depot")


def test_the_service_worker_is_served_from_the_root_for_the_whole_app(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_manifest_names_the_app_and_its_scope(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["scope"] == "/" and manifest.json["start_url"] == "/"
    assert manifest.json["display"] == "standalone"


def test_pages_load_the_script_from_the_app_only_and_no_inline_script(client, login_as, site):
    login_as("field", sites=[site])
    page = client.get(f"/sites/{site.id}/activities/new/festival")
    html = page.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert any('src="/static/js/field.js?v=' in s for s in scripts)
    # the only other script element is data (the words of the script), never run
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]


def test_the_session_probe_answers_the_user_and_a_token_or_401(client, login_as, site, db):
    assert client.get("/field/session").status_code == 401
    user = login_as("field", sites=[site])
    probe = client.get("/field/session")
    assert probe.json["user"] == user.id and probe.json["csrf_token"]


def test_typing_counts_as_activity_the_probe_moves_the_idle_clock(client, login_as, site, db):
    user = login_as("field", sites=[site])
    row = db.session.scalar(sa.select(SignInSession).where(SignInSession.user_id == user.id))
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    row.last_seen_at = earlier
    db.session.commit()
    assert client.get("/field/session").status_code == 200
    db.session.refresh(row)
    assert row.last_seen_at.replace(tzinfo=dt.UTC) > earlier.replace(tzinfo=dt.UTC)


def test_an_expired_session_is_not_revived_by_the_probe(client, login_as, site, db):
    user = login_as("field", sites=[site])
    db.session.execute(
        sa.update(SignInSession)
        .where(SignInSession.user_id == user.id)
        .values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    )
    db.session.commit()
    assert client.get("/field/session").status_code in (302, 401)
    assert client.get("/field/session").status_code == 401


def test_the_pages_kept_offline_are_the_forms_of_the_officers_own_sites(client, login_as, site):
    other = factories.site(name="Somewhere Else")
    login_as("field", sites=[site])
    pages = client.get("/field/offline-pages").json["pages"]
    assert f"/sites/{site.id}/activities/new/donation" in pages
    assert f"/sites/{site.id}/activities/new/consultation" in pages
    assert not any(f"/sites/{other.id}/" in p for p in pages)
    assert "/field/outbox" in pages


def test_the_outbox_page_needs_a_sign_in(client, login_as, site):
    assert client.get("/field/outbox").status_code == 302
    login_as("field", sites=[site])
    assert "Outbox" in client.get("/field/outbox").get_data(as_text=True)


def test_promises_are_added_one_at_a_time_without_javascript(client, login_as, site, db):
    login_as("field", sites=[site])
    url = f"/sites/{site.id}/activities/new/consultation"
    page = client.get(url).get_data(as_text=True)
    assert page.count('name="new_commitments-0-description"') == 1
    assert "new_commitments-1-description" not in page
    assert "Commitments made (summary)" not in page  # the promises are not typed twice
    typed = consultation_form(**{"new_commitments-0-description": "Fix the drain"})
    more = client.post(url, data={**typed, "action": "add_promise"}).get_data(as_text=True)
    assert 'value="Fix the drain"' in more and "new_commitments-1-description" in more
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0

    saved = client.post(
        url,
        data={
            **typed,
            "new_commitments-0-owner": "Site engineer",
            "new_commitments-0-due_date": (dt.date.today() + dt.timedelta(days=9)).isoformat(),
            "new_commitments-1-description": "Publish the blasting calendar",
            "new_commitments-1-owner": "Liaison officer",
            "new_commitments-1-due_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert saved.status_code == 302
    promises = db.session.scalars(sa.select(Commitment.description).order_by(Commitment.id))
    assert list(promises) == ["Fix the drain", "Publish the blasting calendar"]


def test_several_photos_go_with_one_entry(client, login_as, site, db):
    school = factories.stakeholder(sites=[site])
    login_as("field", sites=[site])
    data = donation_form(school.id)
    data["attachment"] = [
        (io.BytesIO(jpeg_bytes()), "one.jpg"),
        (io.BytesIO(jpeg_bytes((80, 60))), "two.jpg"),
    ]
    response = client.post(
        f"/sites/{site.id}/activities/new/donation", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    names = db.session.scalars(sa.select(ActivityAttachment.original_name))
    assert sorted(names) == ["one.jpg", "two.jpg"]


def test_currency_is_a_choice_with_the_sites_first(client, login_as, site, db):
    factories.site(country="TH")
    login_as("field", sites=[site])
    page = client.get(f"/sites/{site.id}/activities/new/festival").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="currency".*?</select>', page, re.S).group(0)
    codes = re.findall(r'<option[^>]*value="([A-Z]{3})"', select)
    assert codes[0] == "MYR" and "THB" in codes and "USD" in codes
    assert 'selected value="MYR"' in select or 'value="MYR" selected' in select


def test_after_saving_log_another_and_the_last_site_comes_first(client, login_as, site, db):
    first = factories.site(name="Aaa First Site")
    login_as("field", sites=[site, first])
    draft = "0f8e2a52-6a4c-4c55-9c1e-3f0c0a1b2c3d"
    saved = client.post(
        f"/sites/{site.id}/activities/new/festival", data={**festival_form(), "draft": draft}
    )
    # the page's script forgets the draft this fragment names
    assert saved.headers["Location"].endswith(f"#saved-{draft}")
    page = client.get(saved.headers["Location"].split("#")[0]).get_data(as_text=True)
    another = re.search(r'<a[^>]*id="log-another"[^>]*>', page).group(0)
    assert f'href="/sites/{site.id}/activities/new/festival"' in another
    choice = client.get("/activities/new/donation").get_data(as_text=True)
    assert choice.index("Kuantan Rail Depot") < choice.index("Aaa First Site")
    assert "last used" in choice


def test_a_draft_id_that_is_not_a_uuid_is_not_echoed(client, login_as, site):
    login_as("field", sites=[site])
    saved = client.post(
        f"/sites/{site.id}/activities/new/festival",
        data={**festival_form(), "draft": "<script>x</script>"},
    )
    assert "#" not in saved.headers["Location"]
