"""Webhooks: administrators register https endpoints for events (grievance received, deadline
missed, closed; activity approved; report issued); each event is posted as JSON signed with
HMAC-SHA256 and retried with exponential backoff for a day. docs/notifications.md."""


def register(app) -> None:
    from outreach.webhooks import jobs, listeners, views  # noqa: F401
    from outreach.webhooks.blueprint import bp

    app.register_blueprint(bp)
    from outreach.webhooks.cli import webhooks_group

    app.cli.add_command(webhooks_group)
