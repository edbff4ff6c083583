"""Form pieces every feature uses: trimmed text, multi-checkboxes, password rules."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, ValidationError, widgets

from outreach.auth.passwords import password_problem


def strip(value):
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; posts nothing when none is ticked, which means an empty list."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        values = {str(v) for v, *_ in self.iter_choices()}
        for item in self.data or []:
            if str(item) not in values:
                raise ValidationError(_l("Choose from the list."))


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
