"""Every route the app answers has an access expectation, and the routes no feature matrix
covers are checked here: role × own / other scope → answer, the same way for every route.

Answers: "login" a redirect to the sign-in page, 302 another redirect, 200 a page (or a form
shown again: the POSTs send an empty form), 403 a page the role may not open, 404 a record that
does not exist or lies outside the user's scope.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.security.routes import ROLES, SCOPES, make_world, rules, sign_in, url_for_rule

STAFF = ("field", "manager", "admin")
SIGNED_IN = ("field", "manager", "partner", "admin")


def answers(ok=200, roles=STAFF, scoped=(), refused=403, anonymous="login") -> dict:
    """{role: (own, other)}: ``roles`` get ``ok``, others ``refused``; the ``scoped`` roles get
    404 outside their scope."""
    table = {"anonymous": (anonymous, anonymous)}
    for role in ROLES[1:]:
        own = ok if role in roles else refused
        table[role] = (own, 404 if role in scoped and own == ok else own)
    return table


def public(ok=200) -> dict:
    return dict.fromkeys(ROLES, (ok, ok))


#: (endpoint, method) → {role: (answer in own scope, answer in other scope)}
MATRIX: dict = {
    ("activities.add_attachment", "POST"): {
        **answers(roles=("manager", "admin"), scoped=("manager",)),
        "field": (403, 404),
    },
    ("activities.edit_activity", "POST"): {
        **answers(roles=("manager", "admin"), scoped=("manager",)),
        "field": (403, 404),
    },
    ("activities.edit_commitment", "POST"): answers(scoped=("field", "manager")),
    ("activities.new_activity", "POST"): answers(scoped=("field", "manager")),
    ("activities.new_commitment", "POST"): answers(scoped=("field", "manager")),
    ("admin.access_tokens", "GET"): answers(roles=("admin",)),
    ("admin.revoke_access_token", "POST"): answers(302, roles=("admin",)),
    ("auth.access_tokens", "GET"): answers(roles=ROLES[1:]),
    ("auth.access_tokens", "POST"): answers(roles=ROLES[1:]),
    # a token of someone else: not found, whoever asks
    ("auth.revoke_access_token", "POST"): answers(404, roles=ROLES[1:]),
    ("feedback.categories", "POST"): answers(roles=("admin",)),
    ("feedback.edit_category", "POST"): answers(302, roles=("admin",)),
    ("feedback.new_feedback", "POST"): answers(scoped=("field", "manager")),
    ("feedback.new_survey", "POST"): answers(scoped=("field", "manager")),
    ("feedback.review_feedback", "POST"): answers(scoped=("field", "manager")),
    ("auth.forgot_password", "GET"): public(),
    ("auth.forgot_password", "POST"): public(),
    # a link that is not (or no longer) one: the same page for everyone
    ("auth.set_password_from_link", "GET"): public(404),
    ("auth.set_password_from_link", "POST"): public(404),
    ("jobs.failed", "GET"): answers(roles=("admin",)),
    # the world holds no failed job: the admin's retry of one finds nothing
    ("jobs.retry", "POST"): answers(404, roles=("admin",)),
    ("mail.undelivered", "GET"): answers(roles=("admin",)),
    # the world holds no undelivered message: the admin's retry of one finds nothing
    ("mail.retry", "POST"): answers(404, roles=("admin",)),
    ("notify.list_notifications", "GET"): answers(roles=SIGNED_IN),
    ("notify.mark_all_read", "POST"): answers(302, roles=SIGNED_IN),
    # nobody opens a notification that is not theirs (the world holds none of the user's)
    ("notify.open_notification", "POST"): answers(404, roles=SIGNED_IN),
    ("notify.settings", "GET"): answers(roles=SIGNED_IN),
    # an empty form keeps the choice already made
    ("notify.settings", "POST"): answers(302, roles=SIGNED_IN),
    # imports: managers and admins; a run (or a kind) that is not theirs is not found
    ("imports.start_import", "GET"): answers(roles=("manager", "admin")),
    ("imports.start_import", "POST"): answers(roles=("manager", "admin")),
    **{
        route: answers(404, roles=("manager", "admin"))
        for route in (
            ("imports.template", "GET"),
            ("imports.show_import", "GET"),
            ("imports.import_progress", "GET"),
            ("imports.error_workbook", "GET"),
            ("imports.map_columns", "GET"),
            ("imports.map_columns", "POST"),
            ("imports.confirm_import", "POST"),
            ("imports.cancel_import", "POST"),
        )
    },
    ("ops.healthz", "GET"): public(),
    # field capture: the service worker and manifest are the same for everyone; the session
    # probe answers 401 to a browser that is not signed in, so the outbox keeps its entries
    ("field.service_worker", "GET"): public(),
    ("field.manifest", "GET"): public(),
    ("field.session_probe", "GET"): {**public(), "anonymous": (401, 401)},
    ("field.offline_pages", "GET"): answers(roles=SIGNED_IN),
    ("field.outbox", "GET"): answers(roles=SIGNED_IN),
    # the world holds no report job: the issuers find nothing, the others may not issue
    ("reports.issuing", "GET"): answers(404, roles=("manager", "admin")),
    ("public.intake", "POST"): public(),
    ("public.status", "POST"): public(),
    ("public.thanks", "GET"): public(),
    ("reports.verify", "POST"): public(),
    ("static", "GET"): public(),
    ("webhooks.list_endpoints", "GET"): answers(roles=("admin",)),
    ("webhooks.list_endpoints", "POST"): answers(roles=("admin",)),
    # the world holds no webhook endpoint: the admin finds nothing
    ("webhooks.show_endpoint", "GET"): answers(404, roles=("admin",)),
    ("webhooks.toggle_endpoint", "POST"): answers(404, roles=("admin",)),
    ("webhooks.delete_endpoint", "POST"): answers(404, roles=("admin",)),
    ("webhooks.retry_delivery", "POST"): answers(404, roles=("admin",)),
}


def test_every_route_has_an_expectation(app):
    """A route added to the app without a line in some access matrix fails here, by name."""
    from tests.security.routes import declared_routes, routes

    missing = sorted(routes(app) - declared_routes(app))
    assert not missing, "routes without an access expectation: " + ", ".join(
        f"{method} {endpoint}" for endpoint, method in missing
    )
    for answers_ in MATRIX.values():
        assert set(answers_) == set(ROLES)


CASES = [
    pytest.param(
        endpoint,
        method,
        role,
        scope,
        table[role][SCOPES.index(scope)],
        id=f"{method}-{endpoint}-{role}-{scope}",
    )
    for (endpoint, method), table in MATRIX.items()
    for role in ROLES
    for scope in SCOPES
]


def _answer(response):
    if response.status_code == 302:
        return "login" if urlsplit(response.headers["Location"]).path == "/login" else 302
    return response.status_code


@pytest.mark.parametrize(("endpoint", "method", "role", "scope", "expected"), CASES)
def test_access(app, db, client, login_as, endpoint, method, role, scope, expected):
    world = make_world(app, db)
    sign_in(login_as, role, world)
    rule = next(r for r in rules(app, method) if r.endpoint == endpoint)
    url = url_for_rule(app, rule, world[scope]["values"])
    response = client.open(url, method=method, data={"name": ""} if method == "POST" else None)
    assert _answer(response) == expected
