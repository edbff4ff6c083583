"""The health check and the reverse-proxy setting."""

import sqlalchemy as sa

from outreach import create_app
from outreach.core.audit import AuditEvent
from outreach.extensions import db as _db
from tests import factories


def _app(**overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
    }
    return create_app({**config, **overrides})


def test_health_check_answers_ok_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_check_reports_an_unreachable_database_without_details():
    app = _app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert b"127.0.0.1" not in response.data and b"nobody" not in response.data


def test_forwarded_headers_are_ignored_without_a_proxy(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_behind_a_proxy_the_client_address_and_https_are_trusted(app, db):
    proxied = _app(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], PROXY_FIX=1)
    user = factories.user(role="field")
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    response = proxied.test_client().post(
        "/login", data={"email": user.email, "password": "wrong password"}, headers=headers
    )
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with proxied.app_context():
        _db.engine.dispose()
    db.session.rollback()  # end the test's own read transaction to see the request's commit
    failures = list(db.session.scalars(sa.select(AuditEvent).filter_by(action="sign_in_failed")))
    assert [e.ip for e in failures] == ["203.0.113.7"]
