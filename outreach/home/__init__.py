"""The start page everyone lands on after signing in; it gathers what waits on the user from
several features, so it sits above them."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.home import views  # noqa: F401
    from outreach.home.blueprint import bp

    app.register_blueprint(bp)
