"""Pages, styles and scripts travel gzipped to browsers that accept it; files that are
compressed already (PDFs, photos) and browsers that do not accept it get the bytes as they are."""

from __future__ import annotations

import gzip


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, db):
    plain = client.get("/login")
    zipped = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    page = gzip.decompress(zipped.get_data())
    # the same page (its CSRF token is signed with the time, so compare all but the token)
    assert page.startswith(b"<!doctype html>") and len(page) == len(plain.get_data())
    assert len(zipped.get_data()) < len(plain.get_data()) / 2


def test_the_stylesheet_is_gzipped_and_keeps_its_validator(app, client, db):
    from outreach.core.assets import asset_url

    with app.test_request_context():
        url = asset_url("css/app.css")
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert b".table-wrap" in gzip.decompress(zipped.get_data())
    plain = client.get(url)
    if plain.headers.get("ETag"):
        assert zipped.headers["ETag"] != plain.headers["ETag"]


def test_a_pdf_is_sent_as_it_is(client, login_as, db):
    from tests import factories

    report = factories.issued_report(pdf=b"%PDF-1.7 " + b"x" * 5000)
    login_as("manager", countries=["MY"])
    response = client.get(f"/reports/{report.id}/pdf", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.get_data().startswith(b"%PDF")
