"""Accounts by e-mail: an invitation to choose the first password, and "forgot your password?"
with a one-time reset link; through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from outreach.auth.models import AccountLink, User
from outreach.core.db import utcnow
from tests import factories

NEW_PASSWORD = "river-lantern-orchard-71"


def _link_path(message) -> str:
    text = message.get_body(("plain",)).get_content()
    url = re.search(r"https://outreach\.example\.org(/password/set/\S+)", text)
    assert url, text
    return url.group(1)


def _page(response, address: str) -> bytes:
    """The page with the address typed (and each response's own nonce and CSRF token) left
    out."""
    page = response.data.replace(address.encode(), b"X")
    return re.sub(rb'(nonce|value)="[\w.-]{24,}"', b"", page)


def _sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def _choose(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"password": password, "confirm": confirm or password})


def test_an_invited_person_chooses_a_password_once(db, client, login_as, smtp, app):
    factories.site("MY")
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "email": "Nur@Example.test",
            "name": "Nur Aisyah",
            "role": "partner",
            "language": "",
            "country_codes": ["MY"],
        },
    )
    assert response.status_code == 302
    [message] = smtp.to("nur@example.test")
    path = _link_path(message)
    html = message.get_body(("html",)).get_content()
    assert f"https://outreach.example.org{path}" in html
    assert "<img" not in html

    client.post("/logout")
    assert b"Choose your password" in client.get(path).data
    weak = _choose(client, path, "password")
    assert weak.status_code == 200 and b"has-error" in weak.data
    assert _choose(client, path).status_code == 302
    assert _sign_in(client, "nur@example.test", NEW_PASSWORD).status_code == 302
    client.post("/logout")

    again = client.get(path)
    assert again.status_code == 404 and b"no longer works" in again.data
    assert _choose(client, path, "another-fine-password-99").status_code == 404


def test_an_invitation_is_in_the_persons_language(db, client, login_as, smtp):
    login_as("admin")
    client.post(
        "/admin/users/new",
        data={
            "email": "somchai@example.test",
            "name": "Somchai",
            "role": "admin",
            "language": "th",
        },
    )
    [message] = smtp.to("somchai@example.test")
    assert message["Subject"] != "Your Outreach account: choose your password"
    assert 'lang="th"' in message.get_body(("html",)).get_content()


def test_a_newer_invitation_replaces_the_older_and_links_expire(db, client, login_as, smtp):
    admin = login_as("admin")
    person = factories.user("field")
    client.post(f"/admin/users/{person.id}/invite")
    client.post(f"/admin/users/{person.id}/invite")
    first, second = (_link_path(m) for m in smtp.to(person.email))
    client.post("/logout")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    db.session.execute(sa.update(AccountLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get(second).status_code == 404
    assert admin.active


def test_forgot_password_answers_the_same_for_any_address(db, client, smtp, app):
    person = factories.user("field", email="ana@example.test")
    known = client.post("/password/forgot", data={"email": "ana@example.test"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    answer = client.get(unknown.headers["Location"])
    assert b"If nobody@example.test is the address of an active account" in answer.data
    other = app.test_client()
    other.post("/password/forgot", data={"email": "ana@example.test"})
    assert _page(other.get(known.headers["Location"]), "ana@example.test") == _page(
        answer, "nobody@example.test"
    )
    assert len(smtp.to(person.email)) == 2
    assert smtp.to("nobody@example.test") == []


def test_an_inactive_account_gets_no_reset_link(db, client, smtp):
    factories.user("field", email="gone@example.test", active=False)
    assert client.post("/password/forgot", data={"email": "gone@example.test"}).status_code == 302
    assert smtp.to("gone@example.test") == []


def test_a_reset_ends_every_session_and_keeps_two_step_sign_in(db, app, smtp):
    person = factories.user("manager", countries=["MY"], two_factor=True)
    elsewhere = app.test_client()
    factories.sign_in(elsewhere, person)
    assert elsewhere.get("/account").status_code == 200

    browser = app.test_client()
    browser.post("/password/forgot", data={"email": person.email})
    path = _link_path(smtp.to(person.email)[0])
    assert _choose(browser, path).status_code == 302

    signed_out = elsewhere.get("/account")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    response = _sign_in(browser, person.email, NEW_PASSWORD)
    assert response.headers["Location"].endswith("/two-factor")
    assert browser.get("/").status_code == 302  # not in before the second step
    assert _sign_in(app.test_client(), person.email, factories.PASSWORD).status_code == 200


@pytest.mark.parametrize("address", ["ana@example.test", "nobody@example.test"])
def test_reset_requests_are_throttled_per_address(db, client, app, monkeypatch, address):
    factories.user("field", email="ana@example.test")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "2 per day")
    answers = [
        client.post("/password/forgot", data={"email": address}).status_code for _ in range(3)
    ]
    assert answers == [302, 302, 429]


def test_an_address_that_is_not_one_is_refused_next_to_the_field(db, client):
    response = client.post("/password/forgot", data={"email": ""})
    assert response.status_code == 200 and b"Enter your e-mail address." in response.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
