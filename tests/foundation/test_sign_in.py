"""Signing in: throttling, sessions that end, safe redirects and the audit trail of sign-ins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from outreach.auth import operations as user_ops
from outreach.auth.passwords import verify_password
from outreach.core.audit import AuditEvent
from tests import factories


def _sign_in(client, email, password=factories.PASSWORD, query="", ip="10.0.0.1"):
    return client.post(
        f"/login{query}",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_sign_in_with_the_right_password_opens_the_sites(client, db):
    user = factories.user(role="field", email="siti@example.test")
    response = _sign_in(client, "SITI@example.test ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/sites").status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_a_wrong_password_shows_the_form_again_with_a_message(client, db):
    factories.user(email="siti@example.test")
    page = _sign_in(client, "siti@example.test", "not-the-password-at-all").get_data(as_text=True)
    assert "E-mail or password is not right." in page
    assert 'value="siti@example.test"' in page  # what was typed is kept
    assert client.get("/sites").headers["Location"].startswith("/login")


def test_an_unknown_address_costs_the_same_password_check_as_a_real_one(client, db, monkeypatch):
    """The time a refusal takes does not tell which addresses have an account: the same
    (deliberately slow) password check runs for an address with no account, a deactivated
    account and a wrong password, and the page says the same."""
    checked = []

    def counted(password_hash, password):
        checked.append(password_hash.startswith("$argon2"))
        return verify_password(password_hash, password)

    monkeypatch.setattr(user_ops, "verify_password", counted)
    factories.user(email="siti@example.test")
    factories.user(email="gone@example.test", active=False)
    pages = [
        _sign_in(client, email, "not-the-password-at-all").get_data(as_text=True)
        for email in ("siti@example.test", "nobody@example.test", "gone@example.test")
    ]
    assert checked == [True, True, True]
    assert all("E-mail or password is not right." in page for page in pages)


def test_sign_in_is_throttled_per_account(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "3 per day")
    factories.user(email="target@example.test")
    factories.user(email="bystander@example.test")
    for n in range(3):
        # from different addresses: the account itself is protected
        assert (
            _sign_in(client, "target@example.test", "wrong-guess", ip=f"10.0.1.{n}").status_code
            == 200
        )
    blocked = _sign_in(client, "target@example.test", ip="10.0.1.9")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # The right password does not get through either, but other accounts still sign in.
    assert client.get("/sites").status_code == 302
    assert _sign_in(client, "bystander@example.test", ip="10.0.1.9").status_code == 302


def test_parallel_attempts_check_no_more_passwords_than_the_limit(app, db, monkeypatch):
    """Twenty wrong passwords sent at once for one account: only the limit's worth are
    checked; the others are refused before the check."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "5 per day")
    factories.user(email="target@example.test")
    db.session.commit()
    start = threading.Barrier(20)

    def attempt(n: int) -> int:
        browser = app.test_client()
        start.wait()
        return _sign_in(browser, "target@example.test", "wrong-guess", ip=f"10.0.4.{n}").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(attempt, range(20)))
    checked = db.session.scalar(
        sa.select(sa.func.count()).where(AuditEvent.action == "sign_in_failed")
    )
    assert sorted(answers) == [200] * 5 + [429] * 15
    assert checked == 5


def test_successful_sign_ins_do_not_use_up_the_account_limit(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "2 per day")
    factories.user(email="daily@example.test")
    for _ in range(4):
        assert _sign_in(client, "daily@example.test").status_code == 302
        client.post("/logout")


def test_sign_in_is_throttled_per_address(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "3 per day")
    for n in range(3):
        assert _sign_in(client, f"guess{n}@example.test", "wrong", ip="10.0.2.1").status_code == 200
    assert _sign_in(client, "guess9@example.test", "wrong", ip="10.0.2.1").status_code == 429
    # Another address is not affected.
    factories.user(email="colleague@example.test")
    assert _sign_in(client, "colleague@example.test", ip="10.0.2.2").status_code == 302


def test_a_deactivated_users_open_session_is_refused(client, db):
    officer = factories.user(email="leaving@example.test")
    admin = factories.user(role="admin")
    _sign_in(client, "leaving@example.test")
    assert client.get("/sites").status_code == 200
    user_ops.set_active(officer, False, actor=admin)
    db.session.commit()
    response = client.get("/sites")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    # and signing in again is refused
    assert _sign_in(client, "leaving@example.test").status_code == 200


def test_a_password_change_signs_out_the_other_sessions(app, client, db):
    factories.user(email="two.phones@example.test", name="Two Phones")
    other_device = app.test_client()
    _sign_in(client, "two.phones@example.test")
    _sign_in(other_device, "two.phones@example.test")
    response = client.post(
        "/account/password",
        data={
            "pw-current_password": factories.PASSWORD,
            "pw-new_password": "a brand new river stone path",
            "pw-confirm": "a brand new river stone path",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this device stays signed in
    assert other_device.get("/account").headers["Location"].startswith("/login")
    assert _sign_in(other_device, "two.phones@example.test").status_code == 200  # old password
    assert (
        _sign_in(
            other_device, "two.phones@example.test", "a brand new river stone path"
        ).status_code
        == 302
    )


def test_an_admin_password_reset_signs_the_user_out(app, client, db, login_as):
    user = factories.user(email="reset.me@example.test", name="Reset Me")
    user_device = app.test_client()
    _sign_in(user_device, "reset.me@example.test")
    login_as("admin")
    response = client.post(
        f"/admin/users/{user.id}/password",
        data={"password": "quiet harbour morning tide", "confirm": "quiet harbour morning tide"},
    )
    assert response.status_code == 302
    assert user_device.get("/sites").headers["Location"].startswith("/login")


def test_next_goes_only_to_local_paths(client, db):
    factories.user(email="next@example.test")
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        response = _sign_in(client, "next@example.test", query=f"?next={target}")
        assert response.headers["Location"] == "/", target
        client.post("/logout")
    response = _sign_in(client, "next@example.test", query="?next=/sites/1")
    assert response.headers["Location"] == "/sites/1"


def test_a_page_that_needs_sign_in_sends_back_to_it_afterwards(client, db):
    site = factories.site()
    factories.user(role="field", email="boss@example.test", sites=[site])
    response = client.get(f"/sites/{site.id}")
    assert response.headers["Location"] == f"/login?next=%2Fsites%2F{site.id}"
    response = _sign_in(client, "boss@example.test", query=f"?next=%2Fsites%2F{site.id}")
    assert response.headers["Location"] == f"/sites/{site.id}"


def test_sign_ins_and_failures_are_in_the_audit_log(client, db):
    user = factories.user(email="audited@example.test")
    _sign_in(client, "audited@example.test", "wrong password here", ip="10.0.3.3")
    _sign_in(client, "nobody@example.test", "wrong password here", ip="10.0.3.4")
    _sign_in(client, "audited@example.test", ip="10.0.3.5")
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.object_id, e.user_id, e.ip) for e in events] == [
        ("sign_in_failed", str(user.id), None, "10.0.3.3"),
        ("sign_in_failed", None, None, "10.0.3.4"),
        ("sign_in", str(user.id), user.id, "10.0.3.5"),
    ]
    assert events[0].summary == "audited@example.test"
    assert events[1].summary == ""  # no account: what was typed is not kept


def test_a_password_typed_as_the_e_mail_is_not_kept(client, db):
    factories.user(email="careful@example.test")
    _sign_in(client, "Harbour-Lantern-Seven-31", "careful@example.test")
    _sign_in(client, "careful@example.test", "Harbour-Lantern-Seven-31")
    events = db.session.scalars(sa.select(AuditEvent)).all()
    assert len(events) == 2 and all(e.action == "sign_in_failed" for e in events)
    assert not any("Harbour" in str(e.summary) + str(e.changes) for e in events)


def test_session_cookie_is_httponly_and_lax(client, db):
    factories.user(email="cookie@example.test")
    response = _sign_in(client, "cookie@example.test")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_user_changes_their_language(client, login_as, db):
    user = login_as("field")
    response = client.post("/account/language", data={"lang-language": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.language == "en"
