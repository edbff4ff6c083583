"""Activities (festivals, donations, consultations, trainings), their files, the review
workflow and commitments."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.activities import attachment_views, commitment_views, views  # noqa: F401
    from outreach.activities.blueprint import bp

    app.register_blueprint(bp)
