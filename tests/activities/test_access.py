"""Access matrix: every activity and commitment route × role × own / other site."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from outreach.activities import operations as ops
from outreach.activities.kinds import ActivityState
from outreach.core import uploads
from tests import factories
from tests.activities.test_uploads import jpeg_bytes

ROLES = ["anonymous", "field", "manager", "partner", "admin"]

# route, method, {role: (status at own site, status at other site)}; None = same for both
MATRIX = [
    ("/activities/", "GET", dict(field=200, manager=200, partner=403, admin=200)),
    ("/activities/export.csv", "GET", dict(field=200, manager=200, partner=403, admin=200)),
    ("/activities/export.xlsx", "GET", dict(field=200, manager=200, partner=403, admin=200)),
    ("/activities/review", "GET", dict(field=403, manager=200, partner=403, admin=200)),
    ("/activities/new/donation", "GET", dict(field=302, manager=302, partner=403, admin=200)),
    ("/commitments/", "GET", dict(field=200, manager=200, partner=403, admin=200)),
    (
        "/sites/{site}/activities/new/donation",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}/edit",
        "GET",
        dict(field=(403, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}/approve",
        "POST",
        dict(field=(403, 404), manager=(302, 404), partner=403, admin=302),
    ),
    (
        "/activities/{activity}/return",
        "POST",
        dict(field=(403, 404), manager=(302, 404), partner=403, admin=302),
    ),
    (
        "/activities/{activity}/submit",
        "POST",
        dict(field=(403, 404), manager=(403, 404), partner=403, admin=403),
    ),
    (
        "/activities/{activity}/reopen",
        "POST",
        dict(field=(403, 404), manager=(403, 404), partner=403, admin=403),
    ),
    (
        "/activities/{activity}/delete",
        "POST",
        dict(field=(403, 404), manager=(302, 404), partner=403, admin=302),
    ),
    (
        "/activities/{activity}/attachments",
        "GET",
        dict(field=(403, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}/attachments/{attachment}",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}/attachments/{attachment}/preview",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/activities/{activity}/attachments/{attachment}/delete",
        "POST",
        dict(field=(403, 404), manager=(302, 404), partner=403, admin=302),
    ),
    (
        "/sites/{site}/commitments/new",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/commitments/{commitment}",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/commitments/{commitment}/edit",
        "GET",
        dict(field=(200, 404), manager=(200, 404), partner=403, admin=200),
    ),
    (
        "/commitments/{commitment}/delete",
        "POST",
        dict(field=403, manager=(302, 404), partner=403, admin=302),
    ),
]


def _cases():
    for route, method, expected in MATRIX:
        places = ("own", "other") if "{" in route else ("own",)
        for role in ROLES:
            for place in places:
                if role == "anonymous":
                    status = 302
                else:
                    value = expected[role]
                    status = value[place == "other"] if isinstance(value, tuple) else value
                yield pytest.param(
                    route, method, role, place, status, id=f"{method} {route} {role} {place}"
                )


@pytest.mark.parametrize("route, method, role, place, status", list(_cases()))
def test_access(client, login_as, db, app, route, method, role, place, status):
    own, other = factories.site(country="MY"), factories.site(country="TH")
    site = own if place == "own" else other
    author = factories.user("field", sites=[own, other])
    activity = factories.activity(site, author, state=ActivityState.SUBMITTED, times_submitted=1)
    with app.test_request_context():
        stored = uploads.store_upload(FileStorage(io.BytesIO(jpeg_bytes()), filename="r.jpg"))
    attachment = ops.add_attachment(activity, stored, factories.user("admin"))
    commitment = factories.commitment(site)
    db.session.commit()
    if role != "anonymous":
        login_as(role, sites=[own], countries=["MY"])
    url = route.format(
        site=site.id, activity=activity.id, attachment=attachment.id, commitment=commitment.id
    )
    data = {"comment": "Please fix", "reason": "Typo"} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    assert response.status_code == status
