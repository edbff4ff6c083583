"""Accounts, sign-in, sessions and the second factor."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.auth import token_views, twofactor_views, views  # noqa: F401
    from outreach.auth.blueprint import bp

    app.register_blueprint(bp)
