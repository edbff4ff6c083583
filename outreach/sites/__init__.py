"""Countries and sites."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.sites import views  # noqa: F401
    from outreach.sites.blueprint import bp

    app.register_blueprint(bp)
