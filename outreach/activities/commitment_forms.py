"""The commitment form: a promise, its owner, due date and status."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from outreach.activities.kinds import COMMITMENT_STATUS_LABELS, CommitmentStatus, choices
from outreach.core.forms import strip, version_field


class CommitmentForm(FlaskForm):
    description = TextAreaField(
        _l("What was promised"),
        filters=[strip],
        validators=[DataRequired(_l("Describe the promise.")), Length(max=2000)],
    )
    owner = StringField(
        _l("Owner (person or team who keeps it)"),
        filters=[strip],
        validators=[DataRequired(_l("Who will keep this promise?")), Length(max=120)],
    )
    due_date = DateField(_l("Due date"), validators=[InputRequired(_l("By when?"))])
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
        if self.status.data == CommitmentStatus.DONE.value and not self.evidence.data:
            self.evidence.errors.append(_l("Say how the promise was kept."))
            ok = False
        if self.status.data == CommitmentStatus.DROPPED.value and not self.drop_reason.data:
            self.drop_reason.errors.append(_l("Say why the promise was dropped."))
            ok = False
        return ok
