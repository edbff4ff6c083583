"""What works: which outreach comes before a change in community sentiment, with honest
uncertainty (docs/what-works.md). Computed into a stored result (``compute``), read by the page
and the impact report; never computed in a request."""


def register(app) -> None:
    """Add the feature's pages and command to the app."""
    from outreach.whatworks import cli, views  # noqa: F401
    from outreach.whatworks.blueprint import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli.what_works)
