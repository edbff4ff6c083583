"""``flask --app app notify run``: one pass of the periodic work by hand (reminders, digests,
webhook deliveries due), for a machine without the job scheduler or to try the settings."""

from __future__ import annotations

import click

from outreach.extensions import db


@click.group("notify")
def notify_group() -> None:
    """Notifications, reminders and webhooks."""


@notify_group.command("run")
def run() -> None:
    """Run the reminders, send the digests and the webhook deliveries that are due."""
    from outreach.notify import delivery, reminders
    from outreach.webhooks.sending import deliver_due

    done = reminders.run_all()
    db.session.commit()
    digests = delivery.send_digests()
    db.session.commit()
    tried = deliver_due()
    click.echo(
        f"reminders: {done.checked} checked, {done.notified} told; digests: {digests}; "
        f"webhook deliveries tried: {tried}"
    )
