"""Sessions: a new one at sign-in, idle and absolute timeouts, and signing out everywhere."""

from __future__ import annotations

import time

import sqlalchemy as sa

from outreach.auth.sessions import SEEN, STARTED
from outreach.core.audit import AuditEvent
from tests import factories


def _sign_in(client, user):
    return client.post("/login", data={"email": user.email, "password": factories.PASSWORD})


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_signing_in_starts_a_new_session(client, db):
    officer = factories.user(role="field")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = _session_cookie(client)
    _sign_in(client, officer)
    assert _session_cookie(client) != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"]


def test_a_session_ends_after_the_idle_timeout(client, db):
    officer = factories.user(role="field")
    _sign_in(client, officer)
    assert client.get("/sites").status_code == 200
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - 31 * 60
    response = client.get("/sites")
    assert response.headers["Location"] == "/login?next=/sites"
    assert client.get("/account").headers["Location"].startswith("/login")


def test_activity_keeps_the_session_alive_until_the_absolute_timeout(app, client, db):
    officer = factories.user(role="field")
    _sign_in(client, officer)
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - 29 * 60
    assert client.get("/sites").status_code == 200
    with client.session_transaction() as session:
        session[STARTED] = int(time.time()) - 13 * 3600
    assert client.get("/sites").headers["Location"].startswith("/login")


def test_an_admin_signs_a_user_out_everywhere(app, client, db, login_as):
    officer = factories.user(role="field")
    phone, laptop = app.test_client(), app.test_client()
    _sign_in(phone, officer)
    _sign_in(laptop, officer)
    admin = login_as("admin")
    assert "Sign out everywhere" in client.get(f"/admin/users/{officer.id}/edit").get_data(
        as_text=True
    )
    response = client.post(f"/admin/users/{officer.id}/sign-out")
    assert response.status_code == 302
    for device in (phone, laptop):
        assert device.get("/sites").headers["Location"].startswith("/login")
    assert _sign_in(phone, officer).status_code == 302  # they may sign in again
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "sign_out_everywhere")
    )
    assert event.user_id == admin.id and event.object_id == str(officer.id)
