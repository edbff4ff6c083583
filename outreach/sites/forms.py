import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from outreach.core.forms import DecimalField, MultiCheckboxField, at_most, strip, version_field
from outreach.sites.calendar import is_time_zone
from outreach.sites.models import SITE_KIND_LABELS, SITE_STATUS_LABELS

CODE_RULE = Regexp(
    r"^[A-Z0-9][A-Z0-9-]*$", message=_l("Use capital letters, digits and dashes, e.g. MY-ECRL-01.")
)


class SiteForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[strip, lambda v: v.upper() if v else v],
        validators=[DataRequired(_l("Enter a short code.")), Length(max=20), CODE_RULE],
    )
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the site's name.")), Length(max=200)],
    )
    country_code = SelectField(_l("Country"), validators=[DataRequired(_l("Choose the country."))])
    province = StringField(_l("Province or state"), filters=[strip], validators=[Length(max=100)])
    district = StringField(_l("District"), filters=[strip], validators=[Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[(k.value, v) for k, v in SITE_KIND_LABELS.items()])
    operator = StringField(_l("Operator"), filters=[strip], validators=[Length(max=200)])
    bri_designated = BooleanField(_l("Officially designated a Belt and Road project"))
    bri_reference = StringField(_l("BRI reference"), filters=[strip], validators=[Length(max=100)])
    status = SelectField(
        _l("Status"), choices=[(k.value, v) for k, v in SITE_STATUS_LABELS.items()]
    )
    latitude = DecimalField(
        _l("Latitude"),
        places=6,
        validators=[Optional(), NumberRange(-90, 90, _l("Latitude lies between -90 and 90."))],
    )
    longitude = DecimalField(
        _l("Longitude"),
        places=6,
        validators=[Optional(), NumberRange(-180, 180, _l("Longitude lies between -180 and 180."))],
    )
    start_date = DateField(_l("Start date"), validators=[Optional()])
    social_assessment_on = DateField(_l("Latest social impact assessment"), validators=[Optional()])
    environmental_assessment_on = DateField(
        _l("Latest environmental impact assessment"), validators=[Optional()]
    )
    assessment_disclosure_url = StringField(
        _l("Where the public can read the assessments' results"),
        filters=[strip],
        validators=[
            Length(max=500),
            Regexp(r"^(https?://\S+)?$", message=_l("An address starting with https://")),
        ],
    )
    engagement_plan = BooleanField(_l("A stakeholder engagement plan is in force"))
    consultation_committee = BooleanField(_l("A community consultation committee meets"))
    works_council = BooleanField(
        _l("A works council or health and safety committee deals with impacts")
    )
    version = version_field()

    def __init__(self, *args, countries=(), taken_codes=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = [("", "—")] + [(c.code, c.name) for c in countries]
        self._taken_codes = taken_codes

    def validate_code(self, field):
        if field.data in self._taken_codes:
            raise ValidationError(_l("Another site already uses this code."))

    def validate_country_code(self, field):
        if field.data not in {code for code, _ in self.country_code.choices if code}:
            raise ValidationError(_l("Choose a country from the list."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.bri_designated.data and not self.bri_reference.data:
            self.bri_reference.errors.append(_l("Give the reference of the BRI designation."))
            ok = False
        if (self.latitude.data is None) != (self.longitude.data is None):
            target = self.longitude if self.longitude.data is None else self.latitude
            target.errors.append(_l("Give both latitude and longitude, or neither."))
            ok = False
        return ok


#: the days of the week, as ``date.weekday()`` numbers
WEEKDAYS = {
    0: _l("Monday"),
    1: _l("Tuesday"),
    2: _l("Wednesday"),
    3: _l("Thursday"),
    4: _l("Friday"),
    5: _l("Saturday"),
    6: _l("Sunday"),
}


class CountryForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the name.")), Length(max=100)],
    )
    currency = StringField(
        _l("Currency (ISO code)"),
        filters=[strip, lambda v: v.upper() if v else v],
        validators=[
            DataRequired(_l("Enter the currency code.")),
            Regexp(r"^[A-Z]{3}$", message=_l("Three capital letters, e.g. MYR.")),
        ],
    )
    languages = StringField(
        _l("Languages (codes, main first)"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter at least one language code.")),
            Length(max=100),
            Regexp(
                r"^[a-z]{2,3}(_[A-Za-z]+)?(\s*,\s*[a-z]{2,3}"
                r"(_[A-Za-z]+)?)*$",
                message=_l("Codes separated by commas, e.g. ms,en,zh."),
            ),
        ],
    )
    next_election = DateField(_l("Next national election"), validators=[Optional()])
    staff_hour_rate = DecimalField(
        _l("Value of one hour of staff time (local currency)"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Enter zero or more.")),
            at_most(Decimal("99999999.99")),
        ],
    )
    time_zone = StringField(
        _l("Time zone"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the time zone, e.g. Asia/Kuala_Lumpur.")),
            Length(max=64),
        ],
    )
    weekend = MultiCheckboxField(_l("Weekend days"), choices=list(WEEKDAYS.items()), coerce=int)
    holiday_lines = TextAreaField(_l("Public holidays"), filters=[strip])

    def validate_time_zone(self, field) -> None:
        if field.data and not is_time_zone(field.data):
            raise ValidationError(_l("Not a time zone we know, e.g. Asia/Kuala_Lumpur."))

    def validate_holiday_lines(self, field) -> None:
        self.holidays = []
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            day, _sep, name = line.strip().partition(" ")
            try:
                self.holidays.append((dt.date.fromisoformat(day), name.strip()[:120]))
            except ValueError:
                raise ValidationError(
                    _l("Line %(n)d: start with the date as 2026-08-31.", n=number)
                ) from None
