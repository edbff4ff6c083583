"""Text messages (SMS, WhatsApp) behind one small interface, with one HTTP adapter for any
gateway that accepts a JSON POST (a provider's API or a small bridge in front of it).

Off by default: without ``TEXT_SENDER_URL`` there is no sender and nothing is sent. The
adapter posts, per message::

    POST <TEXT_SENDER_URL>
    Authorization: Bearer <TEXT_SENDER_TOKEN>
    Idempotency-Key: <key>
    Content-Type: application/json

    {"channel": "sms" | "whatsapp", "to": "+60123456789", "text": "…", "key": "<key>"}

and counts any 2xx answer as accepted. The gateway should drop a repeated key, so a retried
job never sends a message twice. See docs/notifications.md.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Protocol

from flask import current_app


class TextSender(Protocol):
    def send(self, channel: str, to: str, text: str, key: str) -> None:
        """Hand one message to the gateway; raise when it was not accepted."""


class TextNotSent(RuntimeError):
    """The gateway did not accept the message (the job retries it)."""


class HttpTextSender:
    """The HTTP adapter: one JSON POST per message."""

    def __init__(self, url: str, token: str = "", timeout: float = 10.0):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, channel: str, to: str, text: str, key: str) -> None:
        body = json.dumps({"channel": channel, "to": to, "text": text, "key": key}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", key)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                status = answer.status
        except OSError as error:
            raise TextNotSent(str(error)) from error
        if not 200 <= status < 300:
            raise TextNotSent(f"gateway answered {status}")


def text_sender() -> TextSender | None:
    """The configured sender, or None (the default: text messages are off)."""
    config = current_app.config
    url = config.get("TEXT_SENDER_URL")
    if not url:
        return None
    return HttpTextSender(url, config.get("TEXT_SENDER_TOKEN", ""))
