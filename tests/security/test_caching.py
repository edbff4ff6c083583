"""No browser or proxy keeps a page, an export or a file: every answer but the static files and
the views that opted in says ``Cache-Control: no-store``. Routes added later are swept too."""

from __future__ import annotations

import re

import pytest

from tests.security.routes import ROLES, all_get_urls, make_world, sign_in

#: views that answer the same to everyone and hold no personal data (``@cacheable``)
KEPT = ("/static/", "/dashboard/map.svg")


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_to_anyone_is_kept_by_a_browser_or_a_proxy(app, db, client, login_as, role):
    world = make_world(app, db)
    sign_in(login_as, role, world)
    checked = 0
    for url in all_get_urls(app, world):
        if url.startswith(KEPT):
            continue
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", f"{role} {url}"
        checked += 1
    assert checked > 80


def test_the_public_status_page_showing_a_case_is_not_kept(client, db):
    from tests import factories

    feedback = factories.feedback(factories.site(), is_grievance=True)
    response = client.post("/f/status", data={"code": feedback.tracking_code})
    assert response.status_code == 200 and feedback.site.name in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_fingerprinted_files_keep_their_long_cache_and_opted_in_views_their_own(
    client, login_as, db
):
    login_as("manager", countries=["MY"])
    page = client.get("/account").get_data(as_text=True)
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert "immutable" in client.get(stylesheet).headers["Cache-Control"]
    assert client.get("/dashboard/map.svg").headers["Cache-Control"] == "private, max-age=86400"
