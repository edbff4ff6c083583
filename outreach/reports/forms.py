"""The report form (scope, period, languages) and the public verification form."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from outreach.core.forms import strip
from outreach.core.periods import PeriodError, parse_period_text

PERIOD_KINDS = [("quarter", _l("A quarter")), ("year", _l("A year")), ("range", _l("Months"))]
QUARTERS = [(str(q), _l("Q%(quarter)s", quarter=q)) for q in range(1, 5)]
#: photos offered on the review page, and at most printed
PHOTOS_OFFERED = 12
PHOTOS_PRINTED = 6


class PhotoChoiceForm(Form):
    """One photo offered for the report: printed or not, under the manager's caption."""

    attachment_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    include = BooleanField(_l("Print this photo"))
    caption = StringField(
        _l("Caption"),
        filters=[strip],
        validators=[Length(max=200, message=_l("At most %(max)d characters."))],
    )


def _at_most_printed(form, field) -> None:
    if sum(1 for entry in field.entries if entry.include.data) > PHOTOS_PRINTED:
        raise ValidationError(_l("Choose at most %(n)d photos.", n=PHOTOS_PRINTED))


class ReportForm(FlaskForm):
    scope = SelectField(_l("What the report covers"), validators=[DataRequired()])
    period_kind = RadioField(_l("Period"), choices=PERIOD_KINDS, default="quarter")
    year = IntegerField(
        _l("Year"),
        validators=[Optional(), NumberRange(2000, 2100, _l("Enter a year such as 2026."))],
    )
    quarter = SelectField(_l("Quarter"), choices=QUARTERS, default="1")
    first_month = StringField(_l("From month"), filters=[strip])
    last_month = StringField(_l("To month"), filters=[strip])
    language = SelectField(_l("Language"))
    second_language = SelectField(_l("Second language (printed beneath)"))
    #: the stored What works estimate of the scope, as a section of the report
    what_works = BooleanField(
        _l("Include “What works”: which outreach came before a change in sentiment")
    )
    #: the manager's words, printed first and kept with the issued version
    executive_summary = TextAreaField(
        _l("Executive summary"),
        filters=[strip],
        validators=[Length(max=4000, message=_l("At most %(max)d characters."))],
    )
    highlights = TextAreaField(
        _l("Highlights, one a line"),
        filters=[strip],
        validators=[Length(max=2000, message=_l("At most %(max)d characters."))],
    )
    #: the photos offered on the review page, with the manager's captions
    photos = FieldList(
        FormField(PhotoChoiceForm), max_entries=PHOTOS_OFFERED, validators=[_at_most_printed]
    )
    #: set on the confirmation page: the manager has seen what will be issued
    confirmed = HiddenField()

    def __init__(self, *args, scopes=(), languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        languages = languages or {"en": "English"}
        self.scope.choices = list(scopes)
        self.language.choices = list(languages.items())
        self.second_language.choices = [("", _l("None"))] + list(languages.items())
        if self.year.data is None and not self.is_submitted():
            self.year.data = dt.date.today().year
        self.period = None

    @property
    def highlight_lines(self) -> list[str]:
        return [line.strip() for line in (self.highlights.data or "").splitlines() if line.strip()]

    @property
    def photo_choices(self) -> list[tuple[int, str]] | None:
        """(attachment id, caption) of the photos chosen to print, in order; None when no
        photos were offered (the report then prints the newest, captioned with their
        activity's title)."""
        if not self.photos.entries:
            return None
        return [
            (entry.attachment_id.data, entry.caption.data or "")
            for entry in self.photos.entries
            if entry.include.data and entry.attachment_id.data
        ]

    @property
    def photo_errors(self) -> list[str]:
        """The messages about the choice as a whole (each caption has its own)."""
        return [str(e) for e in self.photos.errors if not isinstance(e, dict)]

    def offer_photos(self, offered: list[tuple[int, str]]) -> None:
        """Offer photos (attachment id, caption so far), the first ones ticked, each caption
        for the manager to rewrite."""
        for index, (attachment_id, caption) in enumerate(offered[:PHOTOS_OFFERED]):
            self.photos.append_entry(
                {
                    "attachment_id": attachment_id,
                    "include": index < PHOTOS_PRINTED,
                    "caption": caption[:200],
                }
            )

    @property
    def languages(self) -> list[str]:
        second = self.second_language.data
        return [self.language.data] + ([second] if second and second != self.language.data else [])

    def period_text(self) -> str:
        if self.period_kind.data == "year":
            return f"{self.year.data}"
        if self.period_kind.data == "range":
            return f"{self.first_month.data}..{self.last_month.data}"
        return f"{self.year.data}-Q{self.quarter.data}"

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if set(self.errors) - {"photos"}:
            return False
        # the period is known when only a photo's caption is wrong: the review page needs it
        if self.period_kind.data in ("quarter", "year") and self.year.data is None:
            self.year.errors.append(_l("Enter a year such as 2026."))
            return False
        if self.period_kind.data == "range" and not (
            self.first_month.data and self.last_month.data
        ):
            self.first_month.errors.append(_l("Enter the first and last month, e.g. 2026-01."))
            return False
        try:
            self.period = parse_period_text(self.period_text())
        except PeriodError:
            field = self.first_month if self.period_kind.data == "range" else self.year
            field.errors.append(
                _l("Write months as 2026-01, with the last month not before the first.")
            )
            return False
        return ok


class VerifyForm(FlaskForm):
    document = FileField(_l("The PDF you received"))
    sha256 = StringField(_l("Or its SHA-256 fingerprint"), filters=[strip])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.document.data and not self.sha256.data:
            self.document.errors.append(_l("Choose the PDF file, or paste its fingerprint."))
            return False
        return True
