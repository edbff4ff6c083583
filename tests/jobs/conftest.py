"""An SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from tests.jobs.workers import free_port, redis_server, worker_processes  # noqa: F401


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        #: the client's address and port of each message: one per connection
        self.peers: list[tuple] = []
        #: addresses refused for good (550), and subjects refused for now (451)
        self.unknown: set[str] = set()
        self.busy_for: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.unknown:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if message["Subject"] in self.busy_for:
            return "451 4.3.0 try again later"
        self.messages.append(message)
        self.peers.append(session.peer)
        return "250 OK"

    @property
    def connections(self) -> int:
        return len(set(self.peers))

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(app, smtp_server, monkeypatch):
    """Mail goes to the in-process SMTP server; returns its inbox."""
    controller, inbox = smtp_server
    monkeypatch.setitem(app.config, "MAIL_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_STARTTLS", False)
    monkeypatch.setitem(app.config, "MAIL_FROM", "Outreach <outreach@example.org>")
    return inbox
