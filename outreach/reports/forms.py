"""The report form (scope, period, languages) and the public verification form."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from outreach.core.forms import strip
from outreach.core.periods import PeriodError, parse_period_text

PERIOD_KINDS = [("quarter", _l("A quarter")), ("year", _l("A year")), ("range", _l("Months"))]
QUARTERS = [(str(q), _l("Q%(quarter)s", quarter=q)) for q in range(1, 5)]


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
        if not super().validate(extra_validators):
            return False
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
        return True


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
