"""Community voice: feedback, grievances, perception surveys and the sentiment index."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.feedback import grievance_views, public_views, survey_views, views  # noqa: F401
    from outreach.feedback.blueprint import bp, public_bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
