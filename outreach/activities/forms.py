"""Activity forms: the shared fields, one form per kind, and the review forms."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from outreach.activities.data_rules import REQUIRED_CHOICE, check_activity, check_commitment
from outreach.activities.kinds import (
    CAUSE_LABELS,
    DONATION_FORM_LABELS,
    FORMAT_LABELS,
    MOTIVATION_LABELS,
    OCCASION_LABELS,
    VALUATION_LABELS,
    ActivityKind,
    choices,
)
from outreach.core import uploads
from outreach.core.forms import (
    DecimalField,
    LeftToRules,
    MultiCheckboxField,
    apply_rule_errors,
    classification_field,
    strip,
    version_field,
)
from outreach.sites.queries import all_currencies

NUMBER = {"inputmode": "numeric", "min": "0"}
DECIMAL = {"inputmode": "decimal", "min": "0"}


def count_field(label, required: bool = False) -> IntegerField:
    """A count; its range (and whether the kind needs it) is the rules' to check."""
    first = LeftToRules() if required else Optional()
    return IntegerField(label, validators=[first], render_kw=NUMBER)


def amount_field(label) -> DecimalField:
    return DecimalField(label, places=2, validators=[Optional()], render_kw=DECIMAL)


def optional_choice(value):
    return None if value in (None, "", "None") else int(value)


def check_file(form, field) -> None:
    """An attachment is optional; when given it must be an accepted photo or PDF."""
    if field.data and getattr(field.data, "filename", ""):
        try:
            uploads.check_upload(field.data)
        except uploads.UploadError as error:
            raise ValidationError(str(error)) from error


#: the most files one entry's form takes at once
MAX_FILES = 10


def check_files(form, field) -> None:
    """Photos or PDFs, several at once; each must be accepted, and at most MAX_FILES."""
    files = [f for f in field.data or [] if getattr(f, "filename", "")]
    if len(files) > MAX_FILES:
        raise ValidationError(_l("At most %(n)d files at once.", n=MAX_FILES))
    for file in files:
        try:
            uploads.check_upload(file)
        except uploads.UploadError as error:
            raise ValidationError(f"{file.filename}: {error}") from error


def currency_choices(site, current: str | None = None) -> list[tuple[str, str]]:
    """The site's currency first, then the other countries' and the reporting currency (and an
    entry's own, when editing one in a currency no longer listed)."""
    first = site.country.currency
    others = {*all_currencies(), current_app.config["REPORTING_CURRENCY"], current or first}
    return [(code, code) for code in [first, *sorted(others - {first})]]


class ActivityForm(FlaskForm):
    """The fields every kind of activity shares."""

    kind: ActivityKind
    activity_date = DateField(_l("Date"), validators=[LeftToRules()])
    title = StringField(_l("Title"), filters=[strip], validators=[LeftToRules(), Length(max=200)])
    description = TextAreaField(
        _l("What happened"), filters=[strip], validators=[Length(max=10000)]
    )
    place = StringField(
        _l("Place (village, address or landmark)"), filters=[strip], validators=[Length(max=200)]
    )
    latitude = DecimalField(
        _l("GPS latitude"),
        places=6,
        validators=[Optional()],
        render_kw={"inputmode": "decimal"},
    )
    longitude = DecimalField(
        _l("GPS longitude"),
        places=6,
        validators=[Optional()],
        render_kw={"inputmode": "decimal"},
    )
    partner_ids = MultiCheckboxField(_l("Partner stakeholders"), coerce=int)
    cost_amount = amount_field(_l("Cost to the company"))
    # a choice (the site's first); any three-letter code is still taken, as from the API
    currency = SelectField(
        _l("Currency"),
        filters=[strip, lambda v: v.upper() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Enter the currency.")),
            Regexp(r"^[A-Z]{3}$", message=_l("Three letters, e.g. MYR.")),
        ],
        validate_choice=False,
        # always holds a choice (the site's currency first): no empty first option to require
        render_kw={"required": False},
    )
    staff_hours = DecimalField(
        _l("Staff hours"), places=1, validators=[Optional()], render_kw=DECIMAL
    )
    motivation = classification_field(
        _l("B4SI motivation"),
        choices(MOTIVATION_LABELS),
        REQUIRED_CHOICE[None]["motivation"],
    )
    cause = classification_field(_l("Cause"), choices(CAUSE_LABELS), REQUIRED_CHOICE[None]["cause"])
    attachment = MultipleFileField(
        _l("Photos or documents (JPEG, PNG, WebP or PDF)"), validators=[check_files]
    )
    attachment_is_receipt = BooleanField(_l("These files are the signed receipt"))
    version = version_field()

    def __init__(self, *args, site, stakeholders=(), today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.today = today or dt.date.today()
        self.partner_ids.choices = [(s.id, s.name) for s in stakeholders]
        self.currency.choices = currency_choices(site, self.currency.data)
        if hasattr(self, "beneficiary_id"):
            self.beneficiary_id.choices = [("", _l("Choose…"))] + [
                (s.id, s.name) for s in stakeholders
            ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        errors = check_activity(self.site, self.kind, self.activity_data(), today=self.today)
        return apply_rule_errors(self, errors) and ok

    def activity_data(self) -> dict:
        """The model fields as plain data for the operations."""
        skip = {"csrf_token", "version", "attachment", "attachment_is_receipt", "new_commitments"}
        return {name: f.data for name, f in self._fields.items() if name not in skip}


class FestivalForm(ActivityForm):
    kind = ActivityKind.FESTIVAL
    occasion = SelectField(_l("Occasion"), choices=choices(OCCASION_LABELS))
    attendance = count_field(_l("Attendance (people)"), required=True)
    audience = StringField(_l("Audience (who came)"), filters=[strip], validators=[Length(max=200)])


class DonationActivityForm(ActivityForm):
    kind = ActivityKind.DONATION
    donation_form = classification_field(
        _l("Form of donation"),
        choices(DONATION_FORM_LABELS),
        REQUIRED_CHOICE[ActivityKind.DONATION]["donation_form"],
    )
    beneficiary_id = SelectField(_l("Beneficiary"), coerce=optional_choice, validate_choice=False)
    cash_amount = amount_field(_l("Cash amount"))
    in_kind_description = StringField(
        _l("What was given"), filters=[strip], validators=[Length(max=300)]
    )
    quantity = count_field(_l("Quantity (items)"))
    in_kind_value = amount_field(_l("Value of the goods"))
    valuation = SelectField(
        _l("How the value was established"),
        choices=[("", _l("Choose…")), *choices(VALUATION_LABELS)],
    )
    beneficiaries = count_field(_l("Number of people who benefit"), required=True)


class InlineCommitmentForm(Form):
    """One promise made at the consultation; an empty row is ignored."""

    description = StringField(_l("Promise"), filters=[strip], validators=[Length(max=1000)])
    owner = StringField(_l("Owner"), filters=[strip], validators=[Length(max=120)])
    due_date = DateField(_l("Due date"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.description.data:
            ok = apply_rule_errors(self, check_commitment(self.data)) and ok
        return ok


#: the most promises one consultation's form takes
MAX_PROMISES = 20


class ConsultationForm(ActivityForm):
    kind = ActivityKind.CONSULTATION
    consultation_format = SelectField(_l("Format"), choices=choices(FORMAT_LABELS))
    topic = StringField(
        _l("Topic"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=200)],
    )
    languages = StringField(_l("Languages used"), filters=[strip], validators=[Length(max=120)])
    participants = count_field(_l("Participants in total"), required=True)
    participants_women = count_field(_l("of whom women"))
    participants_men = count_field(_l("of whom men"))
    participants_youth = count_field(_l("of whom young people"))
    participants_indigenous = count_field(_l("of whom indigenous people"))
    participants_vulnerable = count_field(_l("of whom other vulnerable people"))
    information_disclosed = TextAreaField(
        _l("Information disclosed"), filters=[strip], validators=[Length(max=10000)]
    )
    issues_raised = TextAreaField(
        _l("Issues raised"), filters=[strip], validators=[Length(max=10000)]
    )
    # promises are added one at a time (a button adds a row; without JavaScript it posts
    # "add_promise" and the page comes back with one more); no summary box repeats them
    new_commitments = FieldList(
        FormField(InlineCommitmentForm), min_entries=1, max_entries=MAX_PROMISES
    )

    def promises(self) -> list[dict]:
        """The commitments typed into the inline rows (empty rows ignored)."""
        return [row.data for row in self.new_commitments.entries if row.form.description.data]


class TrainingForm(ActivityForm):
    kind = ActivityKind.TRAINING
    programme = StringField(
        _l("Programme or skill"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=200)],
    )
    trainees = count_field(_l("Trainees"), required=True)
    completed = count_field(_l("Completed"))
    trainees_women = count_field(_l("of whom women"))
    training_hours = DecimalField(
        _l("Hours of training"), places=1, validators=[Optional()], render_kw=DECIMAL
    )
    certificates = count_field(_l("Certificates awarded"))


FORMS: dict[ActivityKind, type[ActivityForm]] = {
    ActivityKind.FESTIVAL: FestivalForm,
    ActivityKind.DONATION: DonationActivityForm,
    ActivityKind.CONSULTATION: ConsultationForm,
    ActivityKind.TRAINING: TrainingForm,
}


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        _l("What needs to change"),
        filters=[strip],
        validators=[DataRequired(_l("Say what needs to change.")), Length(max=2000)],
    )


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for reopening"),
        filters=[strip],
        validators=[DataRequired(_l("Give the reason for reopening.")), Length(max=2000)],
    )


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("Photo or document (JPEG, PNG, WebP or PDF)"),
        validators=[FileRequired(_l("Choose a file.")), check_file],
    )
    is_receipt = BooleanField(_l("This file is the signed receipt"))
