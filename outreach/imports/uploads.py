"""A new import run from an uploaded file (and an optional attachments ZIP): the file is kept
under a server-made name with its SHA-256, and the run waits for its check."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from outreach.auth.models import User
from outreach.extensions import db
from outreach.imports.models import ImportRun, ImportState
from outreach.imports.reading import ReadError, file_format, limit
from outreach.imports.storage import remove, save


def new_run(
    kind: str,
    user: User,
    filename: str,
    stream: BinaryIO,
    *,
    update: bool = False,
    approve: bool = False,
    mapping: dict | None = None,
    attachments: BinaryIO | None = None,
) -> ImportRun:
    """Keep the file and queue its check; ReadError for a file that is not one we read or is
    too large (nothing kept then)."""
    name = Path(filename or "").name[-200:] or "upload"
    fmt = file_format(name)
    most = limit("IMPORT_MAX_BYTES")
    stored, sha256, size = save(stream, f".{fmt}", most)
    if size > most or size == 0:
        remove(stored)
        raise ReadError(
            _l("This file is too large to import; split it.") if size else _l("The file is empty.")
        )
    zip_name = None
    if attachments is not None:
        zip_name, _digest, zip_size = save(attachments, ".zip", 4 * most)
        if zip_size > 4 * most:
            remove(stored)
            remove(zip_name)
            raise ReadError(_l("The attachments ZIP is too large."))
    run = ImportRun(
        kind=kind,
        user_id=user.id,
        user=user,
        filename=name,
        stored_name=stored,
        attachments_name=zip_name,
        sha256=sha256,
        state=ImportState.QUEUED,
        update_existing=update,
        approve=approve,
        mapping=mapping,
        total_rows=0,
        done_rows=0,
        created=0,
        updated=0,
        unchanged=0,
        problem="",
    )
    db.session.add(run)
    db.session.flush()
    return run
