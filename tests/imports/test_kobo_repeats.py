"""A KoboToolbox consultation form with a repeat group of promises: each child row of the
export's extra sheet becomes a commitment of the consultation its submission becomes, checked by
the commitment rules and written with it, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from outreach.activities.models import Activity, Commitment
from outreach.extensions import db
from outreach.imports import running
from outreach.imports.models import ImportRun, ImportState
from tests import factories
from tests.imports.conftest import YESTERDAY
from tests.imports.kobo_fixtures import CONSULTATION_CHOICES, CONSULTATION_SURVEY, export, xlsform
from tests.imports.test_kobo import _selected, _upload_kobo

DUE = (dt.date.today() + dt.timedelta(days=60)).isoformat()


def _submission(title, promises):
    return {
        "site": "MY-ECRL",
        "date": YESTERDAY,
        "title": title,
        "topic": "Dust from the quarry road",
        "consultation_format": "town_hall",
        "participants": 40,
        "cause": "health",
        "motivation": "community_investment",
        "promises": promises,
    }


def _submissions(due=DUE):
    return [
        _submission(
            "Town hall at Kampung Baru",
            [
                {
                    "description": "Water the road twice a day",
                    "owner": "Site manager",
                    "due_date": due,
                },
                {"description": "Fence the quarry", "owner": "Civil engineer", "due_date": DUE},
            ],
        ),
        _submission(
            "Town hall at Bukit Tinggi",
            [{"description": "Repair the footbridge", "owner": "Civil engineer", "due_date": DUE}],
        ),
    ]


def _check(client, import_id):
    """Accept the proposed columns (the promises' columns are matched by their names); the
    form logs consultations only."""
    page = client.get(f"/imports/{import_id}/columns").get_data(as_text=True)
    assert "Sheet promises (a repeat group)" in page
    chosen = _selected(page)
    assert (chosen["rep-0-0"], chosen["rep-0-1"], chosen["rep-0-2"]) == (
        "description",
        "owner",
        "due_date",
    )
    chosen["col-1"] = chosen["col-1"] or "date"
    chosen["fixed-kind"] = "consultation"
    assert client.post(f"/imports/{import_id}/columns", data=chosen).status_code == 302
    running.wait(import_id)
    db.session.expire_all()
    return db.session.get(ImportRun, import_id)


def _export(client, world, tmp_path, submissions, labels=False):
    """The consultation log's export of ``submissions``, the manager signed in."""
    form = xlsform(
        tmp_path / "consultation_log.xlsx",
        CONSULTATION_SURVEY,
        CONSULTATION_CHOICES,
        ("Consultation log", "consultation_log"),
    )
    factories.sign_in(client, world["manager"])
    return export(form, tmp_path / "export.xlsx", submissions, labels=labels)


def _counts():
    activities = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
    commitments = db.session.scalar(sa.select(sa.func.count()).select_from(Commitment))
    return activities, commitments


def test_promises_of_a_repeat_group_become_the_consultations_commitments(client, world, tmp_path):
    path = _export(client, world, tmp_path, _submissions())
    import_id = _upload_kobo(client, path)
    run = _check(client, import_id)
    assert run.state == ImportState.CHECKED, (run.problem, run.errors)
    assert _counts() == (0, 0)
    client.post(f"/imports/{import_id}/confirm")
    running.wait(import_id)
    consultations = db.session.scalars(sa.select(Activity).order_by(Activity.title)).all()
    promises = {
        a.title: sorted((c.description, c.owner, c.due_date.isoformat()) for c in a.commitments)
        for a in consultations
    }
    assert promises == {
        "Town hall at Bukit Tinggi": [("Repair the footbridge", "Civil engineer", DUE)],
        "Town hall at Kampung Baru": [
            ("Fence the quarry", "Civil engineer", DUE),
            ("Water the road twice a day", "Site manager", DUE),
        ],
    }
    assert all(c.site_id == world["site"].id for a in consultations for c in a.commitments)

    # the same export again: nothing is added
    again = _upload_kobo(client, path)
    run = _check(client, again)
    assert (run.created, run.unchanged) == (0, 2)
    client.post(f"/imports/{again}/confirm")
    running.wait(again)
    assert _counts() == (2, 3)


@pytest.mark.parametrize(("labels", "heading"), [(False, "due_date"), (True, "Due date")])
def test_a_promise_without_a_due_date_is_refused_by_sheet_row_and_column(
    client, world, tmp_path, labels, heading
):
    path = _export(client, world, tmp_path, _submissions(due=None), labels=labels)
    import_id = _upload_kobo(client, path)
    run = _check(client, import_id)
    assert run.state == ImportState.REFUSED
    where = f"Sheet promises, row 2, {heading}"
    assert run.errors == [[2, where, "By when?"]]
    assert where in client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert _counts() == (0, 0)


def test_a_promise_whose_submission_is_not_in_the_export_is_refused(client, world, tmp_path):
    path = _export(client, world, tmp_path, _submissions())
    book = load_workbook(path)
    sheet = book["promises"]
    column = [c.value for c in sheet[1]].index("_submission__uuid") + 1
    sheet.cell(row=4, column=column, value="a-submission-of-another-export")
    book.save(path)
    run = _check(client, _upload_kobo(client, path))
    assert run.state == ImportState.REFUSED
    assert run.errors == [
        [
            4,
            "Sheet promises, row 4, _submission__uuid",
            "No submission of the first sheet has this id.",
        ]
    ]
    assert _counts() == (0, 0)
