"""With CSRF protection on, as in production, a POST without the form's token changes nothing."""

from __future__ import annotations

import pytest

from tests import factories
from tests.foundation.helpers import csrf_token, row_counts


@pytest.fixture
def site(db):
    return factories.site(code="MY-CSRF-01", name="Kuantan depot")


def _forged_posts(site, victim):
    return [
        (
            "/sites/new",
            {
                "code": "MY-EVIL-01",
                "name": "Evil",
                "country_code": "MY",
                "kind": "rail",
                "status": "planned",
            },
        ),
        (f"/sites/{site.id}/archive", {"archived": "1"}),
        (f"/admin/users/{victim.id}/active", {"active": "0"}),
        (f"/admin/users/{victim.id}/password", {"password": "x" * 20, "confirm": "x" * 20}),
        ("/stakeholders/new", {"name": "Evil", "category": "village", "site_ids": [site.id]}),
        ("/account/language", {"lang-language": "en"}),
    ]


def test_posts_without_a_token_are_refused_and_change_nothing(client, login_as, site, csrf_on):
    victim = factories.user(role="field", sites=[site])
    login_as("admin")
    before = row_counts()
    for url, data in _forged_posts(site, victim):
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "The form had expired or came from another site" in response.get_data(as_text=True)
    assert row_counts() == before
    assert not site.archived
    assert victim.active


def test_sign_in_without_a_token_is_refused(client, db, csrf_on):
    user = factories.user(email="csrf@example.test")
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert client.get("/sites").headers["Location"].startswith("/login")


def test_the_same_post_with_the_pages_token_goes_through(client, login_as, site, csrf_on):
    login_as("admin")
    token = csrf_token(client.get(f"/sites/{site.id}").get_data(as_text=True))
    response = client.post(f"/sites/{site.id}/archive", data={"archived": "1", "csrf_token": token})
    assert response.status_code == 302
    assert site.archived


def test_sign_out_needs_a_token_too(client, login_as, db, csrf_on):
    login_as("field")
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
