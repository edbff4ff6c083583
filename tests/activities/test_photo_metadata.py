"""A photo is stored upright and without metadata; the position it carried goes to the entry."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PIL import ExifTags, Image

from outreach.activities.models import ActivityAttachment
from outreach.core.audit import AuditEvent
from tests.activities.test_uploads import _upload


def phone_photo(fmt: str = "JPEG") -> bytes:
    """A 40 × 20 photo, red on the left, that the camera held turned (EXIF orientation 6: show
    it turned 90° clockwise), with the phone's software and where it was taken."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Software] = "PhoneCam 4.2"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (3.0, 48.0, 27.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (103.0, 19.0, 30.0),
    }
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, **({"comment": b"taken at home"} if fmt == "JPEG" else {}))
    return out.getvalue()


def _attach(client, activity, content: bytes, filename: str):
    response = _upload(client, activity, content, filename)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("fmt", "name"), [("JPEG", "IMG_1.jpg"), ("PNG", "a.png"), ("WEBP", "b.webp")]
)
def test_downloaded_photo_is_upright_without_metadata_and_the_entry_keeps_the_place(
    client, db, draft, fmt, name
):
    assert draft.latitude is None
    _attach(client, draft, phone_photo(fmt), name)
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    body = client.get(f"/activities/{draft.id}/attachments/{attachment.id}").data
    photo = Image.open(io.BytesIO(body))
    assert photo.format == fmt
    assert not photo.getexif() and "exif" not in photo.info and "comment" not in photo.info
    assert b"PhoneCam" not in body and b"PhoneMaker" not in body and b"taken at home" not in body
    assert photo.size == (20, 40)  # turned upright: the red half is now on top
    assert photo.convert("RGB").getpixel((10, 5))[0] > 200
    assert photo.convert("RGB").getpixel((10, 35))[2] > 200
    assert attachment.size == len(body)
    db.session.refresh(draft)
    assert (draft.latitude, draft.longitude) == (Decimal("3.8075"), Decimal("103.325"))
    audit = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "attach")).one()
    assert audit.changes["latitude"] == [None, "3.807500"]


def test_an_entry_with_a_position_keeps_its_own(client, db, draft):
    draft.latitude, draft.longitude = Decimal("3.1"), Decimal("101.6")
    db.session.commit()
    _attach(client, draft, phone_photo(), "IMG_2.jpg")
    db.session.refresh(draft)
    assert (draft.latitude, draft.longitude) == (Decimal("3.1"), Decimal("101.6"))


def test_pdfs_are_kept_as_they_are(client, db, draft):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    _attach(client, draft, pdf, "scan.pdf")
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    assert client.get(f"/activities/{draft.id}/attachments/{attachment.id}").data == pdf
