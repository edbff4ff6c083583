"""The form that registers a webhook endpoint (its rules live in webhooks/rules.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from outreach.core.forms import LeftToRules, MultiCheckboxField, apply_rule_errors, strip
from outreach.webhooks import rules
from outreach.webhooks.models import EVENTS


class EndpointForm(FlaskForm):
    url = StringField(
        _l("Address (https://…)"), filters=[strip], validators=[LeftToRules(), Length(max=500)]
    )
    description = StringField(_l("What it is for"), filters=[strip], validators=[Length(max=200)])
    events = MultiCheckboxField(_l("Events"), choices=list(EVENTS.items()))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        errors = rules.check_endpoint(self.url.data or "", self.events.data or [])
        return apply_rule_errors(self, errors) and ok
