"""The JSON API under ``/api/v1``: an entrance like the pages, over the same operations, rules,
permission table and disclosure rule. It may read the read side (dashboard figures, issued
reports), so it sits above it, like the start page."""


def register(app) -> None:
    """Add the API's routes, its authentication and its rate limit to the app."""
    from outreach.api import (  # noqa: F401
        access,
        action_views,
        activity_views,
        entry_views,
        errors,
        figures_views,
        jobs,
        offline_views,
        resources,
        spec,
    )
    from outreach.api.blueprint import bp

    access.init_app(app)
    app.register_blueprint(bp)
