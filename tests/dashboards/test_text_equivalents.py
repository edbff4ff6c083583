"""Charts readable without the picture, labels that fit, and counts that are real text."""

from __future__ import annotations

import re

from flask_babel import force_locale

from outreach.activities.kinds import ActivityState
from outreach.core.charts import _text_width, bar_chart, stacked_bar_chart
from tests import factories


def _labels(svg: str) -> list[tuple[float, str]]:
    return [
        (float(x), text)
        for x, text in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end">([^<]*)<', svg)
    ]


def test_a_long_bar_label_is_not_cut_off(app):
    """ "ercial initiative…": the motivation's label ran off the chart's left edge."""
    with app.test_request_context(), force_locale("en"):
        svg = str(
            bar_chart(
                [("Commercial initiative in the community", 10), ("Charitable gift", 20)],
                title="t",
            )
        )
        for x, text in _labels(svg):
            assert x - _text_width(text) >= 0
        assert "Commercial initiative in the community" in svg
        too_long = "A category name far too long to be drawn whole beside any bar at all " * 2
        svg = str(stacked_bar_chart([too_long], [], title="t"))
        ((x, shown),) = _labels(svg)
        assert shown.endswith("…") and x - _text_width(shown) >= 0
        assert f"<title>{too_long}</title>" in svg  # the full words in the tooltip
        assert 'font-size="12"' in svg


def test_the_partner_dashboard_has_a_table_for_every_chart(portfolio, client, login_as):
    login_as("partner", countries=["MY"])
    page = client.get("/dashboard/partner").get_data(as_text=True)
    figures = page.count('class="card chart-box"')
    assert figures >= 6
    assert page.count('<details class="chart-data">') == figures
    assert page.count('class="chart-scroll" tabindex="0"') == figures
    assert 'id="alarms"' not in page  # site standings are for staff


def test_the_review_count_is_text_not_a_label_on_a_span(client, login_as, db):
    site = factories.site()
    author = factories.user(role="field", sites=[site])
    factories.activity(site, author, state=ActivityState.SUBMITTED)
    login_as("manager", countries=["MY"])
    page = client.get("/sites").get_data(as_text=True)
    badge = re.search(r'<span class="badge">(.*?)</span></span>', page)
    assert badge is not None
    assert re.fullmatch(r'1<span class="visually-hidden"> waiting', badge.group(1))
    assert 'class="badge" aria-label' not in page
