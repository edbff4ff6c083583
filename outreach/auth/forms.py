from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from outreach.core.forms import PasswordLength, StrongPassword, strip


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
