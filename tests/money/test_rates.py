import datetime as dt
import re
from decimal import Decimal

import sqlalchemy as sa

from outreach.core.charts import Series, bar_chart, line_chart, stacked_bar_chart
from outreach.core.money import ExchangeRate, RateBook, Totals

D = Decimal


def _book():
    return RateBook(
        "USD",
        [
            ("MYR", dt.date(2026, 7, 1), D("0.21")),
            ("MYR", dt.date(2026, 8, 15), D("0.22")),
            ("IDR", dt.date(2026, 7, 1), D("0.000063")),
        ],
    )


def test_each_amount_uses_the_rate_valid_on_its_own_date():
    totals = Totals(_book())
    totals.add(["all"], D("1000"), "MYR", dt.date(2026, 8, 14))  # 210.00 at the July rate
    totals.add(["all"], D("1000"), "MYR", dt.date(2026, 8, 15))  # 220.00 from the new rate's day
    totals.add(["all"], D("1000000"), "IDR", dt.date(2026, 9, 30))  # 63.00
    totals.add(["all"], D("50"), "USD", dt.date(2026, 9, 1))  # the reporting currency itself
    # whole cents, added as integers and multiplied once: 333 cents of MYR at 0.22
    totals.add_all([(["all", "cents"], 333)], "MYR", dt.date(2026, 9, 1), D("0.01"))
    assert totals.cents("all") == D("543.73")
    assert totals.cents("cents") == D("0.73")
    assert totals.missing == {}


def test_an_amount_without_a_rate_is_reported_not_dropped():
    totals = Totals(_book())
    totals.add(["all"], D("100"), "MYR", dt.date(2026, 6, 30))  # before the first MYR rate
    totals.add(["all"], D("500"), "THB", dt.date(2026, 7, 5))  # no THB rate at all
    totals.add(["all"], D("500"), "THB", dt.date(2026, 7, 2))
    totals.add(["all"], D("1000"), "MYR", dt.date(2026, 7, 2))
    assert totals.cents("all") == D("210.00")
    assert totals.missing == {
        "all": {
            "MYR": (D("100"), dt.date(2026, 6, 30)),
            "THB": (D("1000"), dt.date(2026, 7, 2)),
        }
    }


def test_rates_used_in_a_period_are_listed_for_the_methods_note():
    used = _book().rates_used({"MYR", "USD"}, dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    assert used == [
        ("MYR", dt.date(2026, 7, 1), D("0.21")),
        ("MYR", dt.date(2026, 8, 15), D("0.22")),
    ]


def test_admin_adds_a_rate_and_the_book_uses_it(client, login_as, db):
    login_as("admin")
    response = client.post(
        "/admin/rates", data={"currency": "myr", "rate": "0.2150", "valid_from": "2026-07-01"}
    )
    assert response.status_code == 302
    assert RateBook.load("USD").rate_on("MYR", dt.date(2026, 7, 2)) == D("0.2150")


def test_bad_rates_are_refused_next_to_the_field(client, login_as, db):
    login_as("admin")
    db.session.add(
        ExchangeRate(
            currency="MYR", reporting_currency="USD", rate=D("0.2"), valid_from=dt.date(2026, 7, 1)
        )
    )
    db.session.commit()
    cases = [
        ({"currency": "RM", "rate": "0.2", "valid_from": "2026-08-01"}, "Three capital letters"),
        ({"currency": "MYR", "rate": "-1", "valid_from": "2026-08-01"}, "above zero"),
        ({"currency": "MYR", "rate": "1e30", "valid_from": "2026-08-01"}, "too large"),
        ({"currency": "MYR", "rate": "abc", "valid_from": "2026-08-01"}, "Not a valid decimal"),
        ({"currency": "USD", "rate": "1", "valid_from": "2026-08-01"}, "reporting currency"),
        ({"currency": "MYR", "rate": "0.3", "valid_from": "2026-07-01"}, "already starts"),
        ({"currency": "MYR", "rate": "0.3", "valid_from": "July"}, "Not a valid date"),
        ({"currency": "MYR", "rate": "1" + "0" * 20, "valid_from": "2026-08-01"}, "too large"),
    ]
    for data, message in cases:
        page = client.post("/admin/rates", data=data).get_data(as_text=True)
        assert message in page, data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExchangeRate)) == 1


def test_only_admins_manage_rates(client, login_as, db):
    login_as("manager", countries=["MY"])
    assert client.get("/admin/rates").status_code == 403
    assert (
        client.post(
            "/admin/rates", data={"currency": "MYR", "rate": "1", "valid_from": "2026-07-01"}
        ).status_code
        == 403
    )


def test_chart_labels_are_escaped_and_gaps_are_left_open():
    svg = line_chart(
        ["Jul", "Aug", "Sep"],
        [Series("<script>alert(1)</script>", [60, None, 70])],
        title="Sentiment </title><script>",
        y_min=0,
        y_max=100,
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<polyline" not in svg  # two single points either side of a gap: no line
    bars = bar_chart([("Education <b>", 1200)], title="Investment")
    assert "Education &lt;b&gt;" in bars and "1,200" in bars
    stacked = stacked_bar_chart(
        ["noise"], [Series("open", [2]), Series("closed", [3])], title="Grievances"
    )
    assert ">5<" in stacked  # the total is written beside the bar


def test_region_map_draws_host_countries_and_a_linked_marker_per_site():
    from outreach.core.maps import Marker, region_map, sentiment_color

    svg = region_map(
        [Marker(3.81, 103.33, "Kuantan <depot>", "/sites/7", sentiment_color(35))], title="Sites"
    )
    assert svg.count("<polygon") > 20
    assert "<title>Malaysia</title>" in svg and "<title>Vietnam</title>" in svg
    assert '<a href="/sites/7" tabindex="-1">' in svg and 'fill="#b3261e"' in svg
    assert "Kuantan &lt;depot&gt;" in svg


def test_region_map_markers_look_the_same_with_a_larger_invisible_tap_target():
    """Drawn as before (a dot of radius 6, also in print), with an invisible circle of radius 24
    linking the same site: 24 px across on a phone showing the map 320 px wide. The dots lie
    over every tap target, so a dot near another site's still reaches its own."""
    from outreach.core.maps import Marker, region_map

    svg = region_map(
        [Marker(3.81, 103.33, "Kuantan depot", "/sites/7"), Marker(3.9, 103.4, "Gebeng", "/s/8")],
        title="Sites",
    )
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', svg)
    assert [url for url, _ in links] == ["/sites/7", "/s/8", "/sites/7", "/s/8"]
    hits, dots = [c for _, c in links[:2]], [c for _, c in links[2:]]
    assert all(' r="24.0" ' in c and 'fill-opacity="0"' in c for c in hits)
    assert all(' r="6" ' in c and 'fill="#0b6e4f" stroke="#fff"' in c for c in dots)
    # a picture for the pointer: no tab stop in it; the list of the same links has them
    assert svg.count('tabindex="-1"') == 4 and 'aria-hidden="true"' in svg


def test_the_rates_list_is_newest_first_page_by_page_and_filtered_by_currency(client, login_as, db):
    """Years of monthly rates made /admin/rates one long page with a form per rate."""
    months = [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(30)]
    rates = [("MYR", day, D("0.2")) for day in months] + [("THB", dt.date(2025, 3, 3), D("0.03"))]
    for currency, day, rate in rates:
        db.session.add(
            ExchangeRate(currency=currency, reporting_currency="USD", rate=rate, valid_from=day)
        )
    db.session.commit()
    login_as("admin")

    def days(page: str) -> list[str]:
        return re.findall(r"<td>(\w+ \d+, \d{4})</td>", page)

    first = client.get("/admin/rates").get_data(as_text=True)
    assert len(days(first)) == 25 and days(first)[:2] == ["Jun 1, 2026", "May 1, 2026"]
    assert "Page 1 of 2" in first and "/admin/rates?page=2" in first
    second = client.get("/admin/rates?page=2").get_data(as_text=True)
    assert days(second)[-1] == "Jan 1, 2024" and len(days(second)) == 6

    only_myr = client.get("/admin/rates?currency=MYR&page=2").get_data(as_text=True)
    assert "THB" not in only_myr.split("<tbody>")[1] and len(days(only_myr)) == 5
    assert "currency=MYR" in only_myr.split('class="pager"')[1]  # the pages keep the filter
    oldest = db.session.scalar(sa.select(ExchangeRate).order_by(ExchangeRate.valid_from))
    response = client.post(f"/admin/rates/{oldest.id}/delete?currency=MYR&page=2")
    assert response.headers["Location"].endswith("/admin/rates?currency=MYR&page=2")
    thb = client.get("/admin/rates?currency=THB").get_data(as_text=True)
    assert days(thb) == ["Mar 3, 2025"] and 'class="pager"' not in thb
