"""What a webhook endpoint must be: an https:// address (plain http to 127.0.0.1 only where
the configuration allows it, for tests) and at least one known event."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from outreach.core.rules import Errors
from outreach.webhooks.models import EVENTS


def check_endpoint(url: str, events: list[str]) -> dict[str, list[str]]:
    errors = Errors()
    parts = urlsplit(url or "")
    loopback_http = (
        parts.scheme == "http"
        and parts.hostname == "127.0.0.1"
        and current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK_HTTP")
    )
    if not parts.hostname or (parts.scheme != "https" and not loopback_http):
        errors.add("url", _l("Enter an address that starts with https://."))
    elif parts.username or parts.password:
        errors.add("url", _l("Leave the user name and password out of the address."))
    if not events:
        errors.add("events", _l("Choose at least one event."))
    elif any(e not in EVENTS for e in events):
        errors.add("events", _l("Choose among the events listed."))
    return dict(errors)
