"""Lists: keyset pages with a Link header, stable while rows are inserted; filters; a mirror
kept through ``updated_since`` sees changes and removals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from outreach.activities import operations as activity_ops
from outreach.extensions import db as _db
from tests import factories


@pytest.fixture
def site(db):
    return factories.site("MY")


def _all_pages(client, url: str, headers: dict, insert=None) -> list[dict]:
    items, pages = [], 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_json()
        data = response.get_json()
        items += data["items"]
        url = data["next"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
        pages += 1
        if insert and pages == 1:
            insert()
    return items


def test_pages_stay_stable_while_rows_are_inserted(client, api_user, site):
    user, headers = api_user("field", sites=[site])
    first = [factories.activity(site, user, kind="festival").id for _ in range(7)]

    def insert():
        for _ in range(3):
            factories.activity(site, user, kind="festival")

    items = _all_pages(client, "/api/v1/activities?limit=3", headers, insert)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == 10
    assert ids[:7] == first


def test_filters_keep_only_what_is_asked(client, api_user, site):
    user, headers = api_user("admin")
    other = factories.site("TH")
    donation = factories.activity(site, user, kind="donation")
    factories.activity(other, user, kind="festival")
    old = factories.activity(site, user, kind="festival", activity_date=dt.date(2024, 3, 1))
    url = "/api/v1/activities?country=MY&kind=donation"
    assert [i["id"] for i in client.get(url, headers=headers).get_json()["items"]] == [donation.id]
    url = f"/api/v1/activities?site={site.id}&date_to=2024-12-31"
    assert [i["id"] for i in client.get(url, headers=headers).get_json()["items"]] == [old.id]


def test_odd_filters_are_refused_by_name(client, api_user, site):
    _user, headers = api_user("admin")
    response = client.get("/api/v1/activities?kind=party&limit=100000", headers=headers)
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"kind", "limit"}
    assert client.get("/api/v1/activities?cursor=abc", headers=headers).status_code == 400


def test_a_mirror_sees_changes_and_removals(client, api_user, site):
    user, headers = api_user("manager", countries=["MY"])
    author = factories.user("field", sites=[site])
    kept = factories.activity(site, author, kind="festival")
    removed = factories.activity(site, author, kind="festival")
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    mirror = {i["id"]: i for i in _all_pages(client, "/api/v1/activities?limit=1", headers)}
    assert set(mirror) == {kept.id, removed.id}
    activity_ops.delete_activity(removed, user)
    _db.session.commit()
    since = start.isoformat().replace("+00:00", "Z")
    changes = _all_pages(client, f"/api/v1/activities?updated_since={since}&limit=1", headers)
    assert len(changes) == 2
    deleted = {i["id"] for i in changes if i["deleted"]}
    assert deleted == {removed.id}


def test_a_mirror_walks_rows_that_share_their_timestamp_once_each_in_order(client, api_user, site):
    """A bulk import gives all its rows one timestamp: the pages step through them by id."""
    import sqlalchemy as sa

    from outreach.activities.models import Activity

    user, headers = api_user("manager", countries=["MY"])
    made = [factories.activity(site, user, kind="festival").id for _ in range(9)]
    moment = dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)
    stamps = {made[0]: moment - dt.timedelta(seconds=1), made[8]: moment + dt.timedelta(days=1)}
    for activity_id in made:
        _db.session.execute(
            sa.update(Activity)
            .where(Activity.id == activity_id)
            .values(updated_at=stamps.get(activity_id, moment))
        )
    _db.session.commit()
    url = "/api/v1/activities?updated_since=2026-01-01T00:00:00Z&limit=2"
    assert [i["id"] for i in _all_pages(client, url, headers)] == made


def test_a_partner_gets_the_figures_of_their_country_with_small_ones_withheld(
    client, api_user, site
):
    author = factories.user("field", sites=[site])
    factories.activity(site, author, kind="donation", state="approved")
    for _ in range(2):  # fewer feedback items than the disclosure threshold
        factories.feedback(site, sentiment=1)
    _partner, headers = api_user("partner", countries=["MY"])
    response = client.get("/api/v1/figures?period=year&year=2026", headers=headers)
    assert response.status_code == 200, response.get_json()
    figures = {f["key"]: f for f in response.get_json()["figures"]}
    withheld = [f for f in figures.values() if f["suppressed"]]
    assert withheld and all(f["value"] is None for f in withheld)
    assert client.get("/api/v1/figures?country=TH", headers=headers).status_code == 404
    _staff, staff_headers = api_user("manager", countries=["MY"])
    staff = client.get("/api/v1/figures?period=year&year=2026", headers=staff_headers)
    assert not any(f["suppressed"] for f in staff.get_json()["figures"])
    assert client.get("/api/v1/figures?period=year&year=x", headers=headers).status_code == 400


def test_amounts_come_as_exact_decimal_strings(client, api_user, site):
    user, headers = api_user("manager", countries=["MY"])
    donation = factories.activity(site, user, kind="donation", cash_amount=Decimal("1234.10"))
    data = client.get(f"/api/v1/activities/{donation.id}", headers=headers).get_json()
    assert data["cash_amount"] == "1234.10"
    response = client.get("/api/v1/figures?period=year&year=2026", headers=headers)
    body = response.get_json()
    money = [f for f in body["figures"] if f["unit"] == "money"]
    assert money and all(isinstance(f["value"], str) for f in money)
    for amount in [f["value"] for f in money] + list(body["investment_by_input"].values()):
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", amount), amount
    others = [f["value"] for f in body["figures"] if f["unit"] != "money"]
    assert not any(isinstance(v, str) for v in others)
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    cash = schemas["Activity"]["properties"]["cash_amount"]["anyOf"][0]
    assert cash["type"] == "string" and cash["format"] == "decimal" and cash["pattern"]
