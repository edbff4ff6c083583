"""Uploaded files: photos and documents recognised by their content, stored under server-made
names, served only through a view that has checked access.

A feature keeps its own table of files with ``StoredFileMixin``, checks an upload in its form
with ``check_upload`` (errors shown next to the field), saves it with ``store_upload`` and
serves it with ``send_stored``.

A photo is stored without any metadata (EXIF with its GPS position, camera and software tags,
XMP, comments, colour profile): a phone's photo of a donation would otherwise tell anyone who
downloads it where and with what it was taken. It is turned upright first, as its EXIF
orientation said, and the position it carried is handed back (``StoredUpload.location``) so
the entry can keep it where access is checked.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import secrets
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, send_file
from flask_babel import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import FileStorage

from outreach.core import unit_of_work

log = logging.getLogger(__name__)

#: content type → extension given to the stored file
ACCEPTED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
THUMBNAIL_SIZE = (480, 480)
#: the precision positions are kept to (about 10 cm), as the entries' columns hold them
MICRODEGREE = Decimal("0.000001")


class UploadError(ValueError):
    """An upload that is refused; the message is shown to the user."""


@dataclass(frozen=True)
class StoredUpload:
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    thumbnail_name: str | None
    #: (latitude, longitude) the photo's EXIF carried before it was stripped; None without
    location: tuple[Decimal, Decimal] | None = None


class StoredFileMixin:
    """Columns describing one stored upload."""

    #: the server-made file name under UPLOAD_FOLDER
    stored_name: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    #: the name the file had on the uploader's device (shown, never used as a path)
    original_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: JPEG, PNG, WebP or PDF, as recognised from the content
    content_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    #: size in bytes
    size: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: SHA-256 of the content, to show it was not changed
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    #: the stored name of the small preview image without metadata; empty for PDFs
    thumbnail_name: Mapped[str | None] = mapped_column(sa.String(80))


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show, or None when not an accepted kind."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _max_bytes() -> int:
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def megabytes(size: int) -> str:
    """A byte count as people read a size limit: "10", "2.5"."""
    return f"{size / 1024 / 1024:g}"


def size_limit_hint(setting: str = "UPLOAD_MAX_BYTES") -> str:
    """The hint under a file field: the largest file the configuration lets through."""
    return _("At most %(mb)s MB.", mb=megabytes(int(current_app.config[setting])))


def _read(file: FileStorage) -> bytes:
    limit = _max_bytes()
    file.stream.seek(0)
    content = file.stream.read(limit + 1)
    file.stream.seek(0)
    if len(content) > limit:
        raise UploadError(_("The file is too large: at most %(mb)s MB.", mb=megabytes(limit)))
    return content


def _clean_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise UploadError(_("The file has no name."))
    if "/" in name or "\\" in name or ".." in name or any(ord(c) < 32 for c in name):
        raise UploadError(_("The file name must not contain folders, “..” or slashes."))
    return name[-200:]


def check_upload(file: FileStorage) -> tuple[str, bytes]:
    """The recognised content type and the bytes; raises ``UploadError`` with the reason."""
    _clean_name(file.filename)
    content = _read(file)
    if not content:
        raise UploadError(_("The file is empty."))
    content_type = sniff(content[:16])
    if content_type is None:
        raise UploadError(_("Only photos (JPEG, PNG, WebP) and PDF documents can be attached."))
    if content_type in IMAGE_FORMATS:
        # a few bytes can announce a picture that takes gigabytes to open (a "pixel bomb")
        too_large = _(
            "The photo is too large: at most %(mp)s megapixels.",
            mp=Image.MAX_IMAGE_PIXELS // 1_000_000,
        )
        try:
            with Image.open(io.BytesIO(content)) as image:
                if image.format != IMAGE_FORMATS[content_type]:
                    raise UploadError(_("The photo is damaged or not what its content says."))
                if image.width * image.height > Image.MAX_IMAGE_PIXELS:
                    raise UploadError(too_large)
                image.verify()
        except Image.DecompressionBombError as error:
            raise UploadError(too_large) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            if isinstance(error, UploadError):
                raise
            raise UploadError(_("The photo is damaged or not what its content says.")) from error
    return content_type, content


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _degrees(value, ref) -> Decimal | None:
    """An EXIF GPS coordinate (degrees, minutes, seconds and N/S/E/W) as signed degrees."""
    try:
        degrees, minutes, seconds = (float(part) for part in value)
        result = Decimal(str(degrees + minutes / 60 + seconds / 3600)).quantize(MICRODEGREE)
    except (TypeError, ValueError, ArithmeticError):  # missing, malformed, x/0 or NaN
        return None
    if not result.is_finite():
        return None
    return -result if str(ref).upper() in ("S", "W") else result


def photo_location(image: Image.Image) -> tuple[Decimal, Decimal] | None:
    """Where the photo says it was taken, or None when it does not say (or says nonsense)."""
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef))
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return latitude, longitude


def strip_photo(content: bytes, content_type: str) -> tuple[bytes, tuple[Decimal, Decimal] | None]:
    """The photo turned upright and saved again with no metadata, and where it was taken."""
    with Image.open(io.BytesIO(content)) as image:
        location = photo_location(image)
        upright = ImageOps.exif_transpose(image)
        # Saving writes what ``info`` holds (EXIF, XMP, comments, colour profile): keep only
        # what the pixels need.
        upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
        out = io.BytesIO()
        options = {"quality": 90} if content_type == "image/jpeg" else {}
        upright.save(out, IMAGE_FORMATS[content_type], **options)
    return out.getvalue(), location


def _thumbnail(content: bytes, name: str) -> str | None:
    """A small JPEG preview, upright, with no EXIF or other metadata (a fresh image)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            clean = Image.new("RGB", image.size, "white")
            clean.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
            buffer = io.BytesIO()
            clean.save(buffer, "JPEG", quality=82)
        _write(_folder() / name, buffer.getvalue())
        return name
    except (OSError, ValueError):
        log.warning("no thumbnail made for %s", name)
        return None


def _write(path: Path, content: bytes) -> None:
    """Write a file of the open transaction to disk; it goes again if the transaction rolls
    back (``unit_of_work``)."""
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    unit_of_work.file_written(path)


def store_upload(file: FileStorage) -> StoredUpload:
    """Check and save an upload under a server-made name (a photo without its metadata);
    raises ``UploadError``."""
    original = _clean_name(file.filename)
    content_type, content = check_upload(file)
    location = None
    if content_type in IMAGE_FORMATS:
        content, location = strip_photo(content, content_type)
    token = secrets.token_hex(16)
    stored_name = token + ACCEPTED[content_type]
    _write(_folder() / stored_name, content)
    thumb = _thumbnail(content, f"{token}.thumb.jpg") if content_type in IMAGE_FORMATS else None
    return StoredUpload(
        stored_name=stored_name,
        original_name=original,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        thumbnail_name=thumb,
        location=location,
    )


def _path(stored_name: str) -> Path:
    # Names are server-made; refuse anything else rather than trust the database blindly.
    if not stored_name or "/" in stored_name or "\\" in stored_name or ".." in stored_name:
        raise FileNotFoundError(stored_name)
    return _folder() / stored_name


def read_stored(record: StoredFileMixin, thumbnail: bool = False) -> bytes:
    """The bytes of a stored file (or of its JPEG preview); FileNotFoundError when missing."""
    name = record.thumbnail_name if thumbnail else record.stored_name
    if not name:
        raise FileNotFoundError(record.stored_name)
    return _path(name).read_bytes()


def _saved_stem(original_name: str) -> str:
    """The uploader's name without its extension and without control or text-direction
    characters (a right-to-left override, U+202E, can make "photo<U+202E>gpj.exe" look like
    "photoexe.jpg")."""
    stem = "".join(c for c in Path(original_name).stem if unicodedata.category(c)[0] != "C")
    return stem.strip() or "file"


def send_stored(record: StoredFileMixin, thumbnail: bool = False, inline: bool = False):
    """The file (or its preview) as a response; downloads carry Content-Disposition with a name
    ending in what the content is, so a photo uploaded as "page.html" is never saved as a page
    a browser would open and run."""
    stem = _saved_stem(record.original_name)
    if thumbnail:
        if not record.thumbnail_name:
            raise FileNotFoundError(record.stored_name)
        path, mimetype = _path(record.thumbnail_name), "image/jpeg"
        download_name = f"preview-{stem}.jpg"
    else:
        path, mimetype = _path(record.stored_name), record.content_type
        download_name = stem + ACCEPTED[record.content_type]
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=not (inline or thumbnail),
        download_name=download_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def remove_stored(record: StoredFileMixin) -> None:
    """Delete the files of an upload once the transaction that removes its record commits."""
    for name in (record.stored_name, record.thumbnail_name):
        if name:
            unit_of_work.delete_after_commit(_path(name))
