"""The offline client's endpoints: record an activity of each kind (a consultation with its
promises), attach a file, read who I am; by token or by the session with its CSRF token."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from outreach.activities.kinds import ActivityState
from outreach.activities.models import Activity, ActivityAttachment, Commitment
from outreach.extensions import db as _db
from tests import factories
from tests.foundation.helpers import csrf_token, row_counts

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
COMMON = {
    "activity_date": YESTERDAY,
    "title": "Open house",
    "motivation": "community_investment",
    "cause": "education",
}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 0, 255)).save(out, "PNG")
    return out.getvalue()


def bodies(site, beneficiary):
    return {
        "festival": {"occasion": "open_house", "attendance": 120},
        "donation": {
            "donation_form": "cash",
            "beneficiary_id": getattr(beneficiary, "id", None),
            "cash_amount": "500.00",
            "beneficiaries": 40,
        },
        "consultation": {
            "consultation_format": "town_hall",
            "topic": "Blasting schedule",
            "participants": 50,
            "commitments": [
                {"description": "Water the road", "owner": "HSE", "due_date": YESTERDAY}
            ],
        },
        "training": {"programme": "Welding", "trainees": 20, "completed": 18},
    }


@pytest.fixture
def site(db):
    return factories.site("MY")


@pytest.mark.parametrize("kind", ["festival", "donation", "consultation", "training"])
def test_a_field_officer_records_every_kind(client, api_user, site, kind):
    user, headers = api_user("field", sites=[site])
    beneficiary = factories.stakeholder(sites=[site])
    body = {"kind": kind, "site_id": site.id, **COMMON, **bodies(site, beneficiary)[kind]}
    response = client.post("/api/v1/activities", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["status"] == "draft" and data["kind"] == kind and data["version"] == 1
    assert response.headers["Location"] == f"/api/v1/activities/{data['id']}"
    activity = _db.session.get(Activity, data["id"])
    assert activity.author_id == user.id and activity.currency == "MYR"
    if kind == "consultation":
        promises = _db.session.scalars(sa.select(Commitment)).all()
        assert [p.consultation_id for p in promises] == [activity.id]
        assert data["commitment_ids"] == [promises[0].id]


def test_field_errors_come_in_the_forms_words_and_language(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    before = row_counts()
    body = {"kind": "training", "site_id": site.id, **COMMON, "programme": "Welding"}
    body.update(trainees=10, completed=12, activity_date="yesterday", title="x" * 201)
    response = client.post("/api/v1/activities", json=body, headers=headers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and problem["title"] and problem["type"]
    assert problem["errors"] == {
        "completed": ["More than the trainees."],
        "activity_date": ["Enter a date as YYYY-MM-DD."],
        "title": ["At most 200 characters."],
    }
    malay = client.post(
        "/api/v1/activities", json=body, headers={**headers, "Accept-Language": "ms"}
    )
    assert malay.get_json()["errors"]["completed"] != ["More than the trainees."]
    assert row_counts() == before


def test_a_promise_without_owner_is_refused_with_its_place(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    body = {
        "kind": "consultation",
        "site_id": site.id,
        **COMMON,
        **bodies(site, None)["consultation"],
    }
    body["commitments"] = [{"description": "Water the road", "owner": "", "due_date": None}]
    response = client.post("/api/v1/activities", json=body, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "commitments.0.owner": ["Who will keep this promise?"],
        "commitments.0.due_date": ["By when?"],
    }


def test_an_officer_no_longer_assigned_is_refused_in_words(client, api_user, site):
    other = factories.site("MY")
    _user, headers = api_user("field", sites=[other])
    body = {"kind": "festival", "site_id": site.id, **COMMON, "attendance": 5}
    response = client.post("/api/v1/activities", json=body, headers=headers)
    assert response.status_code == 403
    assert "not assigned" in response.get_json()["detail"]


def test_an_archived_site_is_a_conflict(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    site.archived = True
    _db.session.commit()
    body = {"kind": "festival", "site_id": site.id, **COMMON, "attendance": 5}
    response = client.post("/api/v1/activities", json=body, headers=headers)
    assert response.status_code == 409
    assert "archived" in response.get_json()["detail"]


def test_attach_a_photo(client, api_user, site):
    user, headers = api_user("field", sites=[site])
    activity = factories.activity(site, user, kind="festival")
    response = client.post(
        f"/api/v1/activities/{activity.id}/attachments",
        data={"file": (io.BytesIO(png()), "photo.png"), "caption": "The stage"},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["caption"] == "The stage" and data["content_type"] == "image/png"
    assert _db.session.get(ActivityAttachment, data["id"]).activity_id == activity.id


def test_a_file_that_is_no_photo_is_refused_next_to_the_field(client, api_user, site):
    user, headers = api_user("field", sites=[site])
    activity = factories.activity(site, user, kind="festival")
    response = client.post(
        f"/api/v1/activities/{activity.id}/attachments",
        data={"file": (io.BytesIO(b"MZ not a photo"), "virus.exe")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["file"]


def test_me_lists_the_open_sites_and_kinds(client, api_user, site):
    archived = factories.site("MY", archived=True)
    user, headers = api_user("field", sites=[site, archived])
    data = client.get("/api/v1/me", headers=headers).get_json()
    assert data["id"] == user.id and data["role"] == "field"
    assert [s["id"] for s in data["sites"]] == [site.id]
    assert data["sites"][0]["currency"] == "MYR"
    assert set(data["kinds"]) == {"festival", "donation", "consultation", "training"}
    partner, partner_headers = api_user("partner", countries=["MY"])
    assert client.get("/api/v1/me", headers=partner_headers).get_json()["kinds"] == []


def test_the_session_cookie_needs_the_csrf_header(client, login_as, site, csrf_on):
    login_as("field", sites=[site])
    body = {"kind": "festival", "site_id": site.id, **COMMON, "attendance": 5}
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post("/api/v1/activities", json=body)
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
    page = client.get("/account").get_data(as_text=True)
    token = csrf_token(page)
    accepted = client.post("/api/v1/activities", json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_the_session_cookie_opens_no_other_endpoint(client, login_as, site):
    user = login_as("field", sites=[site])
    activity = factories.activity(site, user, kind="festival")
    response = client.get(f"/api/v1/activities/{activity.id}")
    assert response.status_code == 401


def test_without_a_session_or_token_the_client_is_told_to_sign_in(client, db):
    response = client.post("/api/v1/activities", json={})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_read_token_may_not_write(client, api_user, site):
    _user, headers = api_user("field", sites=[site], can_write=False)
    body = {"kind": "festival", "site_id": site.id, **COMMON, "attendance": 5}
    assert client.post("/api/v1/activities", json=body, headers=headers).status_code == 403


def test_the_client_submits_an_entry_with_its_session_and_a_repeat_changes_nothing(
    client, login_as, site, csrf_on
):
    user = login_as("field", sites=[site])
    activity = factories.activity(site, user, kind="festival", state=ActivityState.DRAFT)
    url = f"/api/v1/activities/{activity.id}/submit"
    assert client.post(url).status_code == 400  # the session needs the CSRF header
    headers = {"X-CSRFToken": csrf_token(client.get("/account").get_data(as_text=True))}
    first = client.post(url, headers=headers)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["status"] == "submitted"
    before = row_counts()
    again = client.post(url, headers=headers)
    assert again.status_code == 200
    assert again.get_json() == first.get_json() and again.headers["ETag"] == first.headers["ETag"]
    assert row_counts() == before
    _db.session.expire_all()
    assert _db.session.get(Activity, activity.id).times_submitted == 1


def test_only_an_entry_the_caller_may_edit_is_submitted(client, api_user, site):
    author = factories.user("field", sites=[site])
    activity = factories.activity(site, author, kind="festival", state=ActivityState.DRAFT)
    _user, headers = api_user("field", sites=[site])
    before = row_counts()
    response = client.post(f"/api/v1/activities/{activity.id}/submit", headers=headers)
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert row_counts() == before
