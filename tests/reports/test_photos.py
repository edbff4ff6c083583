"""The photos of an impact report: the manager chooses them and writes their captions, which
are printed (escaped) and kept with the issued version."""

from __future__ import annotations

import datetime as dt
import html
import io
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from outreach.activities.kinds import ActivityState
from outreach.activities.models import ActivityAttachment
from outreach.core.uploads import store_upload
from outreach.reports.models import IssuedReport
from tests import factories
from tests.reports.pdftext import squeezed, text_of
from tests.reports.sample_data import FORM, png


def _photo(db, activity, colour: str) -> ActivityAttachment:
    stored = store_upload(FileStorage(io.BytesIO(png(colour)), "photo.png", "image/png"))
    columns = {k: v for k, v in vars(stored).items() if k != "location"}
    attachment = ActivityAttachment(activity_id=activity.id, **columns)
    db.session.add(attachment)
    db.session.flush()
    return attachment


@pytest.fixture
def photos(db, app):
    """Seven approved Malaysian activities of 2026-Q3 with a photo each, and a Thai one."""
    site, thai = factories.site("MY"), factories.site("TH")
    author = factories.user("field", sites=[site, thai])
    made = []
    with app.test_request_context():
        for day in range(1, 8):
            activity = factories.activity(
                site,
                author,
                activity_date=dt.date(2026, 8, day),
                state=ActivityState.APPROVED,
                title=f"Book day {day}",
            )
            made.append(_photo(db, activity, f"#{day * 30:02x}9ea0"))
        other = factories.activity(
            thai, author, activity_date=dt.date(2026, 8, 1), state=ActivityState.APPROVED
        )
        foreign = _photo(db, other, "#aa0000")
    db.session.commit()
    return {"mine": made, "foreign": foreign}


class _Inputs(HTMLParser):
    """What a browser would send from a form's inputs (ticked boxes only)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input" or "name" not in a:
            return
        if a.get("type") == "checkbox" and "checked" not in a:
            return
        self.data[a["name"]] = html.unescape(a.get("value") or "")


def _review(client) -> tuple[str, dict[str, str]]:
    page = client.post("/reports/confirm", data=FORM).get_data(as_text=True)
    form = page.split('action="/reports/issue"', 1)[1].split("</form>", 1)[0]
    inputs = _Inputs()
    inputs.feed(form)
    return form, inputs.data


def test_the_manager_captions_the_chosen_photos_and_the_report_keeps_them(
    client, login_as, photos, db
):
    login_as("manager", countries=["MY"])
    form, data = _review(client)
    # the newest six are offered ticked, under the title of their activity; the seventh not
    assert form.count('type="checkbox"') == 7
    assert data["photos-0-caption"] == "Book day 7" and data["photos-0-include"] == "y"
    assert "photos-6-include" not in data
    for i in range(1, 6):
        data.pop(f"photos-{i}-include")  # only the first photo is printed
    data["photos-0-caption"] = "Pupils of SK <Beserah> & their new books"
    # a photo of another country, slipped into the form, is not printed
    data["photos-6-attachment_id"] = str(photos["foreign"].id)
    data["photos-6-include"] = "y"
    data["photos-6-caption"] = "Not from this report"

    issued = client.post("/reports/issue", data=data)
    assert issued.status_code == 302
    report = db.session.scalar(sa.select(IssuedReport).order_by(IssuedReport.id.desc()))
    assert [p["caption"] for p in report.photos] == ["Pupils of SK <Beserah> & their new books"]
    text = squeezed(text_of(report.pdf))
    assert "PupilsofSK<Beserah>&theirnewbooks" in text
    assert "Notfromthisreport" not in text and "Bookday6" not in text
    page = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert "Pupils of SK &lt;Beserah&gt; &amp; their new books" in page


def test_more_photos_than_a_report_prints_are_refused_next_to_the_photos(
    client, login_as, photos, db
):
    login_as("manager", countries=["MY"])
    _form, data = _review(client)
    data["photos-6-include"] = "y"
    data["photos-3-caption"] = "x" * 201
    before = db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport))
    response = client.post("/reports/issue", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose at most 6 photos." in page.split('id="photos"', 1)[1]
    assert "At most 200 characters." in page.split('name="photos-3-caption"', 1)[1]
    assert 'value="Book day 7"' in page  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedReport)) == before
