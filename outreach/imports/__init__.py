"""Imports: spreadsheets (the templates, the app's own list exports) and KoboToolbox/ODK
exports, checked row by row through the same rules and operations as the forms, then written
all together or not at all."""


def register(app) -> None:
    """Add the import pages and the ``import`` command."""
    from outreach.imports import views  # noqa: F401
    from outreach.imports.blueprint import bp
    from outreach.imports.cli import import_group

    app.register_blueprint(bp)
    app.cli.add_command(import_group)
