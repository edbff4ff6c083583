"""The stakeholder register."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.stakeholders import views  # noqa: F401
    from outreach.stakeholders.blueprint import bp

    app.register_blueprint(bp)
