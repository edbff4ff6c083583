"""``flask --app app webhooks send``: send the webhook deliveries that are due, by hand (for a
machine without the job scheduler)."""

from __future__ import annotations

import click


@click.group("webhooks")
def webhooks_group() -> None:
    """Webhook deliveries."""


@webhooks_group.command("send")
def send() -> None:
    """Send every delivery that is due (new ones and retries)."""
    from outreach.webhooks.sending import deliver_due

    click.echo(f"webhook deliveries tried: {deliver_due()}")
