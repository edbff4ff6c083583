"""The import pages: upload, follow the check, download the errors, confirm, done; and the
list exports come back as they are (round trip)."""

from __future__ import annotations

import io

import sqlalchemy as sa

from outreach.activities.models import Activity
from outreach.extensions import db
from outreach.imports import running
from outreach.imports.models import ImportRun, ImportState
from tests import factories
from tests.imports.conftest import csv_file, donation_row, table


def _upload(client, path, kind="activity", **extra):
    data = {"kind": kind, "file": (io.BytesIO(path.read_bytes()), path.name), **extra}
    response = client.post("/imports/", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    import_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    running.wait(import_id)
    return import_id


def _run(import_id):
    db.session.expire_all()
    return db.session.get(ImportRun, import_id)


def test_upload_check_confirm_done(client, world, tmp_path):
    factories.sign_in(client, world["manager"])
    import_id = _upload(client, csv_file(tmp_path / "d.csv", table([donation_row()])))
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Every row passed the checks" in page and "<progress" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0
    assert client.post(f"/imports/{import_id}/confirm").status_code == 302
    running.wait(import_id)
    assert _run(import_id).state == ImportState.DONE
    assert "1 created, 0 updated, 0 unchanged" in client.get(f"/imports/{import_id}").get_data(
        as_text=True
    )


def test_errors_listed_and_given_back_in_the_workbook(client, world, tmp_path):
    factories.sign_in(client, world["manager"])
    rows = [donation_row("D-1"), donation_row("D-2", date="next week")]
    import_id = _upload(client, csv_file(tmp_path / "bad.csv", table(rows)))
    assert _run(import_id).state == ImportState.REFUSED
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Enter a date (YYYY-MM-DD)." in page
    back = client.get(f"/imports/{import_id}/errors.csv").get_data(as_text=True)
    lines = back.lstrip("\ufeff").splitlines()
    assert lines[0].endswith('"Errors"') and lines[2].endswith('"date: Enter a date (YYYY-MM-DD)."')
    assert client.post(f"/imports/{import_id}/confirm").status_code == 409


def test_someone_elses_import_is_not_found(client, world, tmp_path):
    factories.sign_in(client, world["manager"])
    import_id = _upload(client, csv_file(tmp_path / "d.csv", table([donation_row()])))
    factories.sign_in(client, factories.user("manager", countries=["MY"]))
    assert client.get(f"/imports/{import_id}").status_code == 404
    factories.sign_in(client, factories.user("field", sites=[world["site"]]))
    assert client.get("/imports/").status_code == 403


def test_list_exports_come_back_as_they_are(client, world, tmp_path):
    site, manager = world["site"], world["manager"]
    factories.activity(site, manager, "donation", beneficiary_id=world["school"].id)
    factories.activity(site, manager, "festival")
    factories.feedback(site, is_grievance=True)
    factories.sign_in(client, manager)
    for url, kind in (("/activities/export.{}", "activity"), ("/feedback/export.{}", "feedback")):
        for fmt in ("csv", "xlsx"):
            export = tmp_path / f"{kind}.{fmt}"
            export.write_bytes(client.get(url.format(fmt)).data)
            import_id = _upload(client, export, kind=kind)
            run = _run(import_id)
            assert run.state == ImportState.CHECKED, (url, fmt, run.problem, run.errors)
            assert (run.created, run.unchanged) == (0, 2 if kind == "activity" else 1)


def test_an_export_imported_elsewhere_gives_the_same_records(client, world, tmp_path):
    """Export, remove the entries, import the export: the same entries come back."""
    site, manager = world["site"], world["manager"]
    kinds = ("donation", "festival", "consultation", "training")
    made = [
        factories.activity(
            site, manager, kind, beneficiary_id=world["school"].id if kind == "donation" else None
        )
        for kind in kinds
    ]
    fields = [
        "kind",
        "activity_date",
        "title",
        "cause",
        "motivation",
        "cash_amount",
        "beneficiary_id",
        "attendance",
        "topic",
        "participants",
        "programme",
        "trainees",
    ]
    before = sorted(tuple(str(getattr(a, f)) for f in fields) for a in made)
    factories.sign_in(client, manager)
    export = tmp_path / "activities.xlsx"
    export.write_bytes(client.get("/activities/export.xlsx").data)
    db.session.execute(sa.delete(Activity))
    db.session.commit()
    import_id = _upload(client, export)
    run = _run(import_id)
    assert (run.state, run.created) == (ImportState.CHECKED, 4), (run.errors, run.unchanged)
    client.post(f"/imports/{import_id}/confirm")
    running.wait(import_id)
    run = _run(import_id)
    assert (run.state, run.created) == (ImportState.DONE, 4), (run.errors, run.problem)
    after = sorted(
        tuple(str(getattr(a, f)) for f in fields) for a in db.session.scalars(sa.select(Activity))
    )
    assert after == before
