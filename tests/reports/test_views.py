"""Report pages through the browser's eyes: who may do what, and the issuing journey."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from outreach.reports.models import IssuedReport
from tests import factories
from tests.reports.pdftext import text_of
from tests.reports.sample_data import FORM

ROLES = ("admin", "manager", "partner", "field")


@pytest.fixture
def world(db):
    """A site and an issued report in Malaysia (own) and in Indonesia (other), and one for the
    whole portfolio."""
    my_site = factories.site("MY")
    factories.site("ID")
    return {
        "my_site": my_site,
        "own": factories.issued_report("MY").id,
        "other": factories.issued_report("ID").id,
        "portfolio": factories.issued_report(None).id,
        "code": factories.issued_report("ID").verification_code,
    }


def _sign_in(login_as, role, world):
    if role == "field":
        return login_as(role, sites=[world["my_site"]])
    return login_as(role, countries=[] if role == "admin" else ["MY"])


# (method, url template, {role: status}); "own"/"other"/"portfolio" name an issued report
MATRIX = [
    ("GET", "/reports/new", dict(admin=200, manager=200, partner=403, field=403)),
    ("GET", "/reports", dict(admin=200, manager=200, partner=200, field=403)),
    ("GET", "/reports/{own}", dict(admin=200, manager=200, partner=200, field=403)),
    ("GET", "/reports/{other}", dict(admin=200, manager=404, partner=404, field=403)),
    ("GET", "/reports/{portfolio}", dict(admin=200, manager=404, partner=404, field=403)),
    ("GET", "/reports/{own}/pdf", dict(admin=200, manager=200, partner=200, field=403)),
    ("GET", "/reports/{other}/pdf", dict(admin=200, manager=404, partner=404, field=403)),
    ("GET", "/reports/{own}/xlsx", dict(admin=200, manager=200, partner=200, field=403)),
    ("GET", "/reports/{other}/xlsx", dict(admin=200, manager=404, partner=404, field=403)),
    ("GET", "/reports/999999", dict(admin=404, manager=404, partner=404, field=403)),
    ("POST", "/reports/preview", dict(partner=403, field=403)),
    ("POST", "/reports/confirm", dict(admin=200, manager=200, partner=403, field=403)),
    ("POST", "/reports/issue", dict(partner=403, field=403)),
    ("GET", "/verify", dict(admin=200, manager=200, partner=200, field=200)),
    ("GET", "/verify/{code}", dict(admin=200, manager=200, partner=200, field=200)),
]
CASES = [
    (method, url, role, status)
    for method, url, statuses in MATRIX
    for role, status in statuses.items()
]


@pytest.mark.parametrize(("method", "url", "role", "status"), CASES)
def test_access_matrix(client, login_as, world, method, url, role, status):
    _sign_in(login_as, role, world)
    response = client.open(
        url.format(**world), method=method, data=FORM if method == "POST" else None
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    "url", ["/reports/new", "/reports", "/reports/{own}", "/reports/{own}/pdf"]
)
def test_signed_out_visitors_are_sent_to_sign_in(client, world, url):
    response = client.get(url.format(**world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_signed_out_visitors_may_verify(client, world):
    assert client.get("/verify").status_code == 200
    assert client.get(f"/verify/{world['code']}").status_code == 200


def test_manager_cannot_report_on_another_country(client, login_as, world):
    factories.site("ID")
    _sign_in(login_as, "manager", world)
    for url in ("/reports/preview", "/reports/confirm", "/reports/issue"):
        data = {**FORM, "scope": "country:ID", "confirmed": "yes"}
        assert client.post(url, data=data).status_code == 400
    assert (
        client.post(
            "/reports/issue", data={**FORM, "scope": "portfolio", "confirmed": "yes"}
        ).status_code
        == 400
    )


def test_archive_lists_only_the_partners_country(client, login_as, world):
    _sign_in(login_as, "partner", world)
    page = client.get("/reports").get_data(as_text=True)
    assert "Country MY" in page and "Country ID" not in page and "Portfolio" not in page


def test_downloads_are_attachments_with_the_archived_bytes(client, login_as, world, db):
    _sign_in(login_as, "partner", world)
    response = client.get(f"/reports/{world['own']}/pdf")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data == db.session.get(IssuedReport, world["own"]).pdf
    xlsx = client.get(f"/reports/{world['own']}/xlsx")
    assert xlsx.headers["Content-Disposition"].startswith("attachment;")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")


def test_issuing_needs_the_confirmation_step(client, login_as, world, db):
    manager = _sign_in(login_as, "manager", world)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport))
    page = client.post("/reports/confirm", data=FORM).get_data(as_text=True)
    assert "Issue this report?" in page and 'name="confirmed" value="yes"' in page
    assert "Q3 2026" in page  # the period as a reader writes it
    assert client.post("/reports/issue", data=FORM).status_code == 400
    after = db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport))
    assert after == before
    # the confirmation page's own form issues exactly what was reviewed
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    assert client.post("/reports/issue", data=hidden).status_code == 302
    report = db.session.scalar(sa.select(IssuedReport).order_by(IssuedReport.id.desc()))
    assert report.issued_by_id == manager.id
    assert (report.scope_key, report.period_label, report.languages) == ("MY", "2026-Q3", "en")


def test_manager_previews_issues_and_a_partner_verifies_the_download(client, login_as, world, db):
    manager = _sign_in(login_as, "manager", world)
    count = sa.select(sa.func.count()).select_from(IssuedReport)
    before = db.session.scalar(count)
    preview = client.post("/reports/preview", data=FORM)
    assert preview.mimetype == "application/pdf" and "DRAFT" in text_of(preview.data)
    assert db.session.scalar(count) == before  # a preview is not archived

    issued = client.post("/reports/issue", data={**FORM, "confirmed": "yes"})
    assert issued.status_code == 302
    report = db.session.scalar(sa.select(IssuedReport).order_by(IssuedReport.id.desc()))
    assert report.issued_by_id == manager.id and report.period_label == "2026-Q3"
    assert report.scope_key == "MY"
    download = client.get(f"/reports/{report.id}/pdf")
    assert "2026-Q3" in download.headers["Content-Disposition"]  # the machine form names files
    assert report.verification_code in client.get(issued.headers["Location"]).get_data(as_text=True)

    client.post("/logout")
    _sign_in(login_as, "partner", world)
    pdf = client.get(f"/reports/{report.id}/pdf").data
    client.post("/logout")
    upload = {"document": (io.BytesIO(pdf), "report.pdf")}
    page = client.post(f"/verify/{report.verification_code}", data=upload).get_data(as_text=True)
    assert "This is an original issued report." in page
    tampered = bytearray(pdf)
    tampered[len(pdf) // 2] ^= 0x20
    upload = {"document": (io.BytesIO(bytes(tampered)), "report.pdf")}
    page = client.post(f"/verify/{report.verification_code}", data=upload).get_data(as_text=True)
    assert "not an original" in page
    page = client.post("/verify", data={"sha256": report.sha256}).get_data(as_text=True)
    assert "This is an original issued report." in page and "2026-Q3" in page


@pytest.mark.parametrize("address", ["http://127.0.0.1:5000", "http://localhost:8000"])
def test_issuing_is_refused_while_the_public_address_is_loopback(
    app, client, login_as, world, db, monkeypatch, address
):
    monkeypatch.setitem(app.config, "EXTERNAL_URL", address)
    _sign_in(login_as, "manager", world)
    count = sa.select(sa.func.count()).select_from(IssuedReport)
    before = db.session.scalar(count)
    for step in ("/reports/confirm", "/reports/issue"):
        response = client.post(step, data={**FORM, "confirmed": "yes"})
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert "Reports cannot be issued while" in page and address in page
    assert db.session.scalar(count) == before
    preview = client.post("/reports/preview", data=FORM)  # drafts remain possible
    assert preview.mimetype == "application/pdf" and "DRAFT" in text_of(preview.data)


def test_the_report_links_to_the_public_address_whatever_the_host(client, login_as, world, db):
    _sign_in(login_as, "manager", world)
    factories.send_session_to(client, "evil.example")
    issued = client.post(
        "/reports/issue", data={**FORM, "confirmed": "yes"}, headers={"Host": "evil.example"}
    )
    assert issued.status_code == 302
    report = db.session.scalar(sa.select(IssuedReport).order_by(IssuedReport.id.desc()))
    text = text_of(report.pdf)
    assert f"https://outreach.example.org/verify/{report.verification_code}" in text
    assert "evil.example" not in text


def test_unknown_code_says_so(client, db):
    page = client.get("/verify/ZZZZZZZZZZ").get_data(as_text=True)
    assert "No report was issued with the code ZZZZZZZZZZ" in page


def test_verify_form_rejects_nonsense_fingerprints(client, db):
    page = client.post("/verify", data={"sha256": "not-a-digest"}).get_data(as_text=True)
    assert "64 letters and digits" in page
