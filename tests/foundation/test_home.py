"""The start page: a field officer's work first; everyone else lands on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.activities.kinds import ActivityState
from outreach.feedback.models import GrievanceStatus
from tests import factories


def test_field_officer_with_one_site_logs_and_records_feedback_in_one_tap(client, login_as):
    site = factories.site(name="Kuantan Rail Depot")
    login_as("field", sites=[site])
    page = client.get("/").get_data(as_text=True)
    for kind in ("donation", "festival", "consultation", "training"):
        assert f'href="/sites/{site.id}/activities/new/{kind}"' in page
    assert f'href="/feedback/sites/{site.id}/new"' in page
    assert 'href="/dashboard"' in page
    assert "<svg" not in page  # no map, no chart


def test_field_officer_with_several_sites_chooses_the_site(client, login_as):
    first, second = factories.site(name="Kuantan Rail Depot"), factories.site(name="Gemas Yard")
    login_as("field", sites=[first, second])
    page = client.get("/").get_data(as_text=True)
    assert 'href="/activities/new/donation"' in page
    assert 'href="/feedback/new"' in page
    choice = client.get("/feedback/new").get_data(as_text=True)
    assert f'href="/feedback/sites/{first.id}/new"' in choice
    assert f'href="/feedback/sites/{second.id}/new"' in choice


def test_field_officer_sees_returned_entries_and_drafts_but_not_others(client, login_as):
    site = factories.site()
    officer = login_as("field", sites=[site])
    colleague = factories.user(role="field", sites=[site])
    factories.activity(site, officer, title="Rice for the flood", state=ActivityState.RETURNED)
    factories.activity(site, officer, title="Sports day draft")
    factories.activity(site, officer, title="Sent already", state=ActivityState.SUBMITTED)
    factories.activity(site, colleague, title="A colleague's draft")
    page = client.get("/").get_data(as_text=True)
    assert "Rice for the flood" in page and "Returned for changes" in page
    assert "Sports day draft" in page
    assert page.index("Rice for the flood") < page.index("Sports day draft")
    assert "Sent already" not in page
    assert "A colleague&#39;s draft" not in page and "A colleague's draft" not in page


def test_an_old_returned_entry_is_listed_before_many_newer_drafts(client, login_as):
    site = factories.site()
    officer = login_as("field", sites=[site])
    factories.activity(
        site,
        officer,
        title="Old rice handout",
        state=ActivityState.RETURNED,
        activity_date=dt.date(2025, 1, 5),
    )
    for n in range(25):
        factories.activity(site, officer, title=f"Draft {n}", activity_date=dt.date(2026, 1, 1))
    assert "Old rice handout" in client.get("/").get_data(as_text=True)


def test_field_officer_sees_grievances_assigned_with_due_dates(client, login_as):
    site = factories.site()
    officer = login_as("field", sites=[site])
    received = dt.date(2025, 3, 3)
    mine = factories.feedback(site, is_grievance=True, assignee_id=officer.id, received_on=received)
    factories.feedback(
        site,
        is_grievance=True,
        assignee_id=officer.id,
        status=GrievanceStatus.CLOSED,
        received_on=received,
    )
    other = factories.feedback(site, is_grievance=True)
    page = client.get("/").get_data(as_text=True)
    assert f"/feedback/{mine.id}" in page
    assert "acknowledge by" in page and "Mar 5, 2025" in page
    assert f'/feedback/{other.id}"' not in page
    assert page.count('class="grievance-item"') == 1
    # what it is about and who handles it, not only "MY-ECR-01 · Grievance 1055"
    assert "The trucks raise dust on the school road." in page and officer.name in page


def test_field_officer_sees_which_assigned_grievances_are_overdue(client, login_as):
    site = factories.site()
    officer = login_as("field", sites=[site])
    late = factories.feedback(
        site, is_grievance=True, assignee_id=officer.id, received_on=dt.date(2025, 3, 3)
    )
    fresh = factories.feedback(
        site, is_grievance=True, assignee_id=officer.id, received_on=dt.date.today()
    )
    page = client.get("/").get_data(as_text=True)
    items = {
        f.id: page.split(f"/feedback/{f.id}", 1)[1].split("</li>", 1)[0] for f in (late, fresh)
    }
    assert "overdue by" in items[late.id]
    assert "overdue by" not in items[fresh.id] and "days left" in items[fresh.id]


@pytest.mark.parametrize("role", ["manager", "admin", "partner"])
def test_other_roles_keep_landing_on_the_dashboard(client, login_as, role):
    login_as(role, countries=[factories.country("MY")] if role != "admin" else [])
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
