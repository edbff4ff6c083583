"""Staff pages: recording, reviewing, handling a grievance, the overdue queue and filters."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from outreach.feedback.models import Feedback, FeedbackCategory, GrievanceStatus
from tests import factories
from tests.foundation.helpers import field_error, row_counts


def test_manager_handles_a_grievance_from_receipt_to_closure(client, login_as, db):
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    grievance = factories.feedback(site, is_grievance=True, received_on=dt.date.today())
    login_as("manager", countries=["MY"])
    client.post(f"/feedback/{grievance.id}/assign", data={"assignee_id": officer.id})
    steps = [
        {"action": "acknowledge", "note": "Called back"},
        {"action": "investigate"},
        {"action": "resolve", "resolution": "Piling stopped after 22:00"},
        {"action": "close", "satisfaction": "satisfied"},
    ]
    for step in steps:
        assert client.post(f"/feedback/{grievance.id}/transition", data=step).status_code == 302
    db.session.refresh(grievance)
    assert grievance.status == GrievanceStatus.CLOSED
    assert grievance.assignee_id == officer.id
    assert grievance.resolution == "Piling stopped after 22:00"
    assert [e.action for e in grievance.events] == [
        "assign",
        "acknowledge",
        "investigate",
        "resolve",
        "close",
    ]
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert "Piling stopped after 22:00" in page and "Called back" in page


def test_a_step_the_status_does_not_allow_is_refused_on_the_page(client, login_as, db):
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True)
    login_as("manager", countries=["MY"])
    response = client.post(
        f"/feedback/{grievance.id}/transition", data={"action": "close", "satisfaction": "partly"}
    )
    assert response.status_code == 302
    db.session.refresh(grievance)
    assert grievance.status == GrievanceStatus.RECEIVED
    assert "not possible" in client.get(f"/feedback/{grievance.id}").get_data(as_text=True)


def test_assignee_may_acknowledge_but_not_close(client, login_as, db):
    site = factories.site()
    officer = login_as("field", sites=[site])
    grievance = factories.feedback(
        site, is_grievance=True, status=GrievanceStatus.RESOLVED, assignee_id=officer.id
    )
    closing = client.post(
        f"/feedback/{grievance.id}/transition", data={"action": "close", "satisfaction": "partly"}
    )
    assert closing.status_code == 403
    other = factories.feedback(site, is_grievance=True, assignee_id=officer.id)
    ok = client.post(f"/feedback/{other.id}/transition", data={"action": "acknowledge"})
    assert ok.status_code == 302
    db.session.refresh(other)
    assert other.status == GrievanceStatus.ACKNOWLEDGED


def test_field_officer_records_and_reviews_feedback(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    response = client.post(
        f"/feedback/sites/{site.id}/new",
        data={
            "received_on": "2025-05-02",
            "channel": "meeting",
            "language": "ms",
            "text": "Terima kasih for the new school bus",
            "sentiment": "2",
            "category_ids": [_category_id(db, "praise")],
        },
    )
    assert response.status_code == 302
    feedback = db.session.scalar(sa.select(Feedback))
    assert feedback.sentiment == 2 and [c.key for c in feedback.categories] == ["praise"]
    assert not feedback.is_grievance
    public = factories.feedback(site, reviewed=False, sentiment=None)
    response = client.post(
        f"/feedback/{public.id}/review",
        data={
            "channel": "public_page",
            "language": "ms",
            "sentiment": "-2",
            "category_ids": [_category_id(db, "noise")],
            "is_grievance": "y",
            "version": str(public.version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(public)
    assert public.reviewed and public.sentiment == -2 and public.status == GrievanceStatus.RECEIVED


def test_review_with_a_stale_version_shows_a_conflict(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    feedback = factories.feedback(site, sentiment=1)
    response = client.post(
        f"/feedback/{feedback.id}/review",
        data={"channel": "meeting", "language": "ms", "sentiment": "-2", "version": "0"},
    )
    assert response.status_code == 409
    assert "Someone else changed" in response.get_data(as_text=True)
    db.session.refresh(feedback)
    assert feedback.sentiment == 1


def _category_id(db, key):
    from outreach.feedback.models import FeedbackCategory

    return db.session.scalar(sa.select(FeedbackCategory.id).where(FeedbackCategory.key == key))


def test_overdue_queue_and_sla_filter(client, login_as, db):
    site = factories.site()
    old = factories.feedback(
        site, is_grievance=True, received_on=dt.date.today() - dt.timedelta(days=40)
    )
    fresh = factories.feedback(site, is_grievance=True, received_on=dt.date.today())
    done = factories.feedback(
        site,
        is_grievance=True,
        status=GrievanceStatus.CLOSED,
        received_on=dt.date.today() - dt.timedelta(days=90),
    )
    login_as("manager", countries=["MY"])
    queue = client.get("/feedback/grievances/overdue").get_data(as_text=True)
    assert f'/feedback/{old.id}"' in queue
    assert f'/feedback/{fresh.id}"' not in queue and f'/feedback/{done.id}"' not in queue
    listed = client.get("/feedback/grievances?sla=overdue").get_data(as_text=True)
    assert f'/feedback/{old.id}"' in listed and f'/feedback/{fresh.id}"' not in listed
    listed = client.get("/feedback/grievances?sla=on_time").get_data(as_text=True)
    assert f'/feedback/{fresh.id}"' in listed


def test_overdue_queue_says_what_each_is_about_who_handles_it_and_how_late(client, login_as, db):
    """The queue showed only "MY-PRT-02 · Grievance 1055"."""
    site = factories.site()
    manager = login_as("manager", countries=["MY"])
    noise = factories.feedback(
        site,
        is_grievance=True,
        received_on=dt.date.today() - dt.timedelta(days=40),
        text="Pile driving at night keeps the children awake near the school",
        person_name="Siti Hidden",
        assignee_id=manager.id,
    )
    noise.categories = [db.session.get(FeedbackCategory, _category_id(db, "noise"))]
    dust = factories.feedback(
        site, is_grievance=True, received_on=dt.date.today() - dt.timedelta(days=40)
    )
    db.session.commit()
    queue = client.get("/feedback/grievances/overdue").get_data(as_text=True)
    assert "Pile driving at night keeps the children awake" in queue
    assert "Noise" in queue and manager.name in queue
    assert re.search(r"overdue by \d+ days", queue)
    assert "Siti Hidden" not in queue  # a complainant's identity stays hidden
    mine = client.get("/feedback/grievances/overdue?assignee=me").get_data(as_text=True)
    assert f'/feedback/{noise.id}"' in mine and f'/feedback/{dust.id}"' not in mine
    nobody = client.get("/feedback/grievances/overdue?assignee=none").get_data(as_text=True)
    assert f'/feedback/{dust.id}"' in nobody and f'/feedback/{noise.id}"' not in nobody
    by_category = client.get("/feedback/grievances/overdue?category=noise").get_data(as_text=True)
    assert f'/feedback/{noise.id}"' in by_category and f'/feedback/{dust.id}"' not in by_category
    assert client.get("/feedback/grievances/overdue?assignee=x&site=zz").status_code == 200


def test_list_filters_by_sentiment_channel_category_and_dates(client, login_as, db):
    site = factories.site()
    a = factories.feedback(site, sentiment=2, received_on=dt.date(2025, 1, 5))
    b = factories.feedback(site, sentiment=-2, received_on=dt.date(2025, 2, 5), channel="hotline")
    login_as("field", sites=[site])

    def ids(query):
        page = client.get(f"/feedback/?{query}").get_data(as_text=True)
        return {f.id for f in (a, b) if f'/feedback/{f.id}"' in page}

    assert ids("sentiment=2") == {a.id}
    assert ids("channel=hotline") == {b.id}
    assert ids("from=2025-02-01&to=2025-02-28") == {b.id}
    assert ids("category=noise") == set()


def test_admin_adds_and_retires_a_category(client, login_as, db):
    login_as("admin")
    client.post(
        "/feedback/categories", data={"key": "water", "name": "Water supply", "active": "y"}
    )
    page = client.get("/feedback/categories").get_data(as_text=True)
    assert "Water supply" in page
    category_id = _category_id(db, "water")
    client.post(f"/feedback/categories/{category_id}", data={"name": "Water"})
    from outreach.feedback.queries import active_categories

    assert "water" not in {c.key for c in active_categories()}


def test_survey_round_entered_by_counts_gives_index_and_change(client, login_as, db):
    site = factories.site()
    factories.survey_round(site, conducted_on=dt.date(2024, 6, 1))  # index 50
    login_as("field", sites=[site])
    data = {"conducted_on": "2025-06-01", "sample_size": "20", "method": "paper"}
    for item in ("trust", "benefits", "fairness", "communication", "acceptance"):
        data[f"{item}_4"] = "20"  # everyone answers 4 → 75
    assert client.post(f"/feedback/sites/{site.id}/surveys/new", data=data).status_code == 302
    page = client.get("/feedback/surveys").get_data(as_text=True)
    assert "75" in page and "+25.0" in page
    data["trust_5"] = "5"  # 25 answers from 20 people
    response = client.post(f"/feedback/sites/{site.id}/surveys/new", data=data)
    assert "More answers than people" in response.get_data(as_text=True)


def test_closed_grievance_shows_the_complainants_satisfaction_in_words(client, login_as, db):
    from outreach.feedback.models import GrievanceStatus, Satisfaction

    site = factories.site()
    grievance = factories.feedback(
        site,
        is_grievance=True,
        status=GrievanceStatus.CLOSED,
        satisfaction=Satisfaction.NOT_SATISFIED,
    )
    login_as("manager", countries=["MY"])
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    assert "Not satisfied" in page and "not_satisfied" not in page


def test_one_action_area_with_one_note_box(client, login_as, db):
    """The page offered a form per step, each with its own note box, and a further one for the
    timeline: one action area now, its steps as buttons over one labelled note box; revealing
    the identity is folded away below it."""
    site = factories.site()
    grievance = factories.feedback(
        site, is_grievance=True, status=GrievanceStatus.ACKNOWLEDGED, person_name="Ana"
    )
    login_as("manager", countries=["MY"])
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    area = page.split('id="next-step"', 1)[1].split("</section>", 1)[0]
    assert area.count('name="note"') == 1 and '<label for="note">' in area
    for step in ("investigate", "escalate"):
        assert f'name="action" value="{step}"' in area
    assert "Only add the note" in area
    assert page.count('name="note"') == 1
    assert page.index('id="next-step"') < page.index('<details class="card reveal">')
    assert "aria-invalid" not in page


def test_grievance_timeline_reads_in_words_not_codes(client, login_as, db):
    site = factories.site()
    officer = factories.user(role="field", sites=[site], name="Siti Officer")
    grievance = factories.feedback(site, is_grievance=True, received_on=dt.date.today())
    login_as("manager", countries=["MY"])
    client.post(f"/feedback/{grievance.id}/transition", data={"action": "acknowledge"})
    client.post(f"/feedback/{grievance.id}/assign", data={"assignee_id": officer.id})
    client.post(f"/feedback/{grievance.id}/note", data={"note": "Visited the school road"})
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    timeline = page.split("grievance-timeline", 1)[1].split("</ol>", 1)[0]
    assert "Received → Acknowledged" in timeline
    assert "Handled by" in timeline and "Siti Officer" in timeline
    assert "Action or finding" in timeline and "Visited the school road" in timeline
    assert "acknowledge" not in timeline and "assign" not in timeline


def test_a_step_missing_its_answer_says_so_under_that_step(client, login_as, db):
    """Resolving without saying what was done: the message sits under the resolution box,
    the note typed is kept, and the grievance does not move."""
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.INVESTIGATING)
    login_as("manager", countries=["MY"])
    response = client.post(
        f"/feedback/{grievance.id}/transition",
        data={"action": "resolve", "resolution": "", "note": "Spoke to the contractor"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Describe what was done" in field_error(page, "resolution")
    area = page.split('id="next-step"', 1)[1].split("</section>", 1)[0]
    assert "Spoke to the contractor" in area
    db.session.refresh(grievance)
    assert grievance.status == GrievanceStatus.INVESTIGATING and not grievance.events


@pytest.mark.parametrize(
    ("day", "message"),
    [("9999-12-31", "in the future"), ("2999-01-01", "in the future"), ("0001-01-01", "year")],
)
def test_feedback_and_surveys_are_dated_in_the_past_only(client, login_as, db, day, message):
    """A grievance received on 31 December 9999 broke the page (no deadline after it); one
    received in year 1 or 2999 would skew every deadline and chart."""
    site = factories.site()
    login_as("field", sites=[site])
    before = row_counts()
    feedback = {
        "received_on": day,
        "channel": "meeting",
        "language": "ms",
        "text": "The blasting cracked our wall",
        "sentiment": "-2",
        "is_grievance": "y",
    }
    survey = {"conducted_on": day, "sample_size": "20", "method": "paper"}
    for url, data, field_id in (
        (f"/feedback/sites/{site.id}/new", feedback, "received_on"),
        (f"/feedback/sites/{site.id}/surveys/new", survey, "conducted_on"),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 200
        assert message in field_error(response.get_data(as_text=True), field_id)
    assert row_counts() == before


def test_staff_form_offers_the_languages_of_the_public_form_by_name(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    page = client.get(f"/feedback/sites/{site.id}/new").get_data(as_text=True)
    assert "code, e.g. ms" not in page
    assert '<select id="language" name="language"' in page
    assert '<option selected value="ms">Bahasa Melayu</option>' in page
    assert '<option value="en">English</option>' in page
    refused = client.post(
        f"/feedback/sites/{site.id}/new",
        data={
            "received_on": "2025-05-02",
            "channel": "meeting",
            "language": "xx",
            "text": "Dust on the road",
            "sentiment": "-1",
        },
    )
    assert refused.status_code == 200
    assert "Choose a language from the list." in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


def test_review_keeps_a_language_code_stored_before(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    feedback = factories.feedback(site, language="ta")
    page = client.get(f"/feedback/{feedback.id}/review").get_data(as_text=True)
    assert '<option selected value="ta">தமிழ்</option>' in page
    response = client.post(
        f"/feedback/{feedback.id}/review",
        data={
            "channel": "meeting",
            "language": "ta",
            "sentiment": "-1",
            "version": str(feedback.version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(feedback)
    assert feedback.language == "ta"


def test_the_resolution_is_shown_in_the_timeline(client, login_as, db):
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.INVESTIGATING)
    login_as("manager", countries=["MY"])
    client.post(
        f"/feedback/{grievance.id}/transition",
        data={"action": "resolve", "resolution": "Piling stopped after 22:00"},
    )
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    timeline = page.split("grievance-timeline", 1)[1].split("</ol>", 1)[0]
    assert "Being investigated → Resolved" in timeline
    assert "Piling stopped after 22:00" in timeline
    assert page.count("Piling stopped after 22:00") == 1


def test_the_answer_to_the_complainant_is_apart_from_the_internal_notes(client, login_as, db):
    """Resolving asks for the answer the complainant will read, and says so; the note typed
    beside it stays in the staff timeline and never reaches the public status page."""
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.INVESTIGATING)
    login_as("manager", countries=["MY"])
    page = client.get(f"/feedback/{grievance.id}").get_data(as_text=True)
    area = page.split('id="next-step"', 1)[1].split("</section>", 1)[0]
    assert "Answer to the complainant" in area
    assert "Shown to the complainant on the public status page" in area
    assert "which only staff see" in area
    client.post(
        f"/feedback/{grievance.id}/transition",
        data={
            "action": "resolve",
            "resolution": "The trucks now use the bypass road.",
            "note": "Contractor admitted the drivers ignored the sign",
        },
    )
    status = client.post("/f/status?lang=en", data={"code": grievance.tracking_code})
    public = status.get_data(as_text=True)
    assert "The trucks now use the bypass road." in public
    assert "Contractor admitted" not in public
