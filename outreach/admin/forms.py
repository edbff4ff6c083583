from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from outreach.auth.forms import PasswordLength, StrongPassword
from outreach.auth.models import ROLE_LABELS, SCOPE_OF_ROLE, Scope
from outreach.core.forms import (
    DecimalField,
    EmailAddress,
    LeftToRules,
    MultiCheckboxField,
    at_most,
    strip,
)


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[strip, lambda v: v.lower() if v else v],
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Length(max=254),
            EmailAddress(),
        ],
    )
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the name.")), Length(max=120)],
    )
    role = SelectField(_l("Role"), choices=[(k.value, v) for k, v in ROLE_LABELS.items()])
    language = SelectField(_l("Language"))
    site_ids = MultiCheckboxField(_l("Sites (field officers)"), coerce=int)
    country_codes = MultiCheckboxField(_l("Countries (managers and partners)"))

    def __init__(self, *args, sites=(), countries=(), taken_emails=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_ids.choices = [(s.id, str(s)) for s in sites]
        self.country_codes.choices = [(c.code, c.name) for c in countries]
        self.language.choices = [("", _l("As the browser"))] + list(
            current_app.config["LANGUAGES"].items()
        )
        self._taken_emails = taken_emails

    def validate_email(self, field):
        if field.data in self._taken_emails:
            raise ValidationError(_l("Another account already uses this e-mail address."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if SCOPE_OF_ROLE.get(self.role.data) == Scope.SITES and not self.site_ids.data:
            self.site_ids.errors.append(_l("A field officer needs at least one site."))
            ok = False
        if SCOPE_OF_ROLE.get(self.role.data) == Scope.COUNTRIES and not self.country_codes.data:
            self.country_codes.errors.append(_l("Managers and partners need a country."))
            ok = False
        return ok


class NewUserForm(UserForm):
    """Without a first password, the person is sent an invitation to choose one."""

    password = PasswordField(
        _l("First password (optional)"),
        validators=[Optional(), PasswordLength(), StrongPassword("email", "name")],
    )
    confirm = PasswordField(
        _l("First password again"),
        validators=[PasswordLength(), EqualTo("password", _l("The two passwords differ."))],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), PasswordLength(), StrongPassword()],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            PasswordLength(),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )

    def __init__(self, *args, personal: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._personal = personal


class RateForm(FlaskForm):
    currency = StringField(
        _l("Currency"),
        filters=[strip, lambda v: v.upper() if v else v],
        validators=[
            DataRequired(_l("Enter the currency code.")),
            Regexp(r"^[A-Z]{3}$", message=_l("Three capital letters, e.g. MYR.")),
        ],
    )
    rate = DecimalField(
        _l("Rate"),
        places=None,
        validators=[
            InputRequired(_l("Enter the rate.")),
            NumberRange(min=Decimal("0.0000000001"), message=_l("The rate must be above zero.")),
            at_most(Decimal("9999999999")),
        ],
    )
    valid_from = DateField(
        _l("Valid from"), validators=[InputRequired(_l("Enter the first day it applies."))]
    )

    def __init__(self, *args, reporting_currency: str = "USD", taken=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self._reporting = reporting_currency
        self._taken = taken

    def validate_currency(self, field):
        if field.data == self._reporting:
            raise ValidationError(_l("This is the reporting currency itself."))

    def validate_valid_from(self, field):
        if (self.currency.data, field.data) in self._taken:
            raise ValidationError(_l("A rate for this currency already starts on this day."))


class OrganisationForm(FlaskForm):
    """The organisation's name, contact and logo; the rules say what they must hold."""

    name = StringField(_l("Organisation's name"), filters=[strip], validators=[LeftToRules()])
    contact = TextAreaField(_l("Contact (address, e-mail, telephone)"), filters=[strip])
    logo = FileField(_l("Logo (PNG or JPEG)"))
    remove_logo = BooleanField(_l("Remove the logo"))
