"""Access matrix: every route of community voice × role × own / other site."""

import datetime as dt
import re

import pytest

from tests import factories

ANON, FIELD, MANAGER, PARTNER, ADMIN = "anonymous", "field", "manager", "partner", "admin"
ROLES = [ANON, FIELD, MANAGER, PARTNER, ADMIN]

# route template, method, form data, {role: status on own site}, {role: status on other site}
STAFF_READ = {ANON: 302, FIELD: 200, MANAGER: 200, PARTNER: 403, ADMIN: 200}
STAFF_READ_OTHER = {ANON: 302, FIELD: 404, MANAGER: 404, PARTNER: 403, ADMIN: 200}
MANAGE = {ANON: 302, FIELD: 403, MANAGER: 302, PARTNER: 403, ADMIN: 302}
MANAGE_OTHER = {ANON: 302, FIELD: 403, MANAGER: 404, PARTNER: 403, ADMIN: 302}
EVERYONE = {ANON: 302, FIELD: 200, MANAGER: 200, PARTNER: 200, ADMIN: 200}
PUBLIC = dict.fromkeys(ROLES, 200)

ROUTES = [
    ("/feedback/", "GET", None, STAFF_READ, STAFF_READ),
    ("/feedback/grievances", "GET", None, STAFF_READ, STAFF_READ),
    ("/feedback/export.csv", "GET", None, STAFF_READ, STAFF_READ),
    ("/feedback/export.xlsx", "GET", None, STAFF_READ, STAFF_READ),
    ("/feedback/grievances/export.csv", "GET", None, STAFF_READ, STAFF_READ),
    ("/feedback/grievances/overdue", "GET", None, {**MANAGE, MANAGER: 200, ADMIN: 200}, None),
    ("/feedback/surveys", "GET", None, EVERYONE, EVERYONE),
    ("/feedback/sentiment", "GET", None, EVERYONE, EVERYONE),
    ("/feedback/categories", "GET", None, {**MANAGE, MANAGER: 403, ADMIN: 200}, None),
    ("/feedback/new", "GET", None, {**STAFF_READ, FIELD: 302, MANAGER: 302}, None),
    ("/feedback/sites/{site}/new", "GET", None, STAFF_READ, STAFF_READ_OTHER),
    ("/feedback/sites/{site}/surveys/new", "GET", None, STAFF_READ, STAFF_READ_OTHER),
    ("/feedback/sites/{site}/poster.pdf", "GET", None, STAFF_READ, STAFF_READ_OTHER),
    ("/feedback/{grievance}", "GET", None, STAFF_READ, STAFF_READ_OTHER),
    ("/feedback/{grievance}/review", "GET", None, STAFF_READ, STAFF_READ_OTHER),
    (
        "/feedback/{grievance}/transition",
        "POST",
        {"action": "acknowledge"},
        MANAGE,
        {**MANAGE_OTHER, FIELD: 404},
    ),
    ("/feedback/{grievance}/assign", "POST", {"assignee_id": ""}, MANAGE, MANAGE_OTHER),
    (
        "/feedback/{grievance}/note",
        "POST",
        {"note": "Called the village head"},
        MANAGE,
        {**MANAGE_OTHER, FIELD: 404},
    ),
    (
        "/feedback/{grievance}/reveal",
        "POST",
        {"reason": "Need to call the complainant back"},
        {**MANAGE, ADMIN: 403},
        {**MANAGE_OTHER, ADMIN: 403},
    ),
    ("/f/{code}", "GET", None, PUBLIC, PUBLIC),
    ("/f/status", "GET", None, PUBLIC, PUBLIC),
]

CASES = [
    pytest.param(route, method, data, role, where, expected[role], id=f"{route}-{role}-{where}")
    for route, method, data, own, other in ROUTES
    for where, expected in (("own", own), ("other", other))
    if expected is not None
    for role in ROLES
]


@pytest.mark.parametrize("route,method,data,role,where,expected", CASES)
def test_access(client, login_as, route, method, data, role, where, expected):
    own = factories.site(country="MY")
    other = factories.site(country="TH")
    site = own if where == "own" else other
    grievance = factories.feedback(
        site,
        is_grievance=True,
        person_name="Siti Aminah",
        person_contact="+60 12 345 6789",
        consent_personal_data=True,
    )
    if role == FIELD:
        login_as("field", sites=[own])
    elif role in (MANAGER, PARTNER):
        login_as(role, countries=["MY"])
    elif role == ADMIN:
        login_as("admin")
    url = route.format(site=site.id, grievance=grievance.id, code=site.code)
    response = client.open(url, method=method, data=data)
    assert response.status_code == expected
    if expected == 302 and role == ANON:
        assert "/login" in response.headers["Location"]


def test_partner_sees_no_feedback_text_anywhere(client, login_as):
    site = factories.site(country="MY")
    factories.feedback(site, text="Piling at night keeps my children awake", sentiment=-2)
    factories.survey_round(site)
    login_as("partner", countries=["MY"])
    for url in ("/feedback/surveys", "/feedback/sentiment", f"/sites/{site.id}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "children awake" not in page.get_data(as_text=True)
    assert client.get("/feedback/").status_code == 403
    assert client.get("/feedback/export.csv").status_code == 403


def _sentiment_rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    return re.findall(r"<tr><td[^>]*>([^<]+)</td>", body)


def test_partner_sentiment_page_shows_no_index_built_from_fewer_than_five_items(client, login_as):
    lone = factories.site(country="MY", code="MY-LONE-01")
    busy = factories.site(country="MY", code="MY-BUSY-01")
    this_month = dt.date.today().replace(day=1)
    factories.feedback(lone, sentiment=-2, received_on=this_month)
    for _ in range(5):
        factories.feedback(busy, sentiment=1, received_on=this_month)
    login_as("partner", countries=["MY"])
    assert _sentiment_rows(client.get("/feedback/sentiment").get_data(as_text=True)) == [
        "MY-BUSY-01"
    ]
    client.post("/logout")
    login_as("manager", countries=["MY"])
    staff_rows = _sentiment_rows(client.get("/feedback/sentiment").get_data(as_text=True))
    assert sorted(staff_rows) == ["MY-BUSY-01", "MY-LONE-01"]


def test_partner_survey_page_shows_no_scores_of_a_round_few_people_answered(client, login_as):
    """Three people answered the latest round: a partner sees that it took place and how many
    answered, but neither its scores nor its change against the round before."""
    site = factories.site(country="MY", code="MY-FEW-01")
    factories.survey_round(site, conducted_on=dt.date(2025, 1, 15))  # ten answer 3: 50.0
    factories.survey_round(
        site, conducted_on=dt.date(2025, 6, 15), counts={"trust": [0, 0, 0, 3, 0]}
    )  # 75.0, +25.0
    login_as("partner", countries=["MY"])
    page = client.get("/feedback/surveys").get_data(as_text=True)
    rows = re.findall(r"<tr><td>MY-FEW-01</td>(.*?)</tr>", page, re.S)
    assert len(rows) == 2
    assert "75" not in rows[0] and "+25.0" not in rows[0] and "50" in rows[1]
    assert "answered by fewer than 5 people are withheld" in page
    client.post("/logout")
    login_as("manager", countries=["MY"])
    page = client.get("/feedback/surveys").get_data(as_text=True)
    assert "+25.0" in page and "withheld" not in page
