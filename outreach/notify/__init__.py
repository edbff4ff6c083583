"""Notifications: what users are told (in the app and by e-mail), and the e-mails to
complainants who asked for them. Driven by the write side's domain events and by periodic
reminder jobs; docs/notifications.md."""


def register(app) -> None:
    """Subscribe to the domain events, add the pages and the unread count of every page."""
    from flask_login import current_user

    from outreach.notify import complainants, jobs, listeners, views  # noqa: F401
    from outreach.notify.blueprint import bp
    from outreach.notify.operations import unread_count

    app.register_blueprint(bp)
    from outreach.notify.cli import notify_group

    app.cli.add_command(notify_group)

    def unread_notifications() -> int:
        return unread_count(current_user) if current_user.is_authenticated else 0

    app.jinja_env.globals["unread_notifications"] = unread_notifications
