"""Photos from a KoboToolbox attachments ZIP: a row's photo column names a file, found in the
ZIP under the row's submission (its ``_uuid``) or by its name alone, and attached to the entry
through the same checks and storage as a photo uploaded on the form (``core.uploads``). The
ZIP is read member by member; a member larger than an upload may be is refused without being
unpacked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from outreach.core import uploads
from outreach.core.rules import RuleError
from outreach.imports.reading import ReadError
from outreach.imports.storage import path_of

NOT_IN_ZIP = _l("This photo is not in the attachments ZIP.")


class Photos:
    """The members of an attachments ZIP, by submission and file name."""

    def __init__(self, archive: zipfile.ZipFile | None):
        self.archive = archive
        self.by_name: dict[str, list[zipfile.ZipInfo]] = {}
        for member in archive.infolist() if archive else []:
            if not member.is_dir():
                self.by_name.setdefault(PurePosixPath(member.filename).name, []).append(member)

    def member(self, name: str, submission: str | None) -> zipfile.ZipInfo | None:
        found = self.by_name.get(PurePosixPath(name.replace("\\", "/")).name, [])
        if submission:
            inside = [m for m in found if submission in m.filename]
            found = inside or found
        return found[0] if len(found) >= 1 else None

    def upload(self, name: str, submission: str | None) -> FileStorage:
        """The photo as an upload, checked as the form checks one; RuleError on ``photo``."""
        member = self.member(name, submission) if self.archive else None
        if member is None:
            raise RuleError({"photo": [str(NOT_IN_ZIP)]})
        most = int(current_app.config["UPLOAD_MAX_BYTES"])
        if member.file_size > most:
            raise RuleError(
                {
                    "photo": [
                        str(
                            _l(
                                "The file is too large: at most %(mb)s MB.",
                                mb=uploads.megabytes(most),
                            )
                        )
                    ]
                }
            )
        with self.archive.open(member) as stream:
            content = stream.read(most + 1)
        upload = FileStorage(io.BytesIO(content), filename=PurePosixPath(member.filename).name)
        try:
            uploads.check_upload(upload)
        except uploads.UploadError as error:
            raise RuleError({"photo": [str(error)]}) from error
        return upload


@contextmanager
def attachments(stored_name: str | None) -> Iterator[Photos]:
    """The photos of the run's attachments ZIP (none when it has none)."""
    if not stored_name:
        yield Photos(None)
        return
    try:
        archive = zipfile.ZipFile(path_of(stored_name))
    except (zipfile.BadZipFile, OSError) as error:
        raise ReadError(_l("The attachments file is not a readable ZIP.")) from error
    with archive:
        yield Photos(archive)
