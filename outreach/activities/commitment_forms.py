"""The commitment form: a promise, its owner, due date and status."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from outreach.activities.data_rules import check_commitment
from outreach.activities.kinds import COMMITMENT_STATUS_LABELS, choices
from outreach.core.forms import LeftToRules, apply_rule_errors, strip, version_field


class CommitmentForm(FlaskForm):
    description = TextAreaField(
        _l("What was promised"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=2000)],
    )
    owner = StringField(
        _l("Owner (person or team who keeps it)"),
        filters=[strip],
        validators=[LeftToRules(), Length(max=120)],
    )
    due_date = DateField(_l("Due date"), validators=[LeftToRules()])
    status = SelectField(_l("Status"), choices=choices(COMMITMENT_STATUS_LABELS))
    evidence = TextAreaField(
        _l("Evidence that it was kept"), filters=[strip], validators=[Length(max=2000)]
    )
    drop_reason = TextAreaField(
        _l("Why it was dropped"), filters=[strip], validators=[Length(max=2000)]
    )
    version = version_field()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return apply_rule_errors(self, check_commitment(self.data)) and ok
