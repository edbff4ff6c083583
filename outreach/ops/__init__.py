"""Operations: the health check for load balancers and monitors, and database backups."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.ops import views  # noqa: F401
    from outreach.ops.blueprint import bp

    app.register_blueprint(bp)
