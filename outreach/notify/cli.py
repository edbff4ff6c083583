"""``flask --app app notify run``: one pass of the periodic work by hand (reminders and
digests), for a machine without the job scheduler or to try the settings."""

from __future__ import annotations

import click

from outreach.extensions import db


@click.group("notify")
def notify_group() -> None:
    """Notifications and reminders."""


@notify_group.command("run")
def run() -> None:
    """Run the reminders and send the digests that are due."""
    from outreach.notify import delivery, reminders

    done = reminders.run_all()
    db.session.commit()
    digests = delivery.send_digests()
    db.session.commit()
    click.echo(f"reminders: {done.checked} checked, {done.notified} told; digests: {digests}")
