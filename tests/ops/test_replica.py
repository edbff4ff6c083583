"""With a read replica configured, the dashboards read from it, a browser that just wrote reads
the primary, and the pages keep working on the primary when the replica is down.

A real pair of PostgreSQL servers of the test's own (``initdb``, then ``pg_basebackup -R``).
What a page read is told apart by pausing the replica's replay: a site added on the primary
afterwards is on the primary only."""

from __future__ import annotations

import time

import pytest
from flask_migrate import upgrade

from outreach import create_app
from outreach.auth.models import Role
from outreach.extensions import db
from outreach.sites.reference import ensure_countries
from tests import factories
from tests.conftest import IsolatedClient
from tests.ops.postgres_clusters import PrimaryAndReplica


@pytest.fixture(scope="module")
def pair():
    servers = PrimaryAndReplica().start()
    yield servers
    servers.close()


@pytest.fixture(scope="module")
def replica_app(pair, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": pair.primary.url,
            "DATABASE_REPLICA_URL": pair.replica.url,
            "REPLICA_RETRY_SECONDS": 0,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVER_NAME": None,
        },
        instance_path=str(tmp_path_factory.mktemp("instance")),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        ensure_countries()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()
        app.extensions["outreach_replica"].engine.dispose()


def _portfolio(client) -> str:
    response = client.get("/dashboard/portfolio")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_dashboards_read_the_replica_and_fall_back_to_the_primary(pair, replica_app):
    admin = factories.user(Role.ADMIN, two_factor=True)
    seen = factories.site(code="MY-SEEN")
    client = replica_app.test_client()
    factories.sign_in(client, admin)
    pair.wait_for_replica()
    assert seen.code in _portfolio(client)

    # the replica stops replaying: what the primary writes now is on the primary only
    pair.replica.sql("SELECT pg_wal_replay_pause()")
    factories.site(code="MY-LATER")
    assert pair.primary.sql("SELECT count(*) FROM sites WHERE code = 'MY-LATER'") == 1
    page = _portfolio(client)
    assert seen.code in page
    assert "MY-LATER" not in page

    # a browser that has just written reads the primary, and sees its own write
    with client.session_transaction() as session:
        session["wrote_at"] = int(time.time())
    assert "MY-LATER" in _portfolio(client)
    with client.session_transaction() as session:
        session.pop("wrote_at")
    assert "MY-LATER" not in _portfolio(client)

    # once the replica has caught up, it shows the site too
    pair.replica.sql("SELECT pg_wal_replay_resume()")
    pair.wait_for_replica()
    assert "MY-LATER" in _portfolio(client)

    # the replica is down: the pages read the primary
    factories.site(code="MY-NEWEST")
    pair.replica.stop()
    page = _portfolio(client)
    assert "MY-NEWEST" in page
    assert client.get(f"/dashboard/sites/{seen.id}").status_code == 200


def test_a_post_makes_the_browser_read_the_primary(pair, replica_app):
    """Any successful write marks the browser, whatever page wrote."""
    client = replica_app.test_client()
    client.post("/language", data={"language": "en"})
    with client.session_transaction() as session:
        assert time.time() - session.get("wrote_at", 0) < 60
