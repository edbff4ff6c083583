"""Attachments: only real photos and PDFs, within the size limit, served with access checks."""

import io
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.http import parse_options_header

from outreach.activities.models import ActivityAttachment
from tests import factories


def jpeg_bytes(size=(64, 48), exif_gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (3.0, 48.0, 27.0)}  # GPS info
        kwargs["exif"] = exif
    image.save(out, "JPEG", **kwargs)
    return out.getvalue()


def _upload(client, activity, content: bytes, filename: str):
    return client.post(
        f"/activities/{activity.id}/attachments",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _stored(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(ActivityAttachment))


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def pixel_bomb(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG announcing a picture of ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


ATTACKS = [
    ("too-big.jpg", "oversize", "too large"),
    ("receipt.jpg", b"<html><script>alert(document.cookie)</script></html>", "Only photos"),
    ("logo.svg", SVG, "Only photos"),
    ("../../etc/passwd.jpg", "jpeg", "must not contain folders"),
    ("..\\..\\win.ini.jpg", "jpeg", "must not contain folders"),
    ("broken.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10, "damaged"),
    ("bomb.png", pixel_bomb(20000, 20000), "too large: at most 89 megapixels"),
    ("bomb.png", pixel_bomb(10000, 10000), "too large: at most 89 megapixels"),
]


@pytest.mark.parametrize("filename, content, message", ATTACKS)
def test_bad_uploads_are_refused_with_a_clear_message(
    client, db, app, draft, monkeypatch, filename, content, message
):
    if content == "oversize":
        monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1000)
        content = jpeg_bytes(size=(400, 400)) + b"\0" * 2000
    elif content == "jpeg":
        content = jpeg_bytes()
    response = _upload(client, draft, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page.split('id="file-error"', 1)[1][:300]
    assert _stored(db) == 0


def test_photo_is_stored_under_a_server_name_with_a_clean_preview(client, db, app, draft):
    response = _upload(client, draft, jpeg_bytes((1200, 900), exif_gps=True), "IMG_0001.jpg")
    assert response.status_code == 302
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    assert attachment.stored_name != "IMG_0001.jpg" and attachment.stored_name.endswith(".jpg")
    assert attachment.content_type == "image/jpeg"
    download = client.get(f"/activities/{draft.id}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "IMG_0001.jpg" in download.headers["Content-Disposition"]
    preview = client.get(f"/activities/{draft.id}/attachments/{attachment.id}/preview")
    thumb = Image.open(io.BytesIO(preview.data))
    assert max(thumb.size) <= 480
    assert not thumb.getexif() and b"PhoneMaker" not in preview.data


def test_pdf_accepted_by_content_even_with_a_wrong_name(client, db, draft):
    response = _upload(
        client, draft, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "scan.txt"
    )
    assert response.status_code == 302
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    assert attachment.content_type == "application/pdf" and attachment.thumbnail_name is None


def test_files_of_another_activity_are_not_served(client, db, draft):
    _upload(client, draft, jpeg_bytes(), "a.jpg")
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    other = factories.activity(draft.site, draft.author)
    assert client.get(f"/activities/{other.id}/attachments/{attachment.id}").status_code == 404


@pytest.mark.parametrize(
    "filename, content, saved_as",
    [
        ("page.html", "jpeg", "page.jpg"),
        ("invoice.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF", "invoice.pdf"),
        ("photo\u202egpj.exe", "jpeg", "photogpj.jpg"),
        ("scan.txt", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "scan.pdf"),
    ],
)
def test_a_download_is_named_for_what_its_content_is(
    client, db, draft, filename, content, saved_as
):
    """A file is never saved under a name that makes a browser or the desktop open it as a web
    page or a program, nor with characters that turn its name around."""
    response = _upload(client, draft, jpeg_bytes() if content == "jpeg" else content, filename)
    assert response.status_code == 302
    attachment = db.session.scalar(sa.select(ActivityAttachment))
    assert attachment.original_name == filename  # shown as uploaded on the entry
    download = client.get(f"/activities/{draft.id}/attachments/{attachment.id}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    names = parse_options_header(download.headers["Content-Disposition"])[1]
    assert set(names.values()) == {saved_as}


def test_file_fields_say_how_large_a_file_may_be(client, draft, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
    form = client.get(f"/sites/{draft.site_id}/activities/new/donation").get_data(as_text=True)
    assert "At most 5 MB." in form
    attach = client.get(f"/activities/{draft.id}/attachments").get_data(as_text=True)
    assert "At most 5 MB." in attach


def test_an_upload_over_the_request_limit_explains_itself_in_the_users_language(
    client, draft, app, monkeypatch, db
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    draft.author.language = "ms"
    db.session.commit()
    form_page = f"http://localhost/sites/{draft.site_id}/activities/new/donation?x=1"
    response = client.post(
        f"/activities/{draft.id}/attachments",
        data={"file": (io.BytesIO(b"\xff" * (3 * 1024 * 1024)), "big.jpg")},
        content_type="multipart/form-data",
        headers={"Referer": form_page},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "2 MB" in page
    assert "Tiada apa-apa disimpan" in page  # "Nothing was saved", in Malay
    assert f'href="/sites/{draft.site_id}/activities/new/donation?x=1"' in page
    assert _stored(db) == 0


def test_the_way_back_from_a_refused_upload_never_leads_off_the_site(
    client, draft, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post(
        f"/activities/{draft.id}/attachments",
        data={"file": (io.BytesIO(b"\xff" * 4096), "big.jpg")},
        content_type="multipart/form-data",
        headers={"Referer": "https://evil.example/phish"},
    )
    assert response.status_code == 413
    assert "evil.example" not in response.get_data(as_text=True)
