"""Two-step sign-in: enrolment, the code step, recovery codes, who may turn it off, admin reset."""

from __future__ import annotations

import re
import time

import pyotp
import sqlalchemy as sa

from outreach.auth import twofactor
from outreach.core.audit import AuditEvent
from tests import factories


def _password(client, user, query="", ip="10.0.0.1"):
    return client.post(
        f"/login{query}",
        data={"email": user.email, "password": factories.PASSWORD},
        environ_base={"REMOTE_ADDR": ip},
    )


def _enrolment(code, password=factories.PASSWORD) -> dict[str, str]:
    return {"code": code, "password": password}


def _actions(db, user) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id))
            .order_by(AuditEvent.id)
        )
    )


def test_a_manager_must_enrol_before_any_other_page(client, db):
    site = factories.site()
    manager = factories.user(role="manager", countries=["MY"])
    response = _password(client, manager, query=f"?next=/sites/{site.id}")
    assert response.headers["Location"] == "/account/two-factor"
    for url in ("/sites", f"/sites/{site.id}", "/activities/review", "/account"):
        assert client.get(url).headers["Location"] == "/account/two-factor", url
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)

    wrong = client.post("/account/two-factor", data=_enrolment("000000"))
    assert "This code is not right" in wrong.get_data(as_text=True)
    done = client.post("/account/two-factor", data=_enrolment(pyotp.TOTP(secret).now()))
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4})</code>", done.get_data(as_text=True))
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    assert f'href="/sites/{site.id}"' in done.get_data(as_text=True)  # on to where they were going
    assert client.get(f"/sites/{site.id}").status_code == 200

    db.session.refresh(manager)
    assert manager.totp_secret == secret
    # only hashes are kept
    assert not set(codes) & set(manager.recovery_codes)
    assert _actions(db, manager)[-2:] == ["two_factor_failed", "two_factor_enabled"]


def test_an_enrolled_user_gives_a_code_after_the_password(client, db):
    admin = factories.user(role="admin", two_factor=True)
    assert _password(client, admin).headers["Location"] == "/login/two-factor"
    assert client.get("/admin/users").headers["Location"] == "/login/two-factor"
    for wrong in ("123456", "١٢٣٤٥٦", "¹²³⁴⁵⁶"):  # digits of other scripts are no code either
        response = client.post("/login/two-factor", data={"code": wrong})
        assert "not right" in response.get_data(as_text=True)
    code = factories.totp_code(admin)
    assert client.post("/login/two-factor", data={"code": code}).headers["Location"] == "/"
    assert client.get("/admin/users").status_code == 200
    assert _actions(db, admin)[-4:] == ["sign_in", *["two_factor_failed"] * 3]


def test_a_code_works_only_once(app, db):
    secret = pyotp.random_base32()
    now = time.time()
    step = twofactor.matching_step(secret, pyotp.TOTP(secret).at(now), None, now=now)
    assert step is not None
    assert twofactor.matching_step(secret, pyotp.TOTP(secret).at(now), step, now=now) is None


def test_a_recovery_code_works_once_and_is_logged(client, db):
    manager = factories.user(role="manager", countries=["MY"], two_factor=True)
    _password(client, manager)
    code = factories.RECOVERY_CODES[0]
    assert client.post("/login/two-factor", data={"code": code.upper()}).status_code == 302
    client.post("/logout")
    _password(client, manager)
    again = client.post("/login/two-factor", data={"code": code})
    assert again.status_code == 200
    db.session.refresh(manager)
    assert len(manager.recovery_codes) == len(factories.RECOVERY_CODES) - 1
    assert "recovery_code_used" in _actions(db, manager)


def test_wrong_codes_are_throttled_per_user(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "3 per minute")
    admin = factories.user(role="admin", two_factor=True)
    _password(client, admin)
    for _ in range(3):
        assert client.post("/login/two-factor", data={"code": "000000"}).status_code == 200
    assert client.post("/login/two-factor", data={"code": "000000"}).status_code == 429
    throttled = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "throttled"))
    assert throttled.summary == "POST /login/two-factor"
    assert throttled.ip == "127.0.0.1"  # the address of this (second) request


def test_a_field_officer_may_turn_it_on_and_off(client, db, login_as):
    officer = login_as("field")
    assert _password(client, officer).status_code == 302  # optional: no step
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    client.post("/account/two-factor", data=_enrolment(pyotp.TOTP(secret).now()))
    wrong = client.post("/account/two-factor/off", data={"off-password": "not it"})
    db.session.refresh(officer)
    assert wrong.status_code == 302 and officer.two_factor_enabled
    client.post("/account/two-factor/off", data={"off-password": factories.PASSWORD})
    db.session.refresh(officer)
    assert not officer.two_factor_enabled
    assert _actions(db, officer)[-2:] == ["two_factor_enabled", "two_factor_disabled"]


def test_turning_it_on_asks_for_the_password(client, db, login_as):
    officer = login_as("field")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'name="password"' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    for password in ("not my password", ""):  # someone at a device left signed in
        refused = client.post(
            "/account/two-factor", data=_enrolment(pyotp.TOTP(secret).now(), password)
        )
        assert refused.status_code == 200
        errors = re.findall(r'id="password-error"[^>]*>([^<]+)<', refused.get_data(as_text=True))
        assert errors and errors[0].strip() in (
            "This is not your current password.",
            "Enter your password.",
        )
    db.session.refresh(officer)
    assert not officer.two_factor_enabled
    assert "two_factor_enabled" not in _actions(db, officer)
    client.post("/account/two-factor", data=_enrolment(pyotp.TOTP(secret).now()))
    db.session.refresh(officer)
    assert officer.two_factor_enabled


def test_a_manager_cannot_turn_it_off(client, db, login_as):
    manager = login_as("manager", two_factor=True)
    page = client.get("/account").get_data(as_text=True)
    assert "Turn off two-step sign-in" not in page
    response = client.post("/account/two-factor/off", data={"off-password": factories.PASSWORD})
    assert response.status_code == 403
    db.session.refresh(manager)
    assert manager.two_factor_enabled


def test_an_admin_resets_a_lost_phone_and_the_user_enrols_again(app, client, db, login_as):
    manager = factories.user(role="manager", countries=["MY"], two_factor=True)
    victim = app.test_client()
    _password(victim, manager)
    victim.post("/login/two-factor", data={"code": factories.totp_code(manager)})
    assert victim.get("/sites").status_code == 200

    login_as("admin")
    page = client.get(f"/admin/users/{manager.id}/edit").get_data(as_text=True)
    assert "Reset two-step sign-in" in page
    client.post(f"/admin/users/{manager.id}/two-factor/reset")
    db.session.refresh(manager)
    assert manager.totp_secret is None and manager.recovery_codes is None
    assert victim.get("/sites").headers["Location"].startswith("/login")  # signed out
    assert _password(victim, manager).headers["Location"] == "/account/two-factor"
    assert "two_factor_reset" in _actions(db, manager)
