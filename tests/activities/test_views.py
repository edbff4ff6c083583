"""The activity pages: logging each kind, bad input, conflicts, review, lists and exports."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from outreach.activities.kinds import ActivityState
from outreach.activities.models import Activity, Commitment
from tests import factories
from tests.activities.helpers import (
    consultation_form,
    donation_form,
    festival_form,
    training_form,
)


def _count(db, model=Activity):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def site(db):
    return factories.site()


@pytest.fixture
def school(site):
    return factories.stakeholder(sites=[site], name="SK Kampung Baru")


def test_officer_logs_a_donation_and_submits_it(client, login_as, db, site, school):
    login_as("field", sites=[site])
    response = client.post(
        f"/sites/{site.id}/activities/new/donation", data=donation_form(school.id)
    )
    assert response.status_code == 302
    activity = db.session.scalar(sa.select(Activity))
    assert activity.state == ActivityState.SUBMITTED
    assert activity.in_kind_value == Decimal("5000.00")
    assert activity.beneficiary.name == "SK Kampung Baru"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Waiting for review" in page and "MYR 5,000.00" in page


def test_new_form_preselects_today_and_site_currency(client, login_as, site):
    login_as("field", sites=[site])
    response = client.get("/activities/new/festival", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f'value="{dt.date.today().isoformat()}"' in page
    assert 'value="MYR"' in page
    assert 'inputmode="numeric"' in page


def test_the_file_field_offers_the_gallery_and_documents_not_only_the_camera(
    client, login_as, site
):
    """With capture="environment" an Android phone opens the camera straight away: a receipt
    already in the gallery, or the PDF the label offers, could not be attached."""
    login_as("field", sites=[site])
    page = client.get(f"/sites/{site.id}/activities/new/donation").get_data(as_text=True)
    file_input = re.search(r'<input[^>]*name="attachment"[^>]*>', page).group(0)
    assert "application/pdf" in file_input
    assert "capture" not in file_input


@pytest.mark.parametrize("kind, form", [("festival", festival_form), ("training", training_form)])
def test_officer_logs_festival_and_training(client, login_as, db, site, kind, form):
    login_as("field", sites=[site])
    response = client.post(f"/sites/{site.id}/activities/new/{kind}", data=form())
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Activity.kind)).value == kind


def test_consultation_creates_inline_commitments(client, login_as, db, site):
    login_as("field", sites=[site])
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    data = consultation_form(
        **{
            "new_commitments-0-description": "Water the haul road twice a day",
            "new_commitments-0-owner": "HSE officer",
            "new_commitments-0-due_date": due,
        }
    )
    assert (
        client.post(f"/sites/{site.id}/activities/new/consultation", data=data).status_code == 302
    )
    commitment = db.session.scalar(sa.select(Commitment))
    assert commitment.consultation.title == "Town hall on blasting schedule"
    assert commitment.owner == "HSE officer"
    assert "Water the haul road" in client.get("/commitments/").get_data(as_text=True)


BAD_INPUT = [
    ("donation", {"cost_amount": "-5"}, "cost_amount", "zero or more"),
    ("donation", {"beneficiary_id": "999999"}, "beneficiary_id", "not in the register"),
    ("donation", {"beneficiary_id": ""}, "beneficiary_id", "Choose who received"),
    ("donation", {"in_kind_value": ""}, "in_kind_value", "value of the goods"),
    ("festival", {"activity_date": "2999-01-01"}, "activity_date", "in the future"),
    ("festival", {"attendance": "-1"}, "attendance", "zero or more"),
    ("consultation", {"participants_men": "40"}, "participants_men", "exceed the total"),
    ("consultation", {"participants_youth": "51"}, "participants_youth", "More than the total"),
    (
        "consultation",
        {"new_commitments-0-description": "Fix the drain"},
        "new_commitments-0-owner",
        "Who will keep",
    ),
    (
        "consultation",
        {"new_commitments-0-description": "Fix the drain", "new_commitments-0-owner": "HSE"},
        "new_commitments-0-due_date",
        "By when?",
    ),
    ("festival", {"latitude": "3.8"}, "longitude", "both latitude and longitude"),
    ("festival", {"longitude": "103.3"}, "longitude", "both latitude and longitude"),
    ("training", {"completed": "21"}, "completed", "More than the trainees"),
    ("training", {"staff_hours": "-2"}, "staff_hours", "zero or more"),
    ("festival", {"currency": "ringgit"}, "currency", "Three letters"),
    # past what the database holds: said next to the field, never a server error
    ("festival", {"attendance": "99999999999"}, "attendance", "too large"),
    ("festival", {"cost_amount": "1" + "0" * 20}, "cost_amount", "too large"),
    ("consultation", {"participants": "3000000000"}, "participants", "too large"),
    ("festival", {"attendance": "99999999999999999999"}, "attendance", "too large"),
    ("festival", {"cost_amount": "1e30"}, "cost_amount", "too large"),
    ("donation", {"beneficiaries": "30000000000"}, "beneficiaries", "too large"),
    ("training", {"staff_hours": "99999999"}, "staff_hours", "too large"),
    ("training", {"training_hours": "20000"}, "training_hours", "too large"),
]


@pytest.mark.parametrize("kind, change, field_id, message", BAD_INPUT)
def test_bad_input_is_shown_next_to_the_field_and_nothing_written(
    client, login_as, db, site, school, kind, change, field_id, message
):
    login_as("field", sites=[site])
    forms = {
        "donation": lambda **c: donation_form(school.id, **c),
        "festival": festival_form,
        "consultation": consultation_form,
        "training": training_form,
    }
    data = forms[kind](**change)
    response = client.post(f"/sites/{site.id}/activities/new/{kind}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = page.split(f'id="{field_id}-error"', 1)[1][:300]
    assert message in error
    assert f'value="{data["title"]}"' in page  # what was typed is kept
    assert _count(db) == 0 and _count(db, Commitment) == 0


def test_bad_commitment_input(client, login_as, db, site):
    login_as("field", sites=[site])
    response = client.post(
        f"/sites/{site.id}/commitments/new",
        data={"description": "Fix drain", "owner": "", "due_date": "", "status": "done"},
    )
    page = response.get_data(as_text=True)
    assert "Who will keep" in page and "By when?" in page and "Say how the promise" in page
    assert _count(db, Commitment) == 0


def test_resubmitting_a_returned_entry_says_it_was_sent(client, login_as, db, site):
    """The officer corrected a returned entry and tapped "Save and submit for review"; the page
    only said "Saved.", leaving them unsure it had gone back to the manager."""
    officer = login_as("field", sites=[site])
    returned = factories.activity(
        site, officer, "festival", state=ActivityState.RETURNED, review_comment="Add the place"
    )
    data = festival_form(action="submit", version=str(returned.version), place="Balai raya")
    response = client.post(f"/activities/{returned.id}/edit", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Sent for review." in page
    db.session.refresh(returned)
    assert returned.state == ActivityState.SUBMITTED


def test_edit_conflict_is_shown_and_nothing_overwritten(client, login_as, db, site):
    officer = login_as("field", sites=[site])
    activity = factories.activity(site, officer, kind="festival", title="Original")
    stale_version = activity.version
    activity.title = "Changed by a colleague"
    db.session.commit()
    data = festival_form(title="My edit", version=str(stale_version))
    response = client.post(f"/activities/{activity.id}/edit", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this entry" in page
    assert "Changed by a colleague" in page and 'value="My edit"' in page
    db.session.refresh(activity)
    assert activity.title == "Changed by a colleague"


def test_the_review_badge_is_not_counted_on_every_page(client, login_as, db, site):
    officer = factories.user("field", sites=[site])
    first = factories.activity(site, officer, state=ActivityState.SUBMITTED, times_submitted=1)
    login_as("manager", countries=["MY"])
    assert '<span class="badge"' in client.get("/sites").get_data(as_text=True)
    with client.session_transaction() as session:
        counted_at = session["review_badge"][1]
    client.get("/activities/")
    with client.session_transaction() as session:
        assert tuple(session["review_badge"]) == (1, counted_at)  # the count before, kept
    client.post(f"/activities/{first.id}/return", data={"comment": "Add the receipt"})
    assert '<span class="badge"' not in client.get("/sites").get_data(as_text=True)


def test_manager_reviews_from_the_queue_with_count_in_nav(client, login_as, db, site):
    officer = factories.user("field", sites=[site])
    activity = factories.activity(site, officer, state=ActivityState.SUBMITTED, times_submitted=1)
    login_as("manager", countries=["MY"])
    page = client.get("/activities/review").get_data(as_text=True)
    assert activity.title in page and '<span class="badge"' in page
    client.post(f"/activities/{activity.id}/return", data={"comment": "Add the receipt"})
    db.session.refresh(activity)
    assert activity.state == ActivityState.RETURNED
    assert "Nothing is waiting" in client.get("/activities/review").get_data(as_text=True)


def test_refused_steps_answer_403_with_the_reason(client, login_as, db, site):
    manager = login_as("manager", countries=["MY"])
    own = factories.activity(site, manager, state=ActivityState.SUBMITTED)
    response = client.post(f"/activities/{own.id}/approve")
    assert response.status_code == 403
    assert "Nobody approves their own entry" in response.get_data(as_text=True)
    db.session.refresh(own)
    assert own.state == ActivityState.SUBMITTED
    approved = factories.activity(site, manager, state=ActivityState.APPROVED)
    assert client.get(f"/activities/{approved.id}/edit").status_code == 403
    assert client.post(f"/activities/{approved.id}/reopen", data={"reason": ""}).status_code == 400
    db.session.refresh(approved)
    assert approved.state == ActivityState.APPROVED


@pytest.mark.parametrize(
    ("state", "step", "name", "message"),
    [
        ("submitted", "return", "comment", "Say what needs to change."),
        ("approved", "reopen", "reason", "Give the reason for reopening."),
    ],
)
def test_an_empty_comment_is_answered_beside_the_field(
    client, login_as, db, site, state, step, name, message
):
    """With the browser's required check bypassed, the message stands under the comment box
    (not in a banner at the top of the page) and the entry stays as it was."""
    officer = factories.user("field", sites=[site])
    activity = factories.activity(site, officer, state=ActivityState(state), times_submitted=1)
    login_as("manager", countries=["MY"])
    response = client.post(f"/activities/{activity.id}/{step}", data={name: "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="error" id="{name}-error" role="alert">{message}</p>' in page
    assert 'aria-invalid="true"' in page and "flash-error" not in page
    db.session.refresh(activity)
    assert activity.state == ActivityState(state)


def test_entries_of_an_archived_site_are_neither_reopened_nor_returned(client, login_as, db, site):
    officer = factories.user("field", sites=[site])
    approved = factories.activity(site, officer, state=ActivityState.APPROVED)
    submitted = factories.activity(site, officer, state=ActivityState.SUBMITTED, times_submitted=1)
    site.archived = True
    db.session.commit()
    login_as("manager", countries=["MY"])
    assert "Reopen for correction" not in client.get(f"/activities/{approved.id}").get_data(
        as_text=True
    )
    for activity, step, data in (
        (approved, "reopen", {"reason": "Wrong amount"}),
        (submitted, "return", {"comment": "Add the receipt"}),
    ):
        response = client.post(f"/activities/{activity.id}/{step}", data=data)
        assert response.status_code == 403
        assert "This site is archived" in response.get_data(as_text=True)
    db.session.refresh(approved)
    db.session.refresh(submitted)
    assert approved.state == ActivityState.APPROVED  # still counted in the figures
    assert submitted.state == ActivityState.SUBMITTED


def test_approved_activities_show_on_the_site_timeline_only(client, login_as, db, site):
    officer = login_as("field", sites=[site])
    factories.activity(site, officer, title="Approved open house", state=ActivityState.APPROVED)
    factories.activity(site, officer, title="Draft donation")
    page = client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert "Approved open house" in page and "Draft donation" not in page
    assert "Log a donation" in page


def _export_titles(client, fmt, query=""):
    response = client.get(f"/activities/export.{fmt}{query}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
        return sorted(row["title"] for row in reader)
    sheet = load_workbook(io.BytesIO(response.data)).active
    return sorted(row[4] for row in sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_a_field_officer_contains_only_their_sites(client, login_as, db, site, fmt):
    other = factories.site()
    author = factories.user("manager", countries=["MY"])
    factories.activity(site, author, title="Mine A", kind="festival")
    factories.activity(site, author, title="Mine B", kind="training")
    factories.activity(other, author, title="Not mine")
    login_as("field", sites=[site])
    assert _export_titles(client, fmt) == ["Mine A", "Mine B"]
    assert _export_titles(client, fmt, "?kind=training") == ["Mine B"]
    assert _export_titles(client, fmt, f"?site={other.id}") == []


def test_export_neutralises_spreadsheet_formulas(client, login_as, site):
    officer = login_as("field", sites=[site])
    factories.activity(site, officer, title='=HYPERLINK("http://x")')
    assert _export_titles(client, "csv") == ['\'=HYPERLINK("http://x")']


def test_list_filters(client, login_as, site):
    officer = login_as("field", sites=[site])
    factories.activity(site, officer, title="Old one", activity_date=dt.date(2024, 1, 5))
    factories.activity(site, officer, title="New one", kind="festival", cause="culture")
    page = client.get("/activities/?from=2025-01-01&cause=culture&q=new").get_data(as_text=True)
    assert "New one" in page and "Old one" not in page


def test_commitment_status_update_and_overdue_flag(client, login_as, db, site):
    login_as("field", sites=[site])
    late = factories.commitment(site, due_date=dt.date.today() - dt.timedelta(days=3))
    page = client.get("/commitments/?overdue=1").get_data(as_text=True)
    assert late.description in page and "overdue" in page
    data = {
        "description": late.description,
        "owner": late.owner,
        "due_date": late.due_date.isoformat(),
        "status": "dropped",
        "drop_reason": "Village moved the footpath",
        "version": str(late.version),
    }
    assert client.post(f"/commitments/{late.id}/edit", data=data).status_code == 302
    db.session.refresh(late)
    assert late.status.value == "dropped" and late.drop_reason
    assert late.description not in client.get("/commitments/?overdue=1").get_data(as_text=True)


def _manager_edits(client, activity, **changes):
    data = festival_form(version=str(activity.version), **changes)
    return client.post(f"/activities/{activity.id}/edit", data=data)


@pytest.mark.parametrize("state, action", [("submitted", "draft"), ("draft", "submit")])
def test_a_manager_who_changed_an_entry_cannot_approve_it(
    client, login_as, db, site, state, action
):
    officer = factories.user("field", sites=[site])
    activity = factories.activity(
        site, officer, kind="festival", title="Open house", state=ActivityState(state)
    )
    manager = login_as("manager", countries=["MY"])
    assert _manager_edits(client, activity, title="Open house", attendance="4000", action=action)
    db.session.refresh(activity)
    assert activity.state == ActivityState.SUBMITTED and activity.attendance == 4000

    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert ">Approve<" not in page
    assert "You changed this entry since its author submitted it" in page
    assert "Return to the author" in page  # sending it back for the author to check stays open

    response = client.post(f"/activities/{activity.id}/approve")
    assert response.status_code == 403
    assert "another manager of the country or an admin must approve it" in response.get_data(
        as_text=True
    )
    db.session.refresh(activity)
    assert activity.state == ActivityState.SUBMITTED and activity.reviewer_id is None

    colleague = login_as("manager", countries=["MY"])
    assert ">Approve<" in client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert client.post(f"/activities/{activity.id}/approve").status_code == 302
    db.session.refresh(activity)
    assert activity.state == ActivityState.APPROVED
    assert activity.reviewer_id == colleague.id != manager.id


def test_the_queue_marks_entries_the_manager_changed_since_they_were_sent(
    client, login_as, db, site
):
    """Four eyes: a manager who corrected an entry may return it but not approve it, so the queue
    says so instead of offering it like the others (and still lists it)."""
    from outreach.activities import operations as ops

    officer = factories.user("field", sites=[site])
    corrected = factories.activity(site, officer, title="Corrected donation")
    untouched = factories.activity(site, officer, title="Untouched festival")
    for activity in (corrected, untouched):
        ops.submit_activity(activity, officer)
    manager = login_as("manager", countries=["MY"])
    ops.update_activity(corrected, {"place": "Balai raya"}, manager)
    db.session.commit()
    page = client.get("/activities/review").get_data(as_text=True)
    cards = page.split("<li>")[1:]
    marked = [c for c in cards if "You changed it: another reviewer approves" in c]
    assert len(cards) == 2 and len(marked) == 1 and "Corrected donation" in marked[0]
    ops.return_activity(corrected, "Check the place", manager)
    ops.submit_activity(corrected, officer)  # the author takes the correction as their own
    db.session.commit()
    assert "You changed it" not in client.get("/activities/review").get_data(as_text=True)
