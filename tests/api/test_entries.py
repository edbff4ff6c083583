"""Recording a commitment, feedback (a complaint taken in as a grievance) and a stakeholder
through the API: what is stored is what the form stores, and what is answered is what GET
answers (never a complainant's name or contact)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.activities.models import Commitment
from outreach.core.audit import AuditEvent
from outreach.extensions import db as _db
from outreach.feedback.models import Feedback, FeedbackCategory, GrievanceStatus
from tests import factories
from tests.foundation.helpers import row_counts

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def site(db):
    return factories.site("MY")


def heard(site, **changes) -> dict:
    """Feedback heard yesterday at a meeting at ``site``."""
    return {
        "site_id": site.id,
        "received_on": YESTERDAY,
        "channel": "meeting",
        "text": "Dust on the road.",
        "sentiment": -1,
        **changes,
    }


def _audited(entity: str, record_id: int) -> bool:
    stmt = sa.select(AuditEvent).where(
        AuditEvent.object_type == entity, AuditEvent.object_id == str(record_id)
    )
    return _db.session.scalar(stmt) is not None


def test_a_promise_made_at_a_consultation_joins_the_register(client, api_user, site):
    user, headers = api_user("field", sites=[site])
    consultation = factories.activity(site, user, kind="consultation")
    body = {
        "site_id": site.id,
        "consultation_id": consultation.id,
        "description": "Water the school road twice a day",
        "owner": "HSE",
        "due_date": (TODAY + dt.timedelta(days=30)).isoformat(),
    }
    response = client.post("/api/v1/commitments", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["status"] == "open" and data["consultation_id"] == consultation.id
    assert response.headers["ETag"] == '"1"'
    again = client.get(response.headers["Location"], headers=headers)
    assert again.get_json() == data
    assert _db.session.get(Commitment, data["id"]).site_id == site.id
    assert _audited("commitment", data["id"])


def test_a_promise_for_an_activity_the_caller_cannot_see_is_refused(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    elsewhere = factories.site("MY")
    other = factories.activity(elsewhere, factories.user("field", sites=[elsewhere]))
    before = row_counts()
    body = {"site_id": site.id, "consultation_id": other.id, "description": "Shade"}
    response = client.post("/api/v1/commitments", json=body, headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["consultation_id"] == ["Choose from the list."]
    assert errors["owner"] == ["Who will keep this promise?"]  # every field at once
    assert row_counts() == before


def test_a_complaint_becomes_a_grievance_with_its_deadlines(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    body = heard(
        site,
        channel="hotline",
        language="ms",
        text="Blasting cracked the wall of our house.",
        sentiment=-2,
        is_grievance=True,
        person_name="Pak Rahman",
        person_contact="+60 12 345 6789",
        consent_personal_data=True,
    )
    response = client.post("/api/v1/feedback", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["is_grievance"] is True and data["status"] == "received"
    assert data["ack_due"] and data["resolve_due"] >= data["ack_due"]
    assert "Pak Rahman" not in response.get_data(as_text=True)  # kept, never served
    feedback = _db.session.get(Feedback, data["id"])
    assert feedback.status == GrievanceStatus.RECEIVED and feedback.person_name == "Pak Rahman"
    assert [e.action for e in feedback.events] == ["receive"]


def test_feedback_without_consent_keeps_no_name(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    body = heard(site, text="Thank you for the clinic.", sentiment=2, anonymous="yes")
    response = client.post("/api/v1/feedback", json=body, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"anonymous": ["Choose from the list."]}
    body["anonymous"] = True
    response = client.post("/api/v1/feedback", json=body, headers=headers)
    assert response.status_code == 201
    data = response.get_json()
    assert data["is_grievance"] is False and data["status"] is None and data["language"] == "en"


def test_a_stakeholder_joins_the_register_of_the_callers_sites(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    body = {
        "name": "Kampung Baru",
        "category": "village",
        "site_ids": [site.id],
        "vulnerable_groups": ["elderly", "indigenous"],
        "contact_name": "Ibu Siti",
        "contact_email": "Siti@Example.org",
        "consent_personal_data": True,
    }
    response = client.post("/api/v1/stakeholders", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["site_ids"] == [site.id] and data["contact_email"] == "siti@example.org"
    assert data["vulnerable_groups"] == "elderly,indigenous"
    assert _audited("stakeholder", data["id"])


def test_a_stakeholder_of_another_site_is_refused_in_the_forms_words(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    elsewhere = factories.site("MY")
    before = row_counts()
    body = {"name": "Kampung Lama", "category": "castle", "site_ids": [site.id, elsewhere.id]}
    response = client.post("/api/v1/stakeholders", json=body, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "site_ids": ["Choose from the list."],
        "category": ["Choose from the list."],
    }
    assert row_counts() == before


def test_a_retried_feedback_is_recorded_once(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    body = heard(site)
    headers = {**headers, "Idempotency-Key": "visit-42"}
    first = client.post("/api/v1/feedback", json=body, headers=headers)
    second = client.post("/api/v1/feedback", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 1


def test_new_feedback_takes_only_the_categories_offered(client, api_user, site):
    _user, headers = api_user("field", sites=[site])
    retired = FeedbackCategory(key="ferry", name="Ferry", active=False)
    _db.session.add(retired)
    _db.session.commit()
    response = client.post(
        "/api/v1/feedback", json=heard(site, category_ids=[retired.id]), headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"category_ids": ["Choose from the list."]}
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
