"""Field capture on a phone: the web app manifest, the service worker that keeps the field
forms for use offline, and what the page's script asks the server (is the session alive, which
pages to keep). Entries queued on the device are sent through the JSON API's idempotent POSTs;
nothing here writes."""


def register(app) -> None:
    """Add the feature's pages to the app (its view modules add their routes as they load)."""
    from outreach.field import texts, views  # noqa: F401
    from outreach.field.blueprint import bp

    app.register_blueprint(bp)
