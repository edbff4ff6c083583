from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation, ValidationError

from outreach.auth.passwords import MAX_PASSWORD_LENGTH, password_problem, too_long_message
from outreach.auth.tokens import check_token
from outreach.core.forms import LeftToRules, apply_rule_errors, strip


class PasswordLength:
    """Refuse a password longer than anyone types, before it is checked or hashed (argon2 hashes
    all it is given, so a longer one only costs the server time)."""

    field_flags = {"maxlength": MAX_PASSWORD_LENGTH}

    def __call__(self, form, field):
        if len(field.data or "") > MAX_PASSWORD_LENGTH:
            raise StopValidation(too_long_message())


class StrongPassword:
    """At least the configured length, not common, not the person's own name or e-mail."""

    def __init__(self, *personal_fields: str):
        self.personal_fields = personal_fields

    def __call__(self, form, field):
        personal = tuple(
            str(getattr(form, name).data or "")
            for name in self.personal_fields
            if hasattr(form, name)
        )
        personal += tuple(getattr(form, "_personal", ()))
        problem = password_problem(
            field.data or "", current_app.config["PASSWORD_MIN_LENGTH"], personal
        )
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), PasswordLength()]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), PasswordLength()],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), PasswordLength(), StrongPassword()],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            PasswordLength(),
            EqualTo("new_password", _l("The two passwords differ.")),
        ],
    )

    def __init__(self, *args, personal: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._personal = personal

    def validate_new_password(self, field):
        if field.data and field.data == self.current_password.data:
            raise ValidationError(_l("Choose a password other than your current one."))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [("", _l("As my browser"))] + [
            (code, name) for code, name in current_app.config["LANGUAGES"].items()
        ]


class TwoFactorForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the code from your app.")), Length(max=20)],
    )


def _your_password() -> PasswordField:
    return PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password.")), PasswordLength()]
    )


class EnableTwoFactorForm(TwoFactorForm):
    """The first code from the app, and the password: someone at a device left signed in
    cannot tie the account to their own phone."""

    password = _your_password()


class DisableTwoFactorForm(FlaskForm):
    password = _your_password()


class TokenForm(FlaskForm):
    """A new personal access token; a manager or admin also gives a code from their app when
    their last second factor is more than five minutes old."""

    name = StringField(_l("Name"), filters=[strip], validators=[LeftToRules(), Length(max=100)])
    access = SelectField(
        _l("Access"),
        choices=[("read", _l("Read only")), ("write", _l("Read and write"))],
        default="read",
    )
    expires_on = DateField(_l("Stops working on"), validators=[LeftToRules()])
    code = StringField(
        _l("Code from your authenticator app"),
        filters=[strip],
        validators=[Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return apply_rule_errors(self, check_token(self.name.data, self.expires_on.data)) and ok
