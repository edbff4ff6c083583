"""Sessions: a new one at sign-in, idle and absolute timeouts, signing out everywhere, and a
copied cookie that dies with every way a sign-in ends."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask_login.utils import encode_cookie

from outreach.auth import operations as user_ops
from outreach.auth.models import Role, SignInSession
from outreach.auth.sessions import TOKEN
from outreach.core.audit import AuditEvent
from outreach.core.db import utcnow
from tests import factories

COOKIES = ("session", "remember_token")


def _sign_in(client, user, keep=False):
    data = {"email": user.email, "password": factories.PASSWORD}
    if keep:
        data["remember"] = "y"
    return client.post("/login", data=data)


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _move_clocks(db, user, **ago: dt.timedelta) -> None:
    """Set the user's open sign-ins' created_at / last_seen_at to that long ago."""
    values = {name: utcnow() - delta for name, delta in ago.items()}
    db.session.execute(
        sa.update(SignInSession).where(SignInSession.user_id == user.id).values(**values)
    )
    db.session.commit()


def _saved(client) -> dict[str, str]:
    return {name: c.value for name in COOKIES if (c := client.get_cookie(name)) is not None}


def _replayed(app, cookies: dict[str, str]):
    """A new browser holding the saved cookies, as someone who copied them."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def test_signing_in_starts_a_new_session(client, db):
    officer = factories.user(role="field")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = _session_cookie(client)
    _sign_in(client, officer)
    assert _session_cookie(client) != before
    with client.session_transaction() as session:
        assert "planted" not in session
        token = session[TOKEN]
    sign_in = db.session.scalar(sa.select(SignInSession))
    assert sign_in.user_id == officer.id and sign_in.ended_at is None
    assert token not in sign_in.token_hash  # only its hash is kept


def test_a_session_ends_after_the_idle_timeout(client, db):
    officer = factories.user(role="field")
    _sign_in(client, officer)
    assert client.get("/sites").status_code == 200
    _move_clocks(db, officer, last_seen_at=dt.timedelta(minutes=31))
    response = client.get("/sites")
    assert response.headers["Location"] == "/login?next=/sites"
    assert client.get("/account").headers["Location"].startswith("/login")


def test_activity_keeps_the_session_alive_until_the_absolute_timeout(app, client, db):
    officer = factories.user(role="field")
    _sign_in(client, officer)
    _move_clocks(db, officer, last_seen_at=dt.timedelta(minutes=29))
    assert client.get("/sites").status_code == 200
    seen = db.session.scalar(sa.select(SignInSession.last_seen_at))
    assert utcnow() - seen < dt.timedelta(minutes=1)  # the request moved the idle clock on
    _move_clocks(db, officer, created_at=dt.timedelta(hours=13))
    assert client.get("/sites").headers["Location"].startswith("/login")


def test_an_admin_signs_a_user_out_everywhere(app, client, db, login_as):
    officer = factories.user(role="field")
    phone, laptop = app.test_client(), app.test_client()
    _sign_in(phone, officer)
    _sign_in(laptop, officer)
    admin = login_as("admin")
    assert "Sign out everywhere" in client.get(f"/admin/users/{officer.id}/edit").get_data(
        as_text=True
    )
    response = client.post(f"/admin/users/{officer.id}/sign-out")
    assert response.status_code == 302
    for device in (phone, laptop):
        assert device.get("/sites").headers["Location"].startswith("/login")
    assert _sign_in(phone, officer).status_code == 302  # they may sign in again
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "sign_out_everywhere")
    )
    assert event.user_id == admin.id and event.object_id == str(officer.id)


def _sign_out(device, db, officer):
    device.post("/logout")


def _idle(device, db, officer):
    _move_clocks(db, officer, last_seen_at=dt.timedelta(minutes=31))


def _absolute(device, db, officer):
    _move_clocks(db, officer, created_at=dt.timedelta(hours=13))


def _everywhere(device, db, officer):
    user_ops.sign_out_everywhere(officer, factories.user(role="admin"))


def _password_change(device, db, officer):
    new = "a brand new river stone path"
    form = {"pw-current_password": factories.PASSWORD, "pw-new_password": new, "pw-confirm": new}
    assert device.post("/account/password", data=form).status_code == 302
    assert device.get("/sites").status_code == 200  # this device stays signed in


def _deactivation(device, db, officer):
    user_ops.set_active(officer, False, factories.user(role="admin"))


def _role_change(device, db, officer):
    data = user_ops.UserData(email=officer.email, name=officer.name, role=Role.PARTNER)
    user_ops.update_user(officer, data, factories.user(role="admin"))


@pytest.mark.parametrize(
    "end",
    [_sign_out, _idle, _absolute, _everywhere, _password_change, _deactivation, _role_change],
)
@pytest.mark.parametrize("keep", [True, False], ids=["kept", "not-kept"])
def test_a_copied_cookie_dies_with_the_sign_in(app, db, end, keep):
    officer = factories.user(role="field")
    device = app.test_client()
    _sign_in(device, officer, keep=keep)
    cookies = _saved(device)
    assert _replayed(app, cookies).get("/account").status_code == 200  # a copy works at first
    end(device, db, officer)
    db.session.commit()
    response = _replayed(app, cookies).get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_keep_me_signed_in_is_the_session_cookie_kept_until_the_absolute_timeout(app, db):
    officer = factories.user(role="field")
    kept, not_kept = app.test_client(), app.test_client()
    set_cookie = _sign_in(kept, officer, keep=True).headers.getlist("Set-Cookie")
    assert not any(c.startswith("remember_token=") for c in set_cookie)
    expires = kept.get_cookie("session").expires
    assert dt.timedelta(hours=11) < expires - utcnow() <= dt.timedelta(hours=12)
    _sign_in(not_kept, officer)
    assert not_kept.get_cookie("session").expires is None  # ends with the browser


def test_a_remember_cookie_signs_no_one_in_and_is_expired(app, client, db):
    officer = factories.user(role="field")
    with app.test_request_context():
        forged = encode_cookie(officer.get_id())  # a well-signed token for a real account
    client.set_cookie("remember_token", forged)
    response = client.get("/account")
    assert response.headers["Location"].startswith("/login")
    assert any(
        c.startswith("remember_token=;") and "Expires=Thu, 01 Jan 1970" in c
        for c in response.headers.getlist("Set-Cookie")
    )
