from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from outreach.core.forms import (
    LeftToRules,
    MultiCheckboxField,
    apply_rule_errors,
    strip,
    version_field,
)
from outreach.stakeholders.models import CATEGORY_LABELS, VULNERABLE_GROUPS
from outreach.stakeholders.rules import check_stakeholder


class StakeholderForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=200)],
    )
    category = SelectField(
        _l("Category"), choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()]
    )
    site_ids = MultiCheckboxField(_l("Sites"), coerce=int)
    location = StringField(
        _l("Village, address or landmark"), filters=[strip], validators=[Length(max=200)]
    )
    vulnerable_groups = MultiCheckboxField(
        _l("Vulnerable groups"), choices=list(VULNERABLE_GROUPS.items())
    )
    contact_name = StringField(_l("Contact person"), filters=[strip], validators=[Length(max=120)])
    contact_phone = StringField(
        _l("Phone"),
        filters=[strip],
        validators=[Length(max=40)],
    )
    contact_email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[Length(max=254)],
    )
    consent_personal_data = BooleanField(
        _l("The contact agreed that we keep these personal details")
    )
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[Length(max=5000)])
    version = version_field()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_ids.choices = [(s.id, str(s)) for s in sites]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return apply_rule_errors(self, check_stakeholder(self.data)) and ok
