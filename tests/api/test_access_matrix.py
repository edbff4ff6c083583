"""Every /api/v1 route × role × own / other scope → the expected answer, generated from the
URL map like the pages' matrix (tests/foundation/test_access_matrix.py).

Each role calls with a personal access token of its own; "anonymous" sends none (401). 403 is
a role without the capability, 404 a record outside the caller's scope (or removed), 200 a
read, 422 a write that reached its rules (the matrix sends an incomplete body, so nothing is
written). A route added to the API without a line here fails
``test_every_api_route_has_a_line`` by name."""

from __future__ import annotations

import pytest

from tests.api.conftest import bearer, token_for
from tests.security.routes import ROLES, SCOPES, make_world, rules, url_for_rule

STAFF = ("field", "manager", "admin")
EVERYONE = ("field", "manager", "partner", "admin")
REPORTS = ("manager", "partner", "admin")


def answers(ok=200, roles=STAFF, scoped=("field", "manager"), refused=403) -> dict:
    """{role: (own, other)}: ``roles`` get ``ok``, others ``refused``, anonymous 401; the
    ``scoped`` roles get 404 outside their scope."""
    table = {"anonymous": (401, 401)}
    for role in ROLES[1:]:
        own = ok if role in roles else refused
        table[role] = (own, 404 if role in scoped and own == ok else own)
    return table


#: (endpoint, method) → {role: (answer in own scope, answer in other scope)}
MATRIX: dict = {
    ("api.me", "GET"): answers(roles=EVERYONE, scoped=()),
    ("api.create_activity", "POST"): {
        **answers(422),
        # the site is in the body: outside their sites a field officer or manager is refused
        "field": (422, 403),
        "manager": (422, 403),
    },
    ("api.create_commitment", "POST"): {
        **answers(422),
        "field": (422, 403),
        "manager": (422, 403),
    },
    ("api.create_feedback", "POST"): {
        **answers(422),
        "field": (422, 403),
        "manager": (422, 403),
    },
    # the sites are in the body's site_ids, which the matrix's body leaves out
    ("api.create_stakeholder", "POST"): answers(422, scoped=()),
    ("api.add_attachment", "POST"): {
        **answers(422, roles=("manager", "admin"), scoped=("manager",)),
        # the world's activity is someone else's, waiting for review: not theirs to change
        "field": (403, 404),
    },
    ("api.get_activity", "GET"): answers(),
    ("api.list_activities", "GET"): answers(scoped=()),
    ("api.activity_action", "POST"): answers(422),
    # the world's activity waits for review already: sending it again changes nothing
    ("api.submit_activity", "POST"): answers(),
    ("api.grievance_action", "POST"): answers(422),
    ("api.figures", "GET"): answers(roles=EVERYONE, scoped=()),
    ("api.list_countries", "GET"): answers(roles=EVERYONE, scoped=()),
    ("api.list_sites", "GET"): answers(roles=EVERYONE, scoped=()),
    ("api.get_site", "GET"): answers(roles=EVERYONE, scoped=("field", "manager", "partner")),
    ("api.list_stakeholders", "GET"): answers(scoped=()),
    ("api.get_stakeholder", "GET"): answers(),
    ("api.list_commitments", "GET"): answers(scoped=()),
    ("api.get_commitment", "GET"): answers(),
    ("api.list_feedback", "GET"): answers(scoped=()),
    ("api.get_feedback", "GET"): answers(),
    ("api.list_surveys", "GET"): answers(scoped=()),
    ("api.get_survey", "GET"): answers(),
    ("api.list_reports", "GET"): answers(roles=REPORTS, scoped=()),
    ("api.get_report", "GET"): answers(roles=REPORTS, scoped=("manager", "partner")),
    ("api.list_exchange_rates", "GET"): answers(roles=("admin",)),
    ("api.get_exchange_rate", "GET"): answers(roles=("admin",)),
    ("api.openapi", "GET"): dict.fromkeys(ROLES, (200, 200)),
    ("api.docs", "GET"): dict.fromkeys(ROLES, (200, 200)),
}


def api_rules(app) -> list:
    return [r for r in rules(app) if r.endpoint.startswith("api.")]


def _routes(app) -> set[tuple[str, str]]:
    return {(r.endpoint, m) for r in api_rules(app) for m in r.methods - {"HEAD", "OPTIONS"}}


def test_every_api_route_has_a_line(app):
    missing = sorted(_routes(app) - set(MATRIX))
    assert not missing, "API routes without an access expectation: " + ", ".join(
        f"{method} {endpoint}" for endpoint, method in missing
    )
    for table in MATRIX.values():
        assert set(table) == set(ROLES)


def _tokens(world) -> dict[str, dict]:
    from tests import factories

    people = {
        "field": factories.user("field", sites=[world["own"]["site"]]),
        "manager": factories.user("manager", countries=["MY"]),
        "partner": factories.user("partner", countries=["MY"]),
        "admin": factories.user("admin"),
    }
    headers = {role: bearer(token_for(user)) for role, user in people.items()}
    headers["anonymous"] = {}
    return headers


def _call(client, method: str, url: str, headers: dict, values: dict):
    if method == "GET":
        return client.get(url, headers=headers)
    if url.endswith("/attachments"):
        return client.post(url, headers=headers, data={}, content_type="multipart/form-data")
    return client.open(url, method=method, headers=headers, json={"site_id": values["site_id"]})


@pytest.mark.parametrize(
    ("endpoint", "method"), sorted(MATRIX), ids=[f"{m}-{e}" for e, m in sorted(MATRIX)]
)
def test_access(app, db, client, endpoint, method):
    world = make_world(app, db)
    headers = _tokens(world)
    rule = next(r for r in rules(app, method) if r.endpoint == endpoint)
    wrong = []
    for role in ROLES:
        for scope in SCOPES:
            values = world[scope]["values"]
            url = url_for_rule(app, rule, values)
            response = _call(client, method, url, headers[role], values)
            expected = MATRIX[endpoint, method][role][SCOPES.index(scope)]
            if response.status_code != expected:
                wrong.append(f"{role}/{scope}: {response.status_code}, expected {expected}")
            if response.status_code >= 400:
                assert response.mimetype == "application/problem+json", url
    assert not wrong, f"{method} {endpoint}: " + "; ".join(wrong)
