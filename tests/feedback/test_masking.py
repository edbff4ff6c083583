"""Confidentiality: a complainant's identity in pages, exports and report queries."""

import csv
import datetime as dt
import io
import re

from openpyxl import load_workbook

from outreach.core.audit import AuditEvent
from outreach.feedback import queries
from tests import factories

NAME, CONTACT = "Siti Aminah binti Rahman", "+60 12 987 6543"


def _grievance(site, **kwargs):
    return factories.feedback(
        site,
        is_grievance=True,
        person_name=NAME,
        person_contact=CONTACT,
        consent_personal_data=True,
        text="Night piling keeps my children awake",
        **kwargs,
    )


def test_grievance_identity_is_hidden_from_field_officer_and_manager(client, login_as, db):
    site = factories.site()
    grievance = _grievance(site)
    login_as("field", sites=[site])
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert NAME not in page and CONTACT not in page
    assert "Identity withheld" in page
    assert "children awake" in page  # staff of the site read the complaint itself


def test_assignee_sees_the_identity(client, login_as, db):
    site = factories.site()
    officer = login_as("field", sites=[site])
    grievance = _grievance(site, assignee_id=officer.id)
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert NAME in page and CONTACT in page


def test_manager_reveals_with_a_reason_and_the_reveal_is_audited(client, login_as, db):
    site = factories.site()
    grievance = _grievance(site)
    manager = login_as("manager", countries=["MY"])
    assert NAME not in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    refused = client.post(f"/feedback/{grievance.id}/reveal", data={"reason": ""})
    assert refused.status_code == 302
    assert NAME not in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    client.post(
        f"/feedback/{grievance.id}/reveal", data={"reason": "Must call her back about the visit"}
    )
    assert NAME in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    event = db.session.query(AuditEvent).filter_by(action="reveal").one()
    assert event.user_id == manager.id
    assert "call her back" in event.summary
    assert event.object_id == str(grievance.id)


def _reveals(db, grievance):
    return (
        db.session.query(AuditEvent)
        .filter_by(action="reveal", object_id=str(grievance.id))
        .order_by(AuditEvent.id)
        .all()
    )


def test_assigning_a_grievance_reveals_the_identity_to_the_assignee_once_audited(
    client, login_as, db
):
    site = factories.site()
    officer = factories.user("field", sites=[site], name="Ahmad Field")
    grievance = _grievance(site)
    manager = login_as("manager", countries=["MY"])
    client.post(f"/feedback/{grievance.id}/assign", data={"assignee_id": str(manager.id)})
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert NAME in page and CONTACT in page
    (reveal,) = _reveals(db, grievance)
    assert reveal.user_id == manager.id
    assert reveal.summary == "identity revealed: assigned to handle the grievance"
    assert NAME not in str(reveal.changes) and CONTACT not in reveal.summary

    client.post(f"/feedback/{grievance.id}/assign", data={"assignee_id": str(manager.id)})
    assert len(_reveals(db, grievance)) == 1  # the same assignee again: nothing new is shown

    client.post(f"/feedback/{grievance.id}/assign", data={"assignee_id": str(officer.id)})
    handed_over = _reveals(db, grievance)[-1]
    assert len(_reveals(db, grievance)) == 2
    assert handed_over.summary == (
        "identity revealed to Ahmad Field: assigned to handle the grievance"
    )
    assert handed_over.changes == {"revealed_to": [None, officer.id]}
    assert NAME not in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)


def test_personal_data_never_enters_the_audit_log(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    client.post(
        f"/feedback/sites/{site.id}/new",
        data={
            "received_on": "2025-03-03",
            "channel": "hotline",
            "language": "ms",
            "text": "Dust",
            "sentiment": "-1",
            "is_grievance": "y",
            "person_name": NAME,
            "person_contact": CONTACT,
            "consent_personal_data": "y",
        },
    )
    events = db.session.query(AuditEvent).filter_by(object_type="feedback").all()
    assert events
    assert all(NAME not in str(e.changes) and CONTACT not in str(e.changes) for e in events)


def test_exports_mask_names(client, login_as, db):
    site = factories.site()
    officer = login_as("field", sites=[site])
    _grievance(site, assignee_id=officer.id)  # even the assignee's export is masked
    factories.feedback(site, person_name="Ahmad Tan", consent_personal_data=True)
    csv_body = client.get("/feedback/export.csv").get_data(as_text=True)
    assert NAME not in csv_body and CONTACT not in csv_body and "Ahmad Tan" not in csv_body
    rows = list(csv.DictReader(io.StringIO(csv_body.lstrip("\ufeff"))))
    assert len(rows) == 2 and {r["person"] for r in rows} == {queries.MASK}
    xlsx = client.get("/feedback/grievances/export.xlsx").data
    cells = [
        c for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for c in row
    ]
    assert NAME not in cells and CONTACT not in cells
    assert queries.MASK in cells
    assert "Night piling keeps my children awake" in cells


def test_report_queries_carry_no_personal_data(db):
    site = factories.site()
    _grievance(site)
    admin = factories.user(role="admin")
    rows = queries.feedback_rows(admin, queries.FeedbackFilters(), dt.date(2025, 3, 10))
    flat = str(rows)
    assert NAME not in flat and CONTACT not in flat
    assert rows[0]["person"] == queries.MASK
    partner = factories.user(role="partner", countries=["MY"])
    assert queries.feedback_rows(partner, queries.FeedbackFilters(), dt.date(2025, 3, 10)) == []


def test_spreadsheet_formulas_in_public_text_are_defused(client, login_as, db):
    site = factories.site()
    factories.feedback(site, text='=HYPERLINK("http://evil.test","click")')
    login_as("manager", countries=["MY"])
    body = client.get("/feedback/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


PAYLOADS = ('x;=HYPERLINK("http://evil.example","a");y', "a,=1+1")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _fields_seen(body: str) -> list[str]:
    """Every field of the file as a comma reader, a semicolon reader (Excel with the
    Indonesian or Vietnamese list separator) and a naive split on ";" would see it."""
    seen = []
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(body), delimiter=delimiter):
            seen += row
    seen += body.replace("\n", ";").split(";")
    return [f for f in seen if not NUMBER.match(f.strip())]


def test_public_text_runs_as_no_formula_with_either_list_separator(client, login_as, db):
    site = factories.site()
    for text in PAYLOADS:
        assert _submit_publicly(client, site, text).status_code == 302
    login_as("manager", countries=["MY"])
    body = client.get("/feedback/export.csv").get_data(as_text=True).lstrip("\ufeff")
    for field in _fields_seen(body):
        assert not field.lstrip(' "').startswith(("=", "+", "-", "@", "\t", "\r")), field
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["text"] for row in rows) == [
        "a,'=1+1",
        'x;\'=HYPERLINK("http://evil.example","a");y',
    ]


def _submit_publicly(client, site, text):
    form = {"kind": "complaint", "text": text, "language": "ms", "anonymous": "y"}
    return client.post(f"/f/{site.code}", data=form)


def test_no_consent_no_identity_kept(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    response = client.post(
        f"/feedback/sites/{site.id}/new",
        data={
            "received_on": "2025-03-03",
            "channel": "walk_in",
            "language": "ms",
            "text": "Road is dangerous",
            "sentiment": "-1",
            "person_name": NAME,
        },
    )
    assert response.status_code == 200
    assert "only be kept with the person" in response.get_data(as_text=True)
    assert NAME in response.get_data(as_text=True)  # the form keeps what was typed
