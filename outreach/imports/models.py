"""Imports: each run (its file, state, progress and outcome), the external ids of the records
it brought in, and the column mapping saved per KoboToolbox/ODK form."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core import labels
from outreach.core.db import UTCDateTime, enum_column, utcnow
from outreach.extensions import db


class ImportState(enum.StrEnum):
    #: uploaded, waiting for its check to start
    QUEUED = "queued"
    #: every row is being checked; nothing is written
    CHECKING = "checking"
    #: checked without errors; waits for the user to confirm
    CHECKED = "checked"
    #: some rows are refused (see ``errors``); nothing was written
    REFUSED = "refused"
    #: confirmed; waiting for the writing to start
    CONFIRMED = "confirmed"
    #: every row is being written in one transaction
    WRITING = "writing"
    #: every row was written
    DONE = "done"
    #: the file could not be read, or the writing failed: nothing was written
    FAILED = "failed"
    #: the user dropped it before writing
    CANCELLED = "cancelled"


STATE_LABELS = labels.register(
    ImportState,
    {
        ImportState.QUEUED: _l("Waiting to be checked"),
        ImportState.CHECKING: _l("Being checked"),
        ImportState.CHECKED: _l("Checked: waiting for your confirmation"),
        ImportState.REFUSED: _l("Refused: some rows have errors"),
        ImportState.CONFIRMED: _l("Waiting to be written"),
        ImportState.WRITING: _l("Being written"),
        ImportState.DONE: _l("Written"),
        ImportState.FAILED: _l("Failed: nothing written"),
        ImportState.CANCELLED: _l("Dropped"),
    },
)


class ImportRun(db.Model):
    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the rows are: site, stakeholder, activity, commitment, feedback, rate
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: who imports; every row is written in their name and within their permissions
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    #: the file's name as uploaded
    filename: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: where the uploaded file is kept until the import is over (under the instance folder)
    stored_name: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    #: the optional ZIP of photos (KoboToolbox attachments)
    attachments_name: Mapped[str | None] = mapped_column(sa.String(80))
    #: SHA-256 of the uploaded file, recorded in the audit log
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    #: where the run is (see ImportState)
    state: Mapped[ImportState] = mapped_column(enum_column(ImportState), nullable=False)
    #: update records whose rows changed since they were imported
    update_existing: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: imported activities are approved at once (a manager vouching for past records)
    approve: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: {source column: field} chosen for a KoboToolbox/ODK export; empty for a template
    mapping: Mapped[dict | None] = mapped_column(sa.JSON)
    #: rows in the file (known once the check has read it)
    total_rows: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: rows checked or written so far
    done_rows: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: rows that create, update or leave a record as it is
    created: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: [[sheet row, column heading, message], ...] in the importer's language
    errors: Mapped[list | None] = mapped_column(sa.JSON)
    #: what stopped the whole file (unreadable, too large...), in the importer's language
    problem: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user = db.relationship("User")

    @property
    def is_running(self) -> bool:
        return self.state in (
            ImportState.QUEUED,
            ImportState.CHECKING,
            ImportState.CONFIRMED,
            ImportState.WRITING,
        )


class ImportKey(db.Model):
    """An external id (a template's column, KoboToolbox's ``_uuid``) and the record it became:
    importing the same row again finds it instead of adding a second record."""

    __tablename__ = "import_keys"
    __table_args__ = (sa.UniqueConstraint("kind", "external_id", name="uq_import_keys_kind_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the kind of record (as ImportRun.kind)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: the id the row carries in its source
    external_id: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: the record it was written as
    object_id: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: the import that first brought it in
    import_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_runs.id", ondelete="SET NULL")
    )


class ImportMapping(db.Model):
    """The columns of a KoboToolbox/ODK form matched to Outreach's fields, kept for the next
    export of the same form."""

    __tablename__ = "import_mappings"
    __table_args__ = (sa.UniqueConstraint("form_key", "kind", name="uq_import_mappings_form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what identifies the form: its sheet name and columns
    form_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: what its rows become
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: {source column: field}
    mapping: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
