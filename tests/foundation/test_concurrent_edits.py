"""Several people saving the same record at the same moment: each versioned record, and each
grievance step, is stored once; everyone else is told of the conflict (409) or refused
cleanly, never with a server error. Real threads, each with its own browser session."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from outreach.extensions import db as _db
from outreach.feedback.models import GrievanceEvent, GrievanceStatus
from tests import factories
from tests.activities.helpers import festival_form
from tests.foundation.test_form_errors import site_form, stakeholder_form

PEOPLE = 8


def _browsers(app, user) -> list:
    """One signed-in test client per person, all as ``user``."""
    browsers = []
    for _ in range(PEOPLE):
        browser = app.test_client()
        factories.sign_in(browser, user)
        browsers.append(browser)
    return browsers


def _all_at_once(browsers, url: str, data: dict, pages: list | None = None) -> list[int]:
    """Every browser posts ``data`` to ``url`` at the same moment (from the page ``url`` without
    its last part); their status codes, and the pages they got in ``pages``."""
    start = threading.Barrier(len(browsers))
    codes: list[int] = []
    came_from = {"Referer": "http://localhost" + url.rsplit("/", 1)[0]}

    def post(browser):
        start.wait()
        response = browser.post(url, data=data, headers=came_from)
        codes.append(response.status_code)
        if pages is not None:
            pages.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=post, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    _db.session.commit()  # the test reads what the requests stored, not an older snapshot
    return codes


def _versioned_records(site, manager):
    """Each record with a version column, the address of its edit form and a valid post."""
    stakeholder = factories.stakeholder(sites=[site], name="Kampung Lama")
    activity = factories.activity(site, manager, kind="festival")
    commitment = factories.commitment(site)
    feedback = factories.feedback(site, sentiment=1)
    world = {"site": site, "stakeholder": stakeholder}
    commitment_form = {
        "description": commitment.description,
        "owner": commitment.owner,
        "due_date": commitment.due_date.isoformat(),
        "status": "dropped",
        "drop_reason": "Village moved the footpath",
        "version": "1",
    }
    review_form = {"channel": "hotline", "language": "ms", "sentiment": "-2", "version": "1"}
    return [
        (site, "admin", f"/sites/{site.id}/edit", {**site_form(world), "code": site.code}),
        (stakeholder, "manager", f"/stakeholders/{stakeholder.id}/edit", stakeholder_form(world)),
        (activity, "manager", f"/activities/{activity.id}/edit", festival_form(version="1")),
        (commitment, "manager", f"/commitments/{commitment.id}/edit", commitment_form),
        (feedback, "manager", f"/feedback/{feedback.id}/review", review_form),
    ]


def test_simultaneous_edits_of_every_versioned_record_store_one(app, db):
    site = factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    admin = factories.user(role="admin")
    records = _versioned_records(site, manager)
    versioned = {m.class_ for m in db.Model.registry.mappers if m.version_id_col is not None}
    assert {type(record) for record, *_ in records} == versioned  # none left out
    for record, role, url, data in records:
        codes = _all_at_once(_browsers(app, admin if role == "admin" else manager), url, data)
        assert 500 not in codes, (url, codes)
        assert codes.count(302) == 1 and codes.count(409) == PEOPLE - 1, (url, codes)
        db.session.refresh(record)
        assert record.version == 2, (url, codes)  # saved exactly once


STEPS = [
    (GrievanceStatus.RECEIVED, {"action": "acknowledge", "note": "On it"}),
    (GrievanceStatus.INVESTIGATING, {"action": "resolve", "resolution": "Night piling stopped"}),
]


@pytest.mark.parametrize(("status", "step"), STEPS, ids=["acknowledge", "resolve"])
def test_simultaneous_grievance_steps_store_one(app, db, status, step):
    site = factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    grievance = factories.feedback(site, is_grievance=True, status=status)
    url = f"/feedback/{grievance.id}/transition"
    codes = _all_at_once(_browsers(app, manager), url, step)
    assert 500 not in codes, codes
    # A step sent after the first was stored is refused as no longer possible (302 with a
    # message); one sent at the same moment is told of the conflict (409).
    assert set(codes) <= {302, 409}, codes
    db.session.refresh(grievance)
    assert grievance.version == 2
    steps = db.session.scalars(
        sa.select(GrievanceEvent).where(GrievanceEvent.feedback_id == grievance.id)
    ).all()
    assert [e.action for e in steps] == [step["action"]]


def test_a_conflict_says_so_in_words_and_leads_to_the_record(app, db):
    site = factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.INVESTIGATING)
    url = f"/feedback/{grievance.id}/transition"
    step = {"action": "resolve", "resolution": "Night piling stopped"}
    pages: list = []
    _all_at_once(_browsers(app, manager), url, step, pages)
    conflicts = [page for code, page in pages if code == 409]
    assert conflicts  # 8 at once: on 2 cores at least one loses the race
    assert "Someone else saved a change to this record" in conflicts[0]
    assert f'href="/feedback/{grievance.id}"' in conflicts[0]
