"""KoboToolbox/ODK exports in both shapes, built from an XLSForm with pyxform: columns matched
by name and kept per form, ``_uuid`` as the external id, photos from the attachments ZIP."""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa

from outreach.activities.models import Activity
from outreach.extensions import db
from outreach.imports import running
from outreach.imports.models import ImportMapping, ImportRun, ImportState
from tests import factories
from tests.activities.test_uploads import jpeg_bytes
from tests.imports.conftest import YESTERDAY
from tests.imports.kobo_fixtures import export, xlsform

SUBMISSION = {
    "site": "MY-ECRL",
    "date": YESTERDAY,
    "title": "Textbooks for SK Kampung Baru",
    "donation_form": "cash",
    "beneficiary": "SK Kampung Baru",
    "cash": 5000,
    "beneficiaries": 320,
    "cause": "education",
    "motivation": "community_investment",
    "photo": "receipt.jpg",
    "items": [{"item": "Textbook", "count": 300}, {"item": "Bag", "count": 20}],
}


def _upload_kobo(client, path, zip_bytes=None):
    data = {"kind": "activity", "kobo": "y", "file": (io.BytesIO(path.read_bytes()), path.name)}
    if zip_bytes:
        data["attachments"] = (io.BytesIO(zip_bytes), "attachments.zip")
    response = client.post("/imports/", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    return int(response.headers["Location"].split("/")[-2])


def _map_and_check(client, import_id):
    """Accept the proposed columns; the form logs donations only."""
    page = client.get(f"/imports/{import_id}/columns").get_data(as_text=True)
    chosen = _selected(page)
    # what names alone do not match, the person picks by hand
    for heading, field in (("Date of the donation", "date"), ("Photo of the receipt", "photo")):
        index = re.search(rf'<label for="(col-\d+)">{heading}</label>', page)
        if index and not chosen[index.group(1)]:
            chosen[index.group(1)] = field
    chosen["fixed-kind"] = chosen.get("fixed-kind") or "donation"
    response = client.post(f"/imports/{import_id}/columns", data=chosen)
    assert response.status_code == 302
    running.wait(import_id)
    db.session.expire_all()
    return db.session.get(ImportRun, import_id), chosen


def _selected(page: str) -> dict[str, str]:
    values = {}
    for name, options in re.findall(
        r'<select id="[^"]*" name="([^"]+)">(.*?)</select>', page, re.S
    ):
        found = re.search(r'<option value="([^"]*)" selected', options)
        values[name] = found.group(1) if found else ""
    return values


def _photo_zip(submission_uuid: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"kobo/attachments/abc/{submission_uuid}/receipt.jpg", jpeg_bytes())
    return out.getvalue()


def test_both_export_shapes_are_matched_checked_and_written_once(client, world, tmp_path):
    form = xlsform(tmp_path / "donation_log.xlsx")
    factories.sign_in(client, world["manager"])
    for labels in (False, True):
        submission = {**SUBMISSION, "title": f"Textbooks ({'labels' if labels else 'xml'})"}
        path = export(form, tmp_path / f"export-{labels}.xlsx", [submission], labels=labels)
        import_id = _upload_kobo(client, path, _photo_zip(submission["_uuid"]))
        run, chosen = _map_and_check(client, import_id)
        assert run.state == ImportState.CHECKED, (run.problem, run.errors, chosen)
        assert "external_id" in chosen.values() and "cash" in chosen.values()
        client.post(f"/imports/{import_id}/confirm")
        running.wait(import_id)
        activity = db.session.scalar(
            sa.select(Activity).where(Activity.title == submission["title"])
        )
        assert activity.cash_amount == 5000 and activity.beneficiary_id == world["school"].id
        assert [a.original_name for a in activity.attachments] == ["receipt.jpg"]
        # the same export again: the mapping is kept for the form, nothing is added
        again = _upload_kobo(client, path)
        run, _chosen = _map_and_check(client, again)
        assert (run.created, run.unchanged) == (0, 1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportMapping)) == 2


def test_a_photo_missing_from_the_zip_is_an_error_on_its_row(client, world, tmp_path):
    form = xlsform(tmp_path / "donation_log.xlsx")
    factories.sign_in(client, world["manager"])
    path = export(form, tmp_path / "export.xlsx", [dict(SUBMISSION)])
    import_id = _upload_kobo(client, path, _photo_zip("another-submission-" + "x"))
    run, _chosen = _map_and_check(client, import_id)
    assert run.state == ImportState.CHECKED  # found by its name alone
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_photo_zip("x").replace(b"receipt.jpg", b"other00.jpg"))
    import_id = _upload_kobo(client, path, bad.read_bytes())
    run, _chosen = _map_and_check(client, import_id)
    assert run.state == ImportState.REFUSED
    assert run.errors[0][2] == "This photo is not in the attachments ZIP."
