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
    ("feedback.categories", "POST"): answers(roles=("admin",)),
    ("feedback.edit_category", "POST"): answers(302, roles=("admin",)),
    ("feedback.new_feedback", "POST"): answers(scoped=("field", "manager")),
    ("feedback.new_survey", "POST"): answers(scoped=("field", "manager")),
    ("feedback.review_feedback", "POST"): answers(scoped=("field", "manager")),
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
    ("public.intake", "POST"): public(),
    ("public.status", "POST"): public(),
    ("public.thanks", "GET"): public(),
    ("reports.verify", "POST"): public(),
    ("static", "GET"): public(),
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
