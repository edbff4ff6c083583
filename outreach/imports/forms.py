"""The import pages' forms: the upload, and the confirmation steps (CSRF only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField


class UploadForm(FlaskForm):
    kind = SelectField(_l("What the rows are"))
    file = FileField(
        _l("Spreadsheet (.xlsx, or .csv in UTF-8)"),
        validators=[FileRequired(_l("Choose the file to import."))],
    )
    kobo = BooleanField(_l("This is a KoboToolbox or ODK export: match its columns first"))
    attachments = FileField(_l("KoboToolbox attachments ZIP with the photos (optional)"))
    update = BooleanField(_l("Update the records whose rows changed since they were imported"))
    approve = BooleanField(
        _l("Approve the imported activities at once (past records you vouch for)")
    )

    def __init__(self, *args, kinds=(), may_approve: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.name, str(k.label)) for k in kinds]
        if not may_approve:
            del self.approve


class StepForm(FlaskForm):
    """Confirm, cancel or save a mapping: the CSRF token only."""
