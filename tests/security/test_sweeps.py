"""Sweeps over every route of the app's URL map: CSRF on every POST, nothing written by any GET,
no open redirect through any ``next``-like parameter, SQL metacharacters harmless in every list
filter. Routes added later are swept too."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from tests.foundation.helpers import row_counts
from tests.security.routes import ROLES, all_get_urls, make_world, rules, sign_in, url_for_rule


def _post_rules(app):
    return [r for r in rules(app, "POST")]


def test_every_post_route_refuses_a_request_without_the_csrf_token(
    app, db, client, login_as, csrf_on
):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    before = row_counts()
    checked = 0
    for rule in _post_rules(app):
        url = url_for_rule(app, rule, world["own"]["values"])
        response = client.post(url, data={"name": "Forged", "text": "Forged", "action": "submit"})
        # an API route that takes no session refuses the cookie itself (401): no CSRF surface
        view = app.view_functions[rule.endpoint]
        token_only = rule.endpoint.startswith("api.") and not getattr(view, "accepts_session", 0)
        refused = 401 if token_only else 400
        assert response.status_code == refused, f"{rule.endpoint} {url} accepted a forged POST"
        checked += 1
    assert row_counts() == before
    assert checked >= 40


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_anything(app, db, client, login_as, role):
    """Opening every page, export and file (own and other scope) writes nothing but the
    refusals the audit log keeps."""
    world = make_world(app, db)
    sign_in(login_as, role, world)
    before = row_counts()
    last_event = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    for url in all_get_urls(app, world):
        response = client.get(url)
        assert response.status_code < 500, url
    after = row_counts()
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    new_actions = set(
        db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.id > last_event))
    )
    assert new_actions <= {"forbidden"}


EVIL_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "\t//evil.example",
    "/%2F%2Fevil.example",
    "http://127.0.0.1@evil.example/",
]
NEXT_PARAMS = ("next", "return_to", "redirect", "url", "back", "continue")


def _assert_local(response, where):
    if response.status_code in (301, 302, 303, 307, 308):
        target = response.headers["Location"]
        parts = urlsplit(target)
        assert not parts.netloc and not parts.scheme, f"{where} → {target}"
        assert not target.startswith(("//", "/\\")), f"{where} → {target}"


@pytest.mark.parametrize("evil", EVIL_TARGETS)
def test_sign_in_never_sends_anyone_off_site(app, db, client, evil):
    from tests import factories

    officer = factories.user(role="field")
    admin = factories.user(role="admin", two_factor=True)
    for user in (officer, admin):
        response = client.post(
            f"/login?next={quote(evil, safe='')}",
            data={"email": user.email, "password": factories.PASSWORD},
        )
        _assert_local(response, f"sign-in {evil}")
        if user is admin:
            code = factories.totp_code(admin)
            _assert_local(client.post("/login/two-factor", data={"code": code}), evil)
        client.post("/logout")


def test_no_route_follows_a_next_like_parameter_off_site(app, db, client, login_as):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    query = "&".join(f"{p}={quote(EVIL_TARGETS[0], safe='')}" for p in NEXT_PARAMS)
    for url in all_get_urls(app, world):
        _assert_local(client.get(f"{url}{'&' if '?' in url else '?'}{query}"), url)
    for rule in _post_rules(app):
        if rule.endpoint in ("auth.logout",):
            continue
        url = url_for_rule(app, rule, world["own"]["values"])
        _assert_local(client.post(f"{url}?{query}", data={"next": EVIL_TARGETS[1]}), url)


SQL_METACHARACTERS = [
    "' OR 1=1 --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%' --",
    "ü日本語ـ😀",
    "1; DROP TABLE users",
]
RECORD_LINK = re.compile(
    r'href="/(?:sites|activities|feedback|stakeholders|commitments|reports|admin/users)/(\d+)"'
)


def _filter_fields(html: str) -> dict[str, str]:
    """name → "input" or "select" for the fields of a page's GET (filter) forms."""
    found = {}
    for body in re.findall(r'<form[^>]*method="get"[^>]*>(.*?)</form>', html, re.S | re.I):
        for tag, attrs in re.findall(r"<(input|select)([^>]*)>", body):
            name = re.search(r'name="([^"]+)"', attrs)
            kind = re.search(r'type="([^"]+)"', attrs)
            if name and (kind is None or kind.group(1) in ("text", "search")):
                found[name.group(1)] = "input" if tag == "input" else "select"
    return found


def test_sql_metacharacters_in_every_list_filter_are_harmless(app, db, client, login_as):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    checked = 0
    for rule in rules(app, "GET"):
        if rule.arguments:
            continue
        url = url_for_rule(app, rule, {})
        page = client.get(url)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for name, tag in _filter_fields(page.get_data(as_text=True)).items():
            baseline = client.get(url, query_string={name: "zqxjzqxj"})
            allowed = set(RECORD_LINK.findall(baseline.get_data(as_text=True)))
            if tag == "select":
                # a choice it does not know is ignored: the whole list, never more
                allowed |= set(RECORD_LINK.findall(page.get_data(as_text=True)))
            for value in SQL_METACHARACTERS:
                response = client.get(url, query_string={name: value})
                assert response.status_code == 200, f"{url}?{name}={value!r}"
                shown = set(RECORD_LINK.findall(response.get_data(as_text=True)))
                assert shown <= allowed, f"{url}?{name}={value!r} shows records it should not"
                checked += 1
    assert checked > 50
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("users"))) > 0


#: numbers a database id or a page number cannot be: past PostgreSQL's integer, other scripts'
#: digits, signs, exponents
ODD_NUMBERS = ["2147483648", "99999999999999999999", "²", "١٢", "-1", "1e3", "0x10", " 7"]
NUMBER_ARGS = ("page", "site", "user", "consultation", "year", "month", "quarter")


def test_ids_past_what_the_database_holds_are_not_found(app, db, client, login_as):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    too_big = {k: 2**31 if k.endswith("_id") else v for k, v in world["own"]["values"].items()}
    checked = 0
    for rule in rules(app):
        if not any(name.endswith("_id") for name in rule.arguments):
            continue
        url = url_for_rule(app, rule, too_big)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert client.open(url, method=method).status_code == 404, f"{method} {url}"
            checked += 1
    assert checked > 30


def test_odd_numbers_in_a_query_string_are_ignored(app, db, client, login_as):
    world = make_world(app, db)
    sign_in(login_as, "admin", world)
    for rule in rules(app, "GET"):
        if rule.arguments and rule.endpoint != "activities.new_commitment":
            continue
        url = url_for_rule(app, rule, world["own"]["values"])
        for value in ODD_NUMBERS:
            query = {name: value for name in NUMBER_ARGS} | {"period": "year"}
            response = client.get(url, query_string=query)
            assert response.status_code < 500, f"{url} {value!r}"
