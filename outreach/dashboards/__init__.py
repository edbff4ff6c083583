"""Dashboards: where community relations stand, from maintained monthly rollups."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.dashboards import views  # noqa: F401
    from outreach.dashboards.blueprint import bp

    app.register_blueprint(bp)
