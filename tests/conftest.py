"""Fixtures: the app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
a clean database per test, a client that behaves like a separate browser, and ``login_as``.

The schema comes from the migrations (``flask db upgrade``), exactly as in production.
"""

from __future__ import annotations

import contextvars
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings

from outreach import create_app
from outreach.core.i18n import compile_catalogs
from outreach.extensions import db as _db
from outreach.extensions import limiter
from outreach.sites.reference import ensure_countries
from tests import factories

ARTIFACTS = Path(__file__).parent / "artifacts"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _worker_database(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _worker_database(url: str) -> str:
    """With pytest-xdist, each worker gets a PostgreSQL database of its own (``<name>_gw0``…),
    created on first use, so the workers never empty each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        pytest.exit(f"test database server {base!r} is unreachable: {error}", returncode=3)
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_schema(url: str) -> None:
    """Start from an empty database so the migrations build the whole schema."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
    except sa.exc.OperationalError as error:
        pytest.exit(f"test database {engine.url!r} is unreachable: {error}", returncode=3)
    finally:
        engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own context, like a real browser request: it sees only what
    the test committed, and the test sees what the request committed."""

    def open(self, *args, **kwargs):
        if _has_app_context():
            _db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if _has_app_context():
            _db.session.expire_all()
        return response


def _has_app_context() -> bool:
    from flask import has_app_context

    return has_app_context()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    compile_catalogs()
    url = _database_url(tmp_path_factory)
    _reset_schema(url)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            "LOGIN_LIMIT_PER_IP": "1000 per minute",
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVER_NAME": None,
            "EXTERNAL_URL": "https://outreach.example.org",
            "JOBS_MODE": "sync",
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        ensure_countries()
        _db.session.commit()
    return app


# Hypothesis's time limits measure the machine, not the code: a loaded CI runner would fail a
# correct example; speed is measured in bench/
settings.register_profile("outreach", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("outreach")

#: hypothesis over the ``db`` fixture: examples share it (empty it where they must not) and a
#: database example is slow
DATABASE_EXAMPLES = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def empty_database() -> None:
    """Every table emptied, the reference countries restored (also between hypothesis examples
    that share one ``db``)."""
    _db.session.rollback()
    _db.session.remove()
    with _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            conn.execute(table.delete())
    ensure_countries()
    _db.session.commit()
    _db.session.remove()


@pytest.fixture
def db(app):
    """The database, emptied after the test (reference countries restored)."""
    with app.app_context():
        yield _db
        empty_database()
    limiter.reset()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def login_as(client, db):
    """Sign the test client in as a new user: ``login_as("field", sites=[site])``."""

    def _login(role: str, sites=(), countries=(), **kwargs):
        user = factories.user(role=role, sites=sites, countries=countries, **kwargs)
        factories.sign_in(client, user)
        return user

    return _login


@pytest.fixture
def csrf_on(app, monkeypatch):
    """CSRF protection switched on, as in production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
