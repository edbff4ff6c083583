"""``flask --app app mail test ADDRESS``: send one message, to check the SMTP settings."""

from __future__ import annotations

import click
from flask import current_app

from outreach.core.db import utcnow
from outreach.extensions import db


@click.group("mail")
def mail_group() -> None:
    """E-mail."""


@mail_group.command("test")
@click.argument("address")
def test_command(address: str) -> None:
    """Queue a test message to ADDRESS (sent by a job; see instance/outbox without MAIL_HOST)."""
    from outreach.mail import send_mail

    now = utcnow()
    send_mail(
        address,
        "Outreach: test message",
        f"This test message was queued at {now:%Y-%m-%d %H:%M:%S} UTC.\n",
        key=f"test:{address}:{now.isoformat()}",
    )
    db.session.commit()
    where = current_app.config.get("MAIL_HOST") or "instance/outbox"
    click.echo(f"queued for {address} via {where}")
