"""Security events land in the audit log in UTC with the client's address."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from tests import factories


def _events(db, action):
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_refused_page_is_logged_with_user_ip_and_utc_time(client, db, login_as):
    partner = login_as("partner", countries=["MY"])
    response = client.get("/admin/users", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 403
    [event] = _events(db, "forbidden")
    assert event.user_id == partner.id
    assert event.ip == "10.9.8.7"
    assert event.summary == "GET /admin/users"
    assert event.created_at.utcoffset() == dt.timedelta(0)


def test_throttled_public_intake_is_logged(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FEEDBACK_LIMIT", "1 per minute")
    site = factories.site()
    for _ in range(2):
        response = client.post(f"/f/{site.code}", data={"text": "x"})
    assert response.status_code == 429
    [event] = _events(db, "throttled")
    assert event.user_id is None and event.summary == f"POST /f/{site.code}"


def test_sign_in_success_and_failure_are_logged(client, db):
    user = factories.user(email="siti@example.test")
    client.post("/login", data={"email": user.email, "password": "wrong-wrong-wrong"})
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert [e.ip for e in _events(db, "sign_in_failed")] == ["127.0.0.1"]
    assert [e.user_id for e in _events(db, "sign_in")] == [user.id]
