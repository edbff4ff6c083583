"""Every route of the foundation × every role × own / other scope → the expected answer.

"login" is a redirect to the sign-in page, 302 any other redirect (a form done, a signed-in user
sent on), 200 a page or a form shown again, 403 a page the role may not open, 404 a record that
does not exist or lies outside the user's scope. Pages are fetched with GET; state-changing
routes are sent a POST with an empty or minimal form.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import url_for

from tests import factories

ROLES = ("anonymous", "field", "manager", "partner", "admin")
SCOPES = ("own", "other")
ALL = ("field", "manager", "partner", "admin")


def _only(allowed: tuple[str, ...], ok, others=403, own_other=None):
    """Answers per role: ``allowed`` roles get ``ok``, others ``others``, anonymous "login".
    ``own_other`` maps a role to its (own, other) answers where the scope matters."""
    answers = {"anonymous": ("login", "login")}
    for role in ALL:
        answers[role] = (ok, ok) if role in allowed else (others, others)
    answers.update(own_other or {})
    return answers


SCOPED_WRITE = {"manager": (200, 404), "field": (200, 404)}

#: (endpoint, method) → {role: (answer in own scope, answer in other scope)}
MATRIX = {
    ("auth.login", "GET"): {"anonymous": (200, 200), **{r: (302, 302) for r in ALL}},
    ("auth.login", "POST"): {"anonymous": (200, 200), **{r: (302, 302) for r in ALL}},
    ("auth.logout", "POST"): {r: ("login", "login") for r in ROLES},
    ("auth.account", "GET"): _only(ALL, 200),
    ("auth.change_password", "POST"): _only(ALL, 200),
    ("auth.change_language", "POST"): _only(ALL, 302),
    ("auth.switch_language", "POST"): {r: (302, 302) for r in ROLES},
    # signed in by login_as, the second factor is done: the step sends the user on
    ("auth.two_factor", "GET"): _only(ALL, 302),
    ("auth.two_factor", "POST"): _only(ALL, 302),
    ("auth.two_factor_setup", "GET"): _only(ALL, 200),
    ("auth.two_factor_setup", "POST"): _only(ALL, 200),
    ("auth.disable_two_factor", "POST"): _only(("field", "partner"), 302),
    ("home.index", "GET"): _only(ALL, 302, own_other={"field": (200, 200)}),
    ("sites.list_sites", "GET"): _only(ALL, 200),
    ("sites.show_site", "GET"): _only(
        ALL, 200, own_other={r: (200, 404) for r in ("field", "manager", "partner")}
    ),
    ("sites.new_site", "GET"): _only(("admin",), 200),
    ("sites.new_site", "POST"): _only(("admin",), 200),
    ("sites.edit_site", "GET"): _only(("admin",), 200),
    ("sites.edit_site", "POST"): _only(("admin",), 200),
    ("sites.archive_site", "POST"): _only(("admin",), 302),
    ("sites.list_countries", "GET"): _only(("admin",), 200),
    ("sites.edit_country", "GET"): _only(("admin",), 200),
    ("sites.edit_country", "POST"): _only(("admin",), 200),
    ("stakeholders.list_stakeholders", "GET"): _only(("admin", "manager", "field"), 200),
    ("stakeholders.new_stakeholder", "GET"): _only(("admin", "manager", "field"), 200),
    ("stakeholders.new_stakeholder", "POST"): _only(("admin", "manager", "field"), 200),
    ("stakeholders.show_stakeholder", "GET"): _only(
        ("admin", "manager", "field"), 200, own_other=SCOPED_WRITE
    ),
    ("stakeholders.edit_stakeholder", "GET"): _only(
        ("admin", "manager", "field"), 200, own_other=SCOPED_WRITE
    ),
    ("stakeholders.edit_stakeholder", "POST"): _only(
        ("admin", "manager", "field"), 200, own_other=SCOPED_WRITE
    ),
    ("stakeholders.delete_stakeholder", "POST"): _only(
        ("admin", "manager"), 302, own_other={"manager": (302, 404)}
    ),
    ("admin.list_users", "GET"): _only(("admin",), 200),
    ("admin.new_user", "GET"): _only(("admin",), 200),
    ("admin.new_user", "POST"): _only(("admin",), 200),
    ("admin.edit_user", "GET"): _only(("admin",), 200),
    ("admin.edit_user", "POST"): _only(("admin",), 200),
    ("admin.set_user_active", "POST"): _only(("admin",), 302),
    ("admin.reset_password", "POST"): _only(("admin",), 200),
    ("admin.sign_out_everywhere", "POST"): _only(("admin",), 302),
    ("admin.invite_user", "POST"): _only(("admin",), 302),
    ("admin.reset_two_factor", "POST"): _only(("admin",), 302),
    ("admin.audit_log", "GET"): _only(("admin",), 200),
    ("admin.exchange_rates", "GET"): _only(("admin",), 200),
    ("admin.exchange_rates", "POST"): _only(("admin",), 200),
    ("admin.delete_rate", "POST"): _only(("admin",), 302),
    ("admin.organisation", "GET"): _only(("admin",), 200),
    ("admin.organisation", "POST"): _only(("admin",), 200),
}

#: The form sent with each POST: the name blanked, so a form that is reached is shown again.
#: (A field left out entirely keeps the record's value, as WTForms fills forms from the record.)
POST_DATA = {"auth.change_language": {"lang-language": ""}}
EMPTY_FORM = {"name": ""}

CASES = [
    pytest.param(
        endpoint,
        method,
        role,
        scope,
        answers[role][SCOPES.index(scope)],
        id=f"{endpoint}-{method}-{role}-{scope}",
    )
    for (endpoint, method), answers in MATRIX.items()
    for role in ROLES
    for scope in SCOPES
]


def test_every_line_names_every_role():
    # that every route has a line somewhere is tests/security/test_route_guard.py's check
    for answers in MATRIX.values():
        assert set(answers) == set(ROLES)


@pytest.fixture
def world(db):
    """A site, stakeholder and user in the signed-in user's scope (MY) and one outside (TH)."""
    own_site = factories.site(country="MY", name="Kuantan depot")
    other_site = factories.site(country="TH", name="Laem Chabang yard")
    return {
        "own": {
            "site": own_site,
            "stakeholder": factories.stakeholder(sites=[own_site], name="Kampung Own"),
            "user": factories.user(role="field", sites=[own_site]),
            "country": "MY",
            "rate": factories.exchange_rate(currency="MYR"),
        },
        "other": {
            "site": other_site,
            "stakeholder": factories.stakeholder(sites=[other_site], name="Ban Hidden Village"),
            "user": factories.user(role="field", sites=[other_site]),
            "country": "TH",
            "rate": factories.exchange_rate(currency="THB"),
        },
    }


def _sign_in(login_as, role: str, own_site):
    if role == "field":
        login_as("field", sites=[own_site])
    elif role in ("manager", "partner"):
        login_as(role, countries=["MY"])
    elif role == "admin":
        login_as("admin")


def _url(app, endpoint: str, objects: dict) -> str:
    rule = next(app.url_map.iter_rules(endpoint))
    values = {
        "site_id": objects["site"].id,
        "stakeholder_id": objects["stakeholder"].id,
        "user_id": objects["user"].id,
        "code": objects["country"],
        "rate_id": objects["rate"].id,
    }
    with app.test_request_context():
        return url_for(endpoint, **{k: v for k, v in values.items() if k in rule.arguments})


def _answer(response):
    if response.status_code == 302:
        target = urlsplit(response.headers["Location"]).path
        return "login" if target == "/login" else 302
    return response.status_code


@pytest.mark.parametrize(("endpoint", "method", "role", "scope", "expected"), CASES)
def test_access(app, client, login_as, world, endpoint, method, role, scope, expected):
    _sign_in(login_as, role, world["own"]["site"])
    objects = world[scope]
    url = _url(app, endpoint, objects)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=POST_DATA.get(endpoint, EMPTY_FORM))
    assert _answer(response) == expected
    if expected in (403, 404):
        # The refusal never names the record the user may not see.
        page = response.get_data(as_text=True)
        assert objects["site"].name not in page
        assert objects["stakeholder"].name not in page


@pytest.mark.parametrize(
    "path",
    [
        "/sites/999999",
        "/sites/999999/edit",
        "/countries/XX/edit",
        "/stakeholders/999999",
        "/admin/users/999999/edit",
    ],
)
def test_missing_records_answer_404_for_an_admin(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 404
