"""Impact reports: figures, rendering, issuing, the archive and verification."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.reports import views  # noqa: F401
    from outreach.reports.blueprint import bp

    app.register_blueprint(bp)
