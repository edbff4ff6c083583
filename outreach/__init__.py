"""Outreach: community outreach and CSR management for infrastructure sites."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from outreach.config import load_config
from outreach.core.unit_of_work import OutreachFlask

ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger(__name__)


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application; ``config`` overrides every other configuration layer.

    ``instance_path`` replaces ``instance/`` (local config, secret key, SQLite file, uploads).
    """
    app = OutreachFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(instance_path or ROOT / "instance"),
        instance_relative_config=True,
    )
    load_config(app, config)
    register_proxy_fix(app)
    register_extensions(app)
    register_listeners(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_proxy_fix(app: Flask) -> None:
    """Behind N reverse proxies (``PROXY_FIX = N``), trust their X-Forwarded-For/-Proto/-Host
    headers so ``request.remote_addr`` is the client's address and ``request.is_secure`` holds
    for https; without a proxy, those headers could be forged and are ignored."""
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from outreach.auth import sessions
    from outreach.core import compression, database, replica, security
    from outreach.core.i18n import select_locale, select_timezone
    from outreach.extensions import babel, csrf, db, limiter, login_manager, migrate

    database.engine_options(app)
    db.init_app(app)
    database.configure_engine(app)
    replica.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    security.init_app(app)
    compression.init_app(app)
    sessions.init_app(app)
    import outreach.models  # noqa: F401  - every model registered with SQLAlchemy


def register_listeners(app: Flask) -> None:
    """The read side subscribes to the write side's domain events (``outreach.core.events``)."""
    from outreach import stats

    stats.init_app(app)


def register_blueprints(app: Flask) -> None:
    from outreach import (
        activities,
        admin,
        api,
        auth,
        dashboards,
        feedback,
        field,
        home,
        imports,
        jobs,
        mail,
        notify,
        ops,
        reports,
        sites,
        stakeholders,
        webhooks,
        whatworks,
    )
    from outreach.core.urls import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter  # before the routes are added
    features = (
        jobs,
        mail,
        auth,
        home,
        sites,
        stakeholders,
        activities,
        feedback,
        admin,
        imports,
        ops,
        reports,
        dashboards,
        whatworks,
        notify,
        webhooks,
        api,
        field,
    )
    for feature in features:
        feature.register(app)


def register_errorhandlers(app: Flask) -> None:
    from outreach.core import permissions
    from outreach.core.errors import register

    register(app)
    permissions.init_app(app)


def register_commands(app: Flask) -> None:
    from outreach.cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from outreach.core import assets, templating

    templating.init_app(app)
    assets.init_app(app)
