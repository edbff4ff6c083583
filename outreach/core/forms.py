"""Form pieces every feature uses: trimmed text, multi-checkboxes, e-mail addresses, numbers."""

from __future__ import annotations

import datetime as dt

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, ValidationError, widgets
from wtforms.validators import InputRequired, NumberRange, StopValidation

from outreach.core.rules import (
    EARLIEST,
    IN_FUTURE,
    NOT_EMAIL,
    NOT_IN_LIST,
    TOO_LARGE,
    is_email_address,
)


def strip(value):
    return value.strip() if isinstance(value, str) else value


def at_most(limit) -> NumberRange:
    """No more than the database column holds (or than can be real), said next to the field
    instead of failing when the row is saved."""
    return NumberRange(max=limit, message=TOO_LARGE)


def past_date(form, field) -> None:
    """A day that has come, from 2000 on: when something was heard or asked, not planned."""
    if field.data and field.data > dt.date.today():
        raise ValidationError(IN_FUTURE)
    if field.data and field.data < EARLIEST:
        raise ValidationError(_l("Check the year."))


#: the first option of a classification: nothing is chosen until the person chooses
CHOOSE = _l("Choose…")


def classification_field(label, choices, message, **kwargs) -> SelectField:
    """A choice that counts in the figures (cause, motivation, channel, sentiment…): nothing
    is preselected, so a skipped field never records a false value; left on "Choose…" it is
    refused with ``message`` next to it."""
    return SelectField(
        label,
        choices=[("", CHOOSE), *choices],
        default="",
        validators=[InputRequired(message)],
        **kwargs,
    )


def version_field() -> HiddenField:
    """The version of the row being edited, posted back so a concurrent change is noticed.

    It has an empty label: WTForms translates the made-up label of a field without one, and
    Flask-WTF reads WTForms' catalog from disk for it on every request.
    """
    return HiddenField("")


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; posts nothing when none is ticked, which means an empty list."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        values = {str(v) for v, *_ in self.iter_choices()}
        for item in self.data or []:
            if str(item) not in values:
                raise ValidationError(NOT_IN_LIST)


class EmailAddress:
    """A well-formed e-mail address (``core.rules.is_email_address``)."""

    def __init__(self, message=None):
        self.message = message or NOT_EMAIL

    def __call__(self, form, field):
        if not is_email_address(field.data):
            raise ValidationError(self.message)


class DecimalField(wtforms.DecimalField):
    """WTForms' DecimalField refusing "NaN", "sNaN" and "Infinity", which Decimal accepts but
    no amount, rate or coordinate can be (and which break comparisons further on)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_l("Enter a number."))


class LeftToRules:
    """An input the feature's rules require: the widget is marked required, and an empty
    input is not refused here (nor taken for a badly typed one) but by the rules, in the
    rules' words, next to the field."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        raw = field.raw_data[0] if field.raw_data else ""
        if not isinstance(raw, str) or not raw.strip():
            field.data = None  # left empty (or not sent): no value, whatever was stored
            field.errors[:] = []
            raise StopValidation()


def apply_rule_errors(form, errors: dict[str, list[str]]) -> bool:
    """Put what a feature's rules refused next to the matching fields (a field that already
    shows why its input could not be read keeps that message alone); a refusal about
    something the form has no field for is shown above the form. True when there was none."""
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        elif not field.errors:
            field.errors = [*field.errors, *messages]
    return not errors
