"""Every change leaves an audit event with old → new values; edits never overwrite each other
and never drop what the editor cannot see."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.auth import operations as user_ops
from outreach.auth.models import Role
from outreach.core.audit import AuditEvent
from outreach.core.rules import RuleError
from outreach.sites import operations as site_ops
from outreach.stakeholders import operations as stakeholder_ops
from tests import factories
from tests.foundation.test_form_errors import site_form, stakeholder_form


def _events(db, object_type):
    db.session.expire_all()
    stmt = sa.select(AuditEvent).where(AuditEvent.object_type == object_type)
    return db.session.scalars(stmt.order_by(AuditEvent.id)).all()


def test_user_changes_are_audited_with_old_and_new_values(db):
    admin = factories.user(role="admin")
    site = factories.site(code="MY-A-01")
    user = user_ops.create_user(
        user_ops.UserData(
            email="Nur@Example.test", name="Nur", role=Role.FIELD, site_ids=[site.id]
        ),
        "a quiet morning by the river",
        actor=admin,
    )
    db.session.commit()
    version = user.session_version
    user_ops.update_user(
        user,
        user_ops.UserData(
            email="nur@example.test", name="Nur Aisyah", role=Role.MANAGER, country_codes=["MY"]
        ),
        actor=admin,
    )
    user_ops.set_active(user, False, actor=admin)
    db.session.commit()
    created, updated, deactivated = _events(db, "user")
    assert created.action == "create" and created.user_id == admin.id
    assert created.changes["email"] == [None, "nur@example.test"]
    assert created.changes["sites"] == [None, [site.id]]
    assert updated.changes == {
        "name": ["Nur", "Nur Aisyah"],
        "role": ["field", "manager"],
        "sites": [[site.id], []],
        "countries": [[], ["MY"]],
    }
    assert deactivated.action == "deactivate"
    assert deactivated.changes == {"active": [True, False]}
    # a role change and a deactivation each end the user's sessions
    assert user.session_version == version + 2


def test_site_and_country_changes_are_audited(db):
    admin = factories.user(role="admin")
    site = factories.site(code="MY-B-01", name="Old name")
    data = {**site_form({"site": site}), "name": "New name", "latitude": None}
    data["kind"], data["status"] = site.kind, site.status
    data["start_date"] = site.start_date
    data["longitude"] = None
    site_ops.update_site(site, data, actor=admin)
    site_ops.set_archived(site, True, actor=admin)
    country = factories.country("MY")
    site_ops.update_country(
        country,
        {
            "name": "Malaysia",
            "currency": "MYR",
            "languages": "ms, en",
            "next_election": dt.date(2027, 9, 12),
        },
        actor=admin,
    )
    db.session.commit()
    update, archive = _events(db, "site")
    assert update.changes["name"] == ["Old name", "New name"]
    assert update.changes["latitude"] == ["3.800000", None]
    assert update.changes["code"] == ["MY-B-01", "MY-NEW-01"]
    assert archive.changes == {"archived": [False, True]}
    (country_event,) = _events(db, "country")
    assert country_event.object_id == "MY"
    assert country_event.changes == {
        "languages": ["ms,en,zh", "ms,en"],
        "next_election": [None, "2027-09-12"],
    }


def test_a_save_without_changes_writes_no_audit_event(db):
    admin = factories.user(role="admin")
    country = factories.country("TH")
    site_ops.update_country(
        country, {"name": country.name, "currency": "THB", "languages": "th,en"}, actor=admin
    )
    db.session.commit()
    assert _events(db, "country") == []


def test_stakeholder_changes_are_audited_and_keep_contacts_only_with_consent(db):
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    data = {
        "name": "Kampung Baru",
        "category": "village",
        "site_ids": [site.id],
        "contact_name": "Pak Rahman",
        "contact_phone": "+60 12 345 6789",
        "consent_personal_data": True,
    }
    stakeholder = stakeholder_ops.create_stakeholder(data, officer)
    db.session.commit()
    assert stakeholder.consent_recorded_at is not None
    with pytest.raises(RuleError) as refused:
        stakeholder_ops.update_stakeholder(
            stakeholder, {**data, "consent_personal_data": False}, officer, hidden_sites=[]
        )
    assert list(refused.value.errors) == ["consent_personal_data"]
    assert stakeholder.contact_name == "Pak Rahman"
    withdrawn = {**data, "consent_personal_data": False, "contact_name": "", "contact_phone": ""}
    stakeholder_ops.update_stakeholder(stakeholder, withdrawn, officer, hidden_sites=[])
    db.session.commit()
    created, updated = _events(db, "stakeholder")
    assert created.changes["contact_name"] == [None, "Pak Rahman"]
    assert updated.changes["consent_personal_data"] == [True, False]
    assert updated.changes["contact_phone"] == ["+60 12 345 6789", ""]
    assert stakeholder.contact_name == ""


def test_stakeholder_edit_keeps_links_to_sites_the_editor_cannot_see(client, login_as, db):
    mine = factories.site(country="MY", code="MY-MINE-01")
    hidden = factories.site(country="TH", code="TH-HIDDEN-01")
    shared = factories.stakeholder(sites=[mine, hidden], name="River fishers")
    login_as("field", sites=[mine])
    page = client.get(f"/stakeholders/{shared.id}/edit").get_data(as_text=True)
    assert "TH-HIDDEN-01" not in page
    world = {"site": mine, "stakeholder": shared}
    response = client.post(
        f"/stakeholders/{shared.id}/edit",
        data={**stakeholder_form(world), "name": "River fishers' cooperative"},
    )
    assert response.status_code == 302
    db.session.refresh(shared)
    assert shared.name == "River fishers' cooperative"
    assert {s.code for s in shared.sites} == {"MY-MINE-01", "TH-HIDDEN-01"}


def test_a_stale_stakeholder_edit_is_shown_as_a_conflict(client, login_as, db):
    site = factories.site()
    stakeholder = factories.stakeholder(sites=[site], name="Kampung Lama", notes="first")
    world = {"site": site, "stakeholder": stakeholder}
    stale_form = stakeholder_form(world)  # opened by the field officer at version 1
    manager = factories.user(role="manager", countries=["MY"])
    stakeholder_ops.update_stakeholder(
        stakeholder,
        {**stale_form, "name": "Kampung Lama (renamed)", "site_ids": [site.id]},
        manager,
        hidden_sites=[],
    )
    db.session.commit()
    login_as("field", sites=[site])
    response = client.post(
        f"/stakeholders/{stakeholder.id}/edit", data={**stale_form, "name": "My version"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this record" in page
    assert "Kampung Lama (renamed)" in page  # their values
    assert 'value="My version"' in page  # mine, still in the form
    db.session.refresh(stakeholder)
    assert stakeholder.name == "Kampung Lama (renamed)"
    # Saving again with the version now in the form goes through.
    fresh = {**stale_form, "name": "My version", "version": str(stakeholder.version)}
    assert client.post(f"/stakeholders/{stakeholder.id}/edit", data=fresh).status_code == 302
    db.session.refresh(stakeholder)
    assert stakeholder.name == "My version"


def test_a_stale_site_edit_is_shown_as_a_conflict(client, login_as, db):
    site = factories.site(name="Gemas junction")
    stale_form = site_form({"site": site})
    admin = login_as("admin")
    site_ops.update_site(site, {"name": "Gemas junction (renamed)"}, actor=admin)
    db.session.commit()
    response = client.post(f"/sites/{site.id}/edit", data={**stale_form, "name": "Mine"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this site" in page
    assert "Gemas junction (renamed)" in page
    db.session.refresh(site)
    assert site.name == "Gemas junction (renamed)"


def test_removing_a_stakeholder_keeps_it_for_the_audit_trail(client, login_as, db):
    site = factories.site()
    stakeholder = factories.stakeholder(sites=[site], name="Old school")
    login_as("manager", countries=["MY"])
    assert client.post(f"/stakeholders/{stakeholder.id}/delete").status_code == 302
    db.session.refresh(stakeholder)
    assert stakeholder.is_deleted
    assert client.get(f"/stakeholders/{stakeholder.id}").status_code == 404
    assert "Old school" not in client.get("/stakeholders/").get_data(as_text=True)
    (event,) = [e for e in _events(db, "stakeholder") if e.action == "delete"]
    assert event.changes == {"is_deleted": [False, True]}


def test_removing_a_shared_stakeholder_leaves_it_in_the_register_of_other_countries(
    client, login_as, db
):
    mine = factories.site(country="MY", code="MY-MINE-01")
    theirs = factories.site(country="TH", code="TH-HIDDEN-01")
    shared = factories.stakeholder(sites=[mine, theirs], name="River fishers")
    login_as("manager", countries=["MY"])
    response = client.post(f"/stakeholders/{shared.id}/delete", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "River fishers is no longer linked to your sites" in page
    assert "other sites keep it in their register" in page
    assert client.get(f"/stakeholders/{shared.id}").status_code == 404
    db.session.refresh(shared)
    assert not shared.is_deleted
    assert [s.code for s in shared.sites] == ["TH-HIDDEN-01"]
    (event,) = [e for e in _events(db, "stakeholder") if e.action == "update"]
    assert event.changes == {"sites": [[mine.id, theirs.id], [theirs.id]]}

    login_as("manager", countries=["TH"])
    assert "River fishers" in client.get("/stakeholders/").get_data(as_text=True)
    assert client.get(f"/stakeholders/{shared.id}").status_code == 200


def test_a_stakeholder_of_an_archived_site_cannot_be_removed(client, login_as, db):
    site = factories.site(archived=True)
    stakeholder = factories.stakeholder(sites=[site], name="Closed quarry village")
    login_as("manager", countries=["MY"])
    assert client.get(f"/stakeholders/{stakeholder.id}").status_code == 200
    assert client.post(f"/stakeholders/{stakeholder.id}/delete").status_code == 403
    db.session.refresh(stakeholder)
    assert not stakeholder.is_deleted
    assert not [e for e in _events(db, "stakeholder") if e.action == "delete"]
