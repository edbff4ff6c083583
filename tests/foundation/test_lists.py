"""Sites list and page, the stakeholder register's search and filters, the audit log filters."""

from __future__ import annotations

import datetime as dt

from outreach.core.db import utcnow
from outreach.sites.models import SiteKind
from outreach.stakeholders.models import StakeholderCategory
from tests import factories


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_sites_list_search_and_filters(client, login_as, db):
    factories.site(code="MY-RAIL-01", name="Kuantan depot", kind=SiteKind.RAIL)
    factories.site(code="MY-PORT-01", name="Kuala Linggi port", kind=SiteKind.PORT)
    factories.site(
        code="TH-PARK-01", name="Rayong park", country="TH", kind=SiteKind.INDUSTRIAL_PARK
    )
    factories.site(code="MY-OLD-01", name="Closed quarry", archived=True)
    login_as("admin")
    everything = _page(client, "/sites")
    assert all(n in everything for n in ("Kuantan depot", "Kuala Linggi port", "Rayong park"))
    assert "Closed quarry" not in everything
    assert "Closed quarry" in _page(client, "/sites?archived=1")
    assert _names(_page(client, "/sites?q=kuantan")) == {"Kuantan depot"}
    assert _names(_page(client, "/sites?q=my-port")) == {"Kuala Linggi port"}
    assert _names(_page(client, "/sites?country=TH")) == {"Rayong park"}
    assert _names(_page(client, "/sites?kind=port")) == {"Kuala Linggi port"}
    assert _names(_page(client, "/sites?kind=spaceport")) == {
        "Kuantan depot",
        "Kuala Linggi port",
        "Rayong park",
    }


def _names(page: str) -> set[str]:
    known = {"Kuantan depot", "Kuala Linggi port", "Rayong park", "Closed quarry"}
    return {n for n in known if n in page}


def test_a_manager_sees_the_sites_of_their_countries_only(client, login_as, db):
    factories.site(name="Kuantan depot")
    factories.site(name="Rayong park", country="TH")
    login_as("manager", countries=["TH"])
    page = _page(client, "/sites")
    assert "Rayong park" in page and "Kuantan depot" not in page
    # The country filter offers only countries in scope.
    assert '<option value="MY"' not in page


def test_site_page_shows_the_details(client, login_as, db):
    site = factories.site(
        code="MY-ECR-09",
        name="Kuantan depot",
        bri_designated=True,
        bri_reference="BRI-MY-0009",
        operator="Demo Rail Co.",
    )
    factories.stakeholder(sites=[site])
    login_as("field", sites=[site])
    page = _page(client, f"/sites/{site.id}")
    for text in (
        "MY-ECR-09",
        "Kuantan depot",
        "BRI-MY-0009",
        "Demo Rail Co.",
        "Malaysia",
        "Stakeholders (1)",
    ):
        assert text in page
    assert "Edit site" not in page  # admins only


def test_partners_see_no_stakeholders_on_a_site_page(client, login_as, db):
    site = factories.site()
    factories.stakeholder(sites=[site])
    login_as("partner", countries=["MY"])
    page = _page(client, f"/sites/{site.id}")
    assert "Stakeholders (" not in page
    assert "Add a stakeholder" not in page


def test_stakeholder_search_and_filters_stay_in_scope(client, login_as, db):
    mine = factories.site(code="MY-A-01")
    second = factories.site(code="MY-B-01")
    other = factories.site(code="TH-C-01", country="TH")
    factories.stakeholder(sites=[mine], name="Kampung Sungai", location="riverbank")
    factories.stakeholder(
        sites=[second], name="SK Seri Mahkota", category=StakeholderCategory.SCHOOL
    )
    factories.stakeholder(
        sites=[other], name="Wat Map Ta Phut", category=StakeholderCategory.RELIGIOUS
    )
    factories.stakeholder(sites=[mine], name="Gone village", is_deleted=True)
    factories.stakeholder(sites=[mine, other], name="Shared river fishers")
    login_as("field", sites=[mine, second])
    names = {
        "Kampung Sungai",
        "SK Seri Mahkota",
        "Wat Map Ta Phut",
        "Gone village",
        "Shared river fishers",
    }

    def found(url):
        page = _page(client, url)
        return {n for n in names if n in page}, page

    everything, page = found("/stakeholders/")
    assert everything == {"Kampung Sungai", "SK Seri Mahkota", "Shared river fishers"}
    assert "TH-C-01" not in page  # the shared stakeholder does not name the hidden site
    assert found("/stakeholders/?q=RIVER")[0] == {"Kampung Sungai", "Shared river fishers"}
    assert found(f"/stakeholders/?site={second.id}")[0] == {"SK Seri Mahkota"}
    assert found("/stakeholders/?category=school")[0] == {"SK Seri Mahkota"}
    # naming a site outside the scope in the URL does not tell which stakeholders it shares
    assert found(f"/stakeholders/?site={other.id}")[0] == set()
    assert found("/stakeholders/?q=wat")[0] == set()


def test_stakeholder_page_names_only_visible_sites(client, login_as, db):
    mine = factories.site(code="MY-A-01")
    other = factories.site(code="TH-C-01", country="TH")
    shared = factories.stakeholder(sites=[mine, other], name="Shared river fishers")
    login_as("field", sites=[mine])
    page = _page(client, f"/stakeholders/{shared.id}")
    assert "MY-A-01" in page and "TH-C-01" not in page


def test_audit_log_filters_by_user_object_and_date(client, login_as, db):
    alice = factories.user(role="admin", name="Alice Admin")
    bob = factories.user(role="manager", name="Bob Manager", countries=["MY"])
    now = utcnow()
    factories.audit_event(
        user_id=alice.id,
        object_type="site",
        object_id="7",
        summary="site seven renamed",
        created_at=now,
    )
    factories.audit_event(
        user_id=bob.id,
        object_type="stakeholder",
        object_id="7",
        summary="stakeholder seven edited",
        created_at=now,
    )
    factories.audit_event(
        user_id=bob.id,
        object_type="site",
        object_id="8",
        summary="site eight archived",
        created_at=now - dt.timedelta(days=40),
    )
    login_as("admin")
    summaries = ("site seven renamed", "stakeholder seven edited", "site eight archived")

    def shown(query):
        page = _page(client, f"/admin/audit{query}")
        return {s for s in summaries if s in page}

    assert shown("") == set(summaries)
    assert shown(f"?user={bob.id}") == {"stakeholder seven edited", "site eight archived"}
    assert shown("?type=site") == {"site seven renamed", "site eight archived"}
    assert shown("?type=site&id=7") == {"site seven renamed"}
    today = now.date().isoformat()
    assert shown(f"?from={today}&to={today}") == {"site seven renamed", "stakeholder seven edited"}
    old = (now - dt.timedelta(days=40)).date().isoformat()
    assert shown(f"?to={old}") == {"site eight archived"}
    assert shown("?from=not-a-date&user=abc") == set(summaries)  # nonsense is ignored
    assert shown("?from=0001-01-01&to=9999-12-31") == set(summaries)  # the calendar's ends


def test_audit_log_shows_old_and_new_values(client, login_as, db):
    factories.audit_event(
        action="update",
        object_type="site",
        object_id="3",
        changes={"name": ["Old depot", "New depot"]},
    )
    login_as("admin")
    page = _page(client, "/admin/audit")
    assert "Old depot → New depot" in page


def test_users_list_search(client, login_as, db):
    factories.user(name="Nur Aisyah", email="nur@example.test")
    factories.user(name="Somchai", email="somchai@example.test")
    login_as("admin")
    page = _page(client, "/admin/users?q=NUR")
    assert "Nur Aisyah" in page and "Somchai" not in page


def test_list_filters_open_with_the_number_set_only_when_one_is_set(client, login_as):
    site = factories.site()
    login_as("field", sites=[site])
    for path in ("/sites", "/stakeholders/", "/activities/", "/commitments/"):
        plain = client.get(path).get_data(as_text=True)
        assert '<details class="filter-block">' in plain, path
        assert "<summary>Filters</summary>" in plain, path
    filtered = client.get(f"/feedback/grievances?site={site.id}&status=received&page=2&sla=")
    page = filtered.get_data(as_text=True)
    assert '<details class="filter-block" open>' in page
    assert "<summary>Filters (2 set)</summary>" in page
