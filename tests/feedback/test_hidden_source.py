"""An anonymous complainant is not named through the person-stakeholder their grievance is
linked to: the link is part of the hidden identity, in pages, lists, exports and the
stakeholder's page, until a manager reveals it with a reason."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from outreach.core.audit import AuditEvent
from outreach.stakeholders.models import StakeholderCategory
from tests import factories

NAME, PHONE = "Rosmah binti Yusof", "+60 13 555 0199"


def _anonymous_grievance(site):
    person = factories.stakeholder(
        sites=[site],
        name=NAME,
        category=StakeholderCategory.PERSON,
        contact_phone=PHONE,
        consent_personal_data=True,
    )
    grievance = factories.feedback(
        site,
        is_grievance=True,
        anonymous=True,
        fears_retaliation=True,
        stakeholder_id=person.id,
        text="The contractor's foreman threatens us at night",
    )
    return person, grievance


def _spreadsheet_cells(body: bytes) -> str:
    rows = load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
    return " ".join(str(c) for row in rows for c in row)


def test_a_field_officer_of_the_site_cannot_tell_who_complained(client, login_as, db):
    site = factories.site()
    person, grievance = _anonymous_grievance(site)
    login_as("field", sites=[site])
    seen = [
        client.get(f"/feedback/{grievance.id}").get_data(as_text=True),
        client.get(f"/feedback/{grievance.id}/review").get_data(as_text=True),
        client.get("/feedback/grievances").get_data(as_text=True),
        client.get("/feedback/").get_data(as_text=True),
        client.get("/feedback/export.csv").get_data(as_text=True),
        client.get("/feedback/grievances/export.csv").get_data(as_text=True),
        _spreadsheet_cells(client.get("/feedback/export.xlsx").data),
    ]
    assert "foreman threatens" in seen[0] and "Identity withheld" in seen[0]
    for body in seen:
        assert NAME not in body and PHONE not in body
        assert f"/stakeholders/{person.id}" not in body
    assert "[withheld]" in seen[4]
    # the stakeholder's own page is theirs, but nothing on it ties them to the grievance
    page = client.get(f"/stakeholders/{person.id}").get_data(as_text=True)
    assert NAME in page
    assert "foreman" not in page and grievance.tracking_code not in page
    assert f"/feedback/{grievance.id}" not in page


def test_reviewing_keeps_the_hidden_link(client, login_as, db):
    site = factories.site()
    person, grievance = _anonymous_grievance(site)
    login_as("field", sites=[site])
    client.post(
        f"/feedback/{grievance.id}/review",
        data={"channel": "hotline", "language": "en", "sentiment": "-2", "version": "1"},
    )
    db.session.refresh(grievance)
    assert grievance.sentiment == -2 and grievance.stakeholder_id == person.id


def test_a_manager_reveals_the_link_with_a_reason_audited(client, login_as, db):
    site = factories.site()
    person, grievance = _anonymous_grievance(site)
    manager = login_as("manager", countries=["MY"])
    assert NAME not in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    client.post(f"/feedback/{grievance.id}/reveal", data={"reason": "Protect her: call the police"})
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert NAME in page
    event = db.session.query(AuditEvent).filter_by(action="reveal").one()
    assert event.user_id == manager.id and event.object_id == str(grievance.id)
    assert "call the police" in event.summary and NAME not in event.summary


def test_a_community_as_the_source_stays_visible(client, login_as, db):
    site = factories.site()
    village = factories.stakeholder(sites=[site], name="Kampung Cherating Lama")
    grievance = factories.feedback(
        site, is_grievance=True, anonymous=True, stakeholder_id=village.id
    )
    login_as("field", sites=[site])
    assert "Kampung Cherating Lama" in client.get(f"/feedback/{grievance.id}").get_data(
        as_text=True
    )
