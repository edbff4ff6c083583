"""The command line: creating accounts, reference countries, demo data."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.auth.models import Role, User
from outreach.auth.operations import find_user_by_email
from outreach.auth.passwords import verify_password
from outreach.core.audit import AuditEvent
from outreach.demo import DEMO_ACCOUNTS
from outreach.extensions import db as _db
from outreach.sites.models import Country, Site
from outreach.stakeholders.models import Stakeholder
from tests import factories
from tests.foundation.helpers import row_counts

PASSPHRASE = "slow boats drift past the old pier"


def _count(model) -> int:
    _db.session.expire_all()
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _create(app, *args, password=PASSPHRASE):
    return app.test_cli_runner().invoke(
        args=["users", "create", "--password-stdin", *args], input=password + "\n"
    )


def test_users_create_makes_a_field_officer_on_a_site(app, db):
    site = factories.site(code="MY-ECR-01")
    result = _create(
        app,
        "--email",
        "Faizal@Example.test",
        "--name",
        "Faizal",
        "--role",
        "field",
        "--site",
        "MY-ECR-01",
    )
    assert result.exit_code == 0, result.output
    assert "created faizal@example.test (field)" in result.output
    user = find_user_by_email("faizal@example.test")
    assert user.role == Role.FIELD
    assert [s.id for s in user.sites] == [site.id]
    assert verify_password(user.password_hash, PASSPHRASE)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "create"))
    assert event.object_id == str(user.id) and event.user_id is None


def test_users_create_a_manager_for_two_countries(app, db):
    result = _create(
        app,
        "--email",
        "mei@example.test",
        "--name",
        "Mei",
        "--role",
        "manager",
        "--country",
        "my",
        "--country",
        "ID",
    )
    assert result.exit_code == 0, result.output
    assert [c.code for c in find_user_by_email("mei@example.test").countries] == ["ID", "MY"]


def test_users_create_refuses_a_weak_password(app, db):
    before = row_counts()
    for weak in ("short", "password1234", "aaaaaaaaaaaaaaaa", "qwertyuiopas"):
        result = _create(
            app, "--email", "w@example.test", "--name", "W", "--role", "admin", password=weak
        )
        assert result.exit_code == 1
        assert "Use at least 12 characters" in result.output or "too common" in result.output
    assert row_counts() == before


def test_users_create_refuses_an_unknown_site_or_country(app, db):
    before = row_counts()
    result = _create(
        app, "--email", "x@example.test", "--name", "X", "--role", "field", "--site", "NO-SUCH-SITE"
    )
    assert result.exit_code == 1
    assert "unknown site or country: NO-SUCH-SITE" in result.output
    result = _create(
        app, "--email", "y@example.test", "--name", "Y", "--role", "partner", "--country", "ZZ"
    )
    assert result.exit_code == 1
    assert "ZZ" in result.output
    assert row_counts() == before


def test_users_create_refuses_a_taken_email_and_a_missing_stdin_flag(app, db):
    factories.user(email="taken@example.test")
    result = _create(app, "--email", "TAKEN@example.test", "--name", "T", "--role", "admin")
    assert result.exit_code == 1 and "already exists" in result.output
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "n@example.test", "--name", "N", "--role", "admin"]
    )
    assert result.exit_code == 2 and "--password-stdin" in result.output


def test_seed_is_idempotent(app, db):
    runner = app.test_cli_runner()
    assert "0 countries added" in runner.invoke(args=["seed"]).output  # conftest seeded them
    _db.session.delete(_db.session.get(Country, "TL"))
    _db.session.commit()
    assert "1 countries added" in runner.invoke(args=["seed"]).output
    assert "0 countries added" in runner.invoke(args=["seed"]).output
    codes = set(_db.session.scalars(sa.select(Country.code)))
    assert codes == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL", "CN"}


def test_seed_demo_if_empty_loads_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "demo data loaded" in result.output
    for email, password, _role in DEMO_ACCOUNTS:
        assert email in result.output and password in result.output
    sites = _db.session.scalars(sa.select(Site)).all()
    assert 10 <= len(sites) <= 14
    assert len({s.country_code for s in sites}) == 6
    users = _db.session.scalars(sa.select(User)).all()
    assert sorted(u.role.value for u in users) == ["admin", "field", "manager", "partner"]
    assert all(
        verify_password(u.password_hash, p)
        for u, (_e, p, _r) in zip(
            sorted(users, key=lambda u: u.email), sorted(DEMO_ACCOUNTS), strict=True
        )
    )
    assert _count(Stakeholder) > len(sites)
    before = row_counts()
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0
    assert "database not empty: demo data not loaded" in again.output
    assert row_counts() == before


def test_seed_demo_says_why_reports_are_not_issued_on_a_loopback_address(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "EXTERNAL_URL", "http://127.0.0.1:5000")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert "refused while OUTREACH_EXTERNAL_URL is http://127.0.0.1:5000" in result.output
    monkeypatch.setitem(app.config, "EXTERNAL_URL", "https://outreach.example.org")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert "issuing is refused" not in result.output


def test_seed_demo_is_refused_in_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 1
    assert "not loaded in production" in result.output
    assert _count(Site) == 0


def test_demo_admin_and_manager_come_enrolled_and_can_be_tried_without_a_phone(
    app, db, monkeypatch
):
    """`make run` never said the demo admin and manager had to set up an authenticator app
    before any page opened: a newcomer without one was stuck."""
    import pyotp

    from outreach.demo import DEMO_AUTHENTICATOR_KEYS

    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    lines = result.output.splitlines()
    for email, key in DEMO_AUTHENTICATOR_KEYS.items():
        line = next(line for line in lines if email in line)
        assert key in line  # beside the password
        user = _db.session.scalar(sa.select(User).where(User.email == email))
        assert user.totp_secret == key and user.two_factor_enabled
    assert "demo-codes" in result.output
    codes = runner.invoke(args=["demo-codes"]).output
    for email, key in DEMO_AUTHENTICATOR_KEYS.items():
        line = next(line for line in codes.splitlines() if email in line)
        assert pyotp.TOTP(key).verify(line.split()[-1], valid_window=1)
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    refused = runner.invoke(args=["demo-codes"])
    assert refused.exit_code != 0 and "production" in refused.output
