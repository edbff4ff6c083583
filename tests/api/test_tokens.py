"""Personal access tokens: made under My account and shown once, stored hashed, expiring
within a year, revocable by their owner and by admins, audited; a manager's needs a fresh
second factor; each token is rate limited (429 with Retry-After)."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from outreach.auth.tokens import AccessToken
from outreach.core.audit import AuditEvent
from outreach.extensions import db as _db
from tests import factories
from tests.api.conftest import bearer, token_for

IN_A_MONTH = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def _secret(page: str) -> str:
    return re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)


def test_a_field_officer_makes_a_token_shown_once_and_stored_hashed(client, login_as, db):
    login_as("field")
    response = client.post(
        "/account/tokens", data={"name": "Power BI", "access": "read", "expires_on": IN_A_MONTH}
    )
    assert response.status_code == 201
    secret = _secret(response.get_data(as_text=True))
    token = _db.session.scalar(sa.select(AccessToken))
    assert token.name == "Power BI" and not token.can_write and secret not in token.token_hash
    assert secret not in client.get("/account/tokens").get_data(as_text=True)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    assert _db.session.scalar(sa.select(AccessToken.last_used_at)) is not None
    created = _db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "create"))
    assert created.object_type == "access_token"


def test_an_expiry_beyond_a_year_is_refused_next_to_the_field(client, login_as, db):
    login_as("field")
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    response = client.post(
        "/account/tokens", data={"name": "BI", "access": "read", "expires_on": later}
    )
    assert response.status_code == 200
    assert "At most a year from today." in response.get_data(as_text=True)
    assert _db.session.scalar(sa.select(sa.func.count(AccessToken.id))) == 0


def test_a_manager_needs_a_fresh_second_factor(client, db):
    manager = factories.user("manager", countries=["MY"], two_factor=True)
    factories.sign_in(client, manager)  # the second factor is older than five minutes
    data = {"name": "BI", "access": "read", "expires_on": IN_A_MONTH}
    refused = client.post("/account/tokens", data=data)
    assert refused.status_code == 200
    assert _db.session.scalar(sa.select(sa.func.count(AccessToken.id))) == 0
    wrong = client.post("/account/tokens", data={**data, "code": "000000"})
    assert "This code is not right" in wrong.get_data(as_text=True)
    made = client.post("/account/tokens", data={**data, "code": factories.totp_code(manager)})
    assert made.status_code == 201
    assert _db.session.scalar(sa.select(sa.func.count(AccessToken.id))) == 1


def test_revoked_and_expired_tokens_stop_working(client, api_user, db):
    user, headers = api_user("field")
    token = _db.session.scalar(sa.select(AccessToken))
    token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    _db.session.commit()
    expired = client.get("/api/v1/me", headers=headers)
    assert expired.status_code == 401 and "WWW-Authenticate" in expired.headers
    other = factories.user("field")
    secret = token_for(other)
    factories.sign_in(client, other)
    mine = _db.session.scalar(sa.select(AccessToken).where(AccessToken.user_id == other.id))
    assert client.post(f"/account/tokens/{mine.id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    # someone else's token is not found
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404


def test_an_admin_lists_and_revokes_anyones_token(client, login_as, api_user, db):
    user, headers = api_user("field")
    login_as("admin")
    assert user.email in client.get("/admin/tokens").get_data(as_text=True)
    token = _db.session.scalar(sa.select(AccessToken))
    assert client.post(f"/admin/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    revoked = _db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "revoke"))
    assert revoked.object_id == str(token.id)


def test_each_token_has_its_own_rate_limit(app, client, api_user, db, monkeypatch):
    # a day's window: a fixed minute's window could turn over between the calls of a slow run
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per day")
    _a, headers = api_user("field")
    _b, other = api_user("field")
    for _ in range(3):
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 86401  # the window, whole seconds
    assert client.get("/api/v1/me", headers=other).status_code == 200
