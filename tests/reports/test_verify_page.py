"""The public verification page names the issuing organisation and the issuer's role, never a
person, and guessing codes on it is throttled per IP address."""

from __future__ import annotations

from tests import factories


def test_the_page_names_the_organisation_and_role_not_the_issuer(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ORGANISATION_NAME", "Malaysia Rail Link Sdn Bhd")
    manager = factories.user("manager", countries=["MY"], name="Nurul Izzah Hashim")
    report = factories.issued_report("MY", issued_by_id=manager.id, issuer_name=manager.name)
    page = client.get(f"/verify/{report.verification_code}").get_data(as_text=True)
    assert "Malaysia Rail Link Sdn Bhd" in page and "Manager" in page
    assert "Nurul Izzah" not in page and "Hashim" not in page


def test_code_guessing_on_the_verification_page_is_throttled(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_LIMIT", "3 per day")
    statuses = [client.get(f"/verify/GUESS{n:05d}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.post("/verify", data={"sha256": "0" * 64}).status_code == 429


def test_a_reader_types_the_code_printed_on_the_report(client, db):
    """/verify offered only a file upload or a SHA-256; the printed code had nowhere to go."""
    report = factories.issued_report("MY")
    page = client.get("/verify").get_data(as_text=True)
    box = page.split('id="verify-code"', 1)[1].split("</form>", 1)[0]
    assert 'name="code"' in box and "Verification code printed on the report" in box
    code = report.verification_code
    typed = f"{code[:4].lower()}-{code[4:]} "
    found = client.get("/verify", query_string={"code": typed}).get_data(as_text=True)
    assert "A report was issued with this code" in found and report.scope_name in found
    unknown = client.get("/verify", query_string={"code": "ZZZZ"})
    assert "No report was issued with the code ZZZZ" in unknown.get_data(as_text=True)
