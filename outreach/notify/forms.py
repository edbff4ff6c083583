"""The notification settings form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from outreach.notify.models import EMAIL_MODE_LABELS, EmailMode


class SettingsForm(FlaskForm):
    email = RadioField(
        _l("Notifications by e-mail"),
        choices=[(m.value, EMAIL_MODE_LABELS[m]) for m in EmailMode],
    )
