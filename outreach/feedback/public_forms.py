"""Forms of the public feedback pages (no sign-in), translated into every public language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from outreach.core.forms import EmailAddress, strip
from outreach.feedback.rules import check_public_reply


class PublicFeedbackForm(FlaskForm):
    #: nothing preselected: a complaint left as "feedback" would never become a grievance
    kind = RadioField(
        _l("What would you like to do?"),
        choices=[("feedback", _l("Give feedback or a suggestion")), ("complaint", _l("Complain"))],
        validate_choice=False,
        validators=[AnyOf(["feedback", "complaint"], _l("Choose feedback or complaint."))],
    )
    text = TextAreaField(
        _l("Your message"),
        filters=[strip],
        validators=[DataRequired(_l("Please write your message.")), Length(max=5000)],
    )
    language = SelectField(_l("Language of your message"))
    anonymous = BooleanField(_l("I want to stay anonymous"), default=True)
    person_name = StringField(_l("Your name"), filters=[strip], validators=[Length(max=120)])
    person_contact = StringField(
        _l("Phone or e-mail for our reply"), filters=[strip], validators=[Length(max=200)]
    )
    consent_personal_data = BooleanField(
        _l("I agree that you keep my name and contact to reply to me")
    )
    fears_retaliation = BooleanField(_l("I am afraid of consequences for speaking up"))
    reply_email = EmailField(
        _l("E-mail for news of your message (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            EmailAddress(_l("Enter an e-mail address such as name@example.org.")),
        ],
    )
    reply_consent = BooleanField(
        _l(
            "Send me an e-mail with my tracking code when my message is received and when it "
            "is closed"
        )
    )
    reply_phone = StringField(
        _l("Mobile number for text messages (optional)"),
        filters=[strip],
        validators=[Length(max=40)],
    )
    reply_sms = BooleanField(
        _l("Send me a text message with my tracking code when the status of my complaint changes")
    )
    #: honeypot: hidden from people, filled in by bots
    website = StringField(_l("Leave this empty"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        has_identity = bool(self.person_name.data or self.person_contact.data)
        if has_identity and not self.anonymous.data and not self.consent_personal_data.data:
            self.consent_personal_data.errors.append(
                _l("Tick this box so that we may keep your name and contact, or leave them empty.")
            )
            ok = False
        if self.reply_email.data and not self.reply_consent.data:
            self.reply_consent.errors.append(
                _l("Tick this box so that we may e-mail you, or leave the e-mail address empty.")
            )
            ok = False
        for name, messages in check_public_reply(self.data).items():
            getattr(self, name).errors.extend(messages)
            ok = False
        return ok


class StatusForm(FlaskForm):
    code = StringField(
        _l("Tracking code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your tracking code.")), Length(max=40)],
    )
