"""Administration: user accounts, exchange rates and the audit log."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.admin import organisation_views, rate_views, token_views, views  # noqa: F401
    from outreach.admin.blueprint import bp

    app.register_blueprint(bp)
