"""Who sees which dashboard: roles × routes × own or other scope; partners' suppression."""

import pytest

from tests import factories

ROUTES = [
    "/dashboard",
    "/dashboard/portfolio",
    "/dashboard/sites/{own}",
    "/dashboard/sites/{other}",
    "/dashboard/partner",
    "/dashboard/map.svg",
    "/dashboard/what-works",
    "/dashboard/what-works?site={own}",
    "/dashboard/what-works?site={other}",
    "/dashboard/what-works?country=TH",
]
EXPECTED = {
    "admin": [200, 200, 200, 200, 403, 200, 200, 200, 200, 200],
    "manager": [200, 200, 200, 404, 403, 200, 200, 200, 404, 200],
    "field": [200, 200, 200, 404, 403, 200, 403, 403, 403, 403],
    "partner": [302, 403, 403, 403, 200, 200, 200, 404, 404, 200],
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_access_matrix(db, client, login_as, role):
    own, other = factories.site("MY"), factories.site("TH")
    my = factories.country("MY")
    login_as(
        role,
        sites=[own] if role == "field" else [],
        countries=[my] if role in ("manager", "partner") else [],
    )
    got = [client.get(r.format(own=own.id, other=other.id)).status_code for r in ROUTES]
    assert got == EXPECTED[role]
    # field officers start on their own page; everyone else is sent to the dashboard
    assert client.get("/").status_code == (200 if role == "field" else 302)


def test_anonymous_is_sent_to_sign_in(db, client):
    own, other = factories.site("MY"), factories.site("TH")
    for route in ROUTES:
        response = client.get(route.format(own=own.id, other=other.id))
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_home_lands_on_the_right_dashboard(db, client, login_as):
    login_as("partner", countries=[factories.country("MY")])
    assert client.get("/dashboard").headers["Location"].endswith("/dashboard/partner")


def test_field_officer_sees_only_their_sites(portfolio, client, login_as):
    login_as("field", sites=[portfolio["a"]])
    page = client.get("/dashboard/portfolio?period=custom&from=2025-01&to=2025-03").get_data(
        as_text=True
    )
    assert portfolio["a"].code in page
    assert portfolio["b"].code not in page
    assert "THB" not in page  # the other site's unconverted donation is not theirs
    assert client.get(f"/dashboard/sites/{portfolio['b'].id}").status_code == 404


def test_partner_sees_own_country_with_small_figures_suppressed(portfolio, client, login_as):
    login_as("partner", countries=[portfolio["my"]])
    page = client.get("/dashboard/partner?period=custom&from=2025-01&to=2025-03").get_data(
        as_text=True
    )
    # 7 feedback items in total, but only 3 grievances: the grievance rates are withheld
    assert "not shown: fewer than 5 feedback items" in page
    assert "The trucks raise dust" not in page  # no feedback text
    assert portfolio["b"].code not in page
    assert client.get("/dashboard/partner?country=TH").status_code == 404


def test_partner_kpis_are_suppressed_below_five(portfolio):
    import datetime as dt

    from outreach.core.disclosure import Audience
    from outreach.core.periods import Period
    from outreach.dashboards.dashboard import build

    d = build(
        [portfolio["a"].id],
        Period("custom", (2025, 2), 2),
        dt.date(2025, 4, 1),
        audience=Audience.PARTNER,
        partner=True,
    )
    # counts stay; the mean of fewer than five scores and the median of fewer than five
    # resolved grievances do not
    assert not d.kpi("feedback").suppressed and d.kpi("feedback").value > 0
    assert d.kpi("mean_sentiment").suppressed and d.kpi("mean_sentiment").value is None
    assert d.kpi("median_days").suppressed
    assert not d.kpi("investment").suppressed
    assert d.standings == []


def test_portfolio_map_links_sites_and_keeps_the_outlines_out_of_the_page(
    portfolio, client, login_as
):
    login_as("manager", countries=[factories.country("MY")])
    page = client.get("/dashboard/portfolio").get_data(as_text=True)
    map_svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg"', page.index('id="map"')) :]
    map_svg = map_svg[: map_svg.index("</svg>")]
    assert '<image href="/dashboard/map.svg"' in map_svg and "<polygon" not in map_svg
    assert f'<a href="/dashboard/sites/{portfolio["a"].id}?' in map_svg
    outlines = client.get("/dashboard/map.svg")
    assert outlines.mimetype == "image/svg+xml"
    assert "max-age=86400" in outlines.headers["Cache-Control"]
    assert outlines.get_data(as_text=True).count("<polygon") > 20
    assert "<title>Malaysia</title>" in outlines.get_data(as_text=True)


def test_partner_notes_say_the_shared_threshold(portfolio, client, login_as, monkeypatch):
    """The withheld-figure sentences take the number from ``MIN_FEEDBACK_ITEMS``, so they
    cannot drift from the rule they describe."""
    monkeypatch.setitem(client.application.config, "MIN_FEEDBACK_ITEMS", 8)
    login_as("partner", countries=[portfolio["my"]])
    page = client.get("/dashboard/partner?period=custom&from=2025-01&to=2025-03").get_data(
        as_text=True
    )
    assert "A figure built from fewer than 8 feedback items is not shown." in page
    assert "not shown: fewer than 8 feedback items" in page  # 7 feedback items in all
    assert "fewer than 5" not in page


def test_the_map_links_are_a_list_not_links_inside_an_image(portfolio, client, login_as):
    """The site links sat inside svg[role=img] (nested interactive): the picture is now for
    the pointer only, and the same links are a list beside it."""
    import re

    login_as("admin")
    page = client.get("/dashboard/portfolio").get_data(as_text=True)
    section = page[page.index('id="map"') :]
    svg = section[: section.index("</svg>")]
    assert 'role="img"' not in svg and 'aria-hidden="true"' in svg
    in_map = set(re.findall(r'<a href="([^"]+)" tabindex="-1">', svg))
    listed = section.split('class="map-links"', 1)[1].split("</ul>", 1)[0]
    in_list = set(re.findall(r'<a href="([^"]+)">', listed))
    assert in_map and in_map == in_list
