"""The organisation profile: an admin sets the name, contact and logo printed on reports; a
missing name or a file that is no picture is refused next to its field and changes nothing."""

from __future__ import annotations

import io

from PIL import Image

from outreach.admin.queries import organisation_profile
from tests.foundation.helpers import field_error


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 300), "#0f4c5c").save(out, "PNG")
    return out.getvalue()


def test_an_admin_sets_the_profile_with_a_logo(client, login_as, db):
    login_as("admin")
    response = client.post(
        "/admin/organisation",
        data={
            "name": "Demo Rail Holdings",
            "contact": "hello@example.org",
            "logo": (io.BytesIO(_png()), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    profile = organisation_profile()
    assert profile.name == "Demo Rail Holdings" and profile.logo_type == "image/png"
    with Image.open(io.BytesIO(profile.logo)) as logo:
        assert max(logo.size) <= 600  # kept at print size


def test_bad_input_is_refused_next_to_the_field(client, login_as, db):
    login_as("admin")
    page = client.post(
        "/admin/organisation",
        data={"name": "", "logo": (io.BytesIO(b"not a picture"), "logo.png")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert field_error(page, "name") == "Enter the organisation's name."
    assert organisation_profile() is None


def test_only_an_admin_may_open_it(client, login_as, db):
    login_as("manager", countries=["MY"])
    assert client.get("/admin/organisation").status_code == 403
