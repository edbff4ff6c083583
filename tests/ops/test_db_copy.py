"""``flask --app app db copy --to URL``: a team on the embedded SQLite database moves to
PostgreSQL with every row, and the copy is checked before it says so.

The source is the demo data in a SQLite file; the target a PostgreSQL server of the test's own
(see postgres_clusters.py), whichever database the rest of the suite runs on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from outreach import create_app
from outreach.auth.models import Role
from outreach.extensions import db
from outreach.sites.models import Site
from tests import factories
from tests.ops.postgres_clusters import PrimaryAndReplica

SECRET = "test-secret-key-not-for-production"


@pytest.fixture(scope="module")
def server():
    servers = PrimaryAndReplica().start(replica=False)
    yield servers.primary
    servers.close()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An app on a SQLite file holding the demo data."""
    folder = tmp_path_factory.mktemp("sqlite-instance")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'outreach.db'}",
            "SECRET_KEY": SECRET,
            "UPLOAD_FOLDER": str(folder / "uploads"),
        },
        instance_path=str(folder),
    )
    with app.app_context():
        upgrade()
        for command in (["seed"], ["seed-demo", "--if-empty"]):
            result = app.test_cli_runner().invoke(args=command)
            assert result.exit_code == 0, result.output
        yield app
        db.session.remove()
        db.engine.dispose()


def _database(server, name: str) -> str:
    server.sql(f"DROP DATABASE IF EXISTS {name}")
    server.sql(f"CREATE DATABASE {name}")
    return server.url.rsplit("/", 1)[0] + f"/{name}"


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_the_demo_moves_to_postgresql_and_keeps_working(server, demo_app):
    target = _database(server, "copy_target")
    result = demo_app.test_cli_runner().invoke(args=["db", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    assert "row counts and checksums agree" in result.output

    source = _counts(demo_app.config["SQLALCHEMY_DATABASE_URI"])
    assert source["activities"] > 100 and source["feedback"] > 1000
    assert _counts(target) == source

    # the app runs on the copy: its pages open, and new rows get fresh ids
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": target,
            "SECRET_KEY": SECRET,
            "WTF_CSRF_ENABLED": False,
        },
        instance_path=demo_app.instance_path,
    )
    with app.app_context():
        try:
            top = db.session.scalar(sa.select(sa.func.max(Site.id)))
            added = factories.site(code="MY-NEW")
            assert added.id == top + 1
            admin = factories.user(Role.ADMIN, two_factor=True)
            client = app.test_client()
            factories.sign_in(client, admin)
            page = client.get("/dashboard/portfolio")
            assert page.status_code == 200
            assert "MY-NEW" in page.get_data(as_text=True)
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_target_that_is_not_empty_is_refused_and_left_alone(server, demo_app):
    target = _database(server, "copy_twice")
    runner = demo_app.test_cli_runner()
    assert runner.invoke(args=["db", "copy", "--to", target]).exit_code == 0
    before = _counts(target)

    again = runner.invoke(args=["db", "copy", "--to", target])
    assert again.exit_code != 0
    assert "not empty" in again.output
    assert _counts(target) == before


def test_only_postgresql_is_a_target(demo_app, tmp_path):
    result = demo_app.test_cli_runner().invoke(
        args=["db", "copy", "--to", f"sqlite:///{tmp_path / 'other.db'}"]
    )
    assert result.exit_code != 0
    assert "must be a PostgreSQL database" in result.output
