"""Countries and feedback categories named in the reader's language, in the dashboards' charts
and in the lists (a category in the names its admins wrote for each language)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.feedback.models import FeedbackCategory
from outreach.stats import rollups
from tests import factories


@pytest.mark.parametrize(
    ("language", "malaysia", "thailand"),
    [("th", "มาเลเซีย", "ไทย"), ("zh_Hans", "马来西亚", "泰国")],
)
def test_the_partner_dashboard_names_its_countries_in_the_readers_language(
    portfolio, client, login_as, language, malaysia, thailand
):
    login_as("partner", countries=["MY", "TH"])
    page = client.get(f"/dashboard/partner?lang={language}&period=quarter&quarter=2025-Q1")
    html = page.get_data(as_text=True)
    select = html.split('id="country"', 1)[1].split("</select>", 1)[0]
    assert malaysia in select and thailand in select and "Malaysia" not in select
    # the sentiment chart draws one line per country, and its table names them the same way
    chart = html.split('id="chart-sentiment"', 1)[1].split("</figure>", 1)[0]
    assert malaysia in chart and "Malaysia" not in chart


@pytest.fixture
def named_category(client, login_as, db):
    """An admin's own category, named in Chinese and Thai, on a grievance of this month."""
    login_as("admin")
    client.post(
        "/feedback/categories",
        data={
            "key": "blasting",
            "name": "Blasting vibration",
            "name_zh_Hans": "爆破震动",
            "name_th": "แรงสั่นสะเทือนจากการระเบิด",
            "active": "y",
        },
    )
    client.post("/logout")
    category = db.session.scalar(sa.select(FeedbackCategory).filter_by(key="blasting"))
    site = factories.site("MY")
    grievance = factories.feedback(site, is_grievance=True, received_on=dt.date.today())
    grievance.categories.append(category)
    rollups.rebuild()
    db.session.commit()
    return category


@pytest.mark.parametrize(
    ("language", "name"), [("zh_Hans", "爆破震动"), ("th", "แรงสั่นสะเทือนจากการระเบิด")]
)
def test_an_admins_category_is_named_in_each_language_in_charts_and_lists(
    named_category, client, login_as, language, name
):
    login_as("manager", countries=["MY"])
    html = client.get(f"/dashboard/portfolio?lang={language}").get_data(as_text=True)
    chart = html.split('id="chart-grievances"', 1)[1].split("</figure>", 1)[0]
    assert name in chart and "Blasting vibration" not in chart
    listing = client.get("/feedback/grievances/overdue").get_data(as_text=True)
    select = listing.split('id="category"', 1)[1].split("</select>", 1)[0]
    assert name in select
    english = client.get("/dashboard/portfolio?lang=en").get_data(as_text=True)
    assert "Blasting vibration" in english.split('id="chart-grievances"', 1)[1]


def test_a_language_left_empty_falls_back_and_a_rename_keeps_the_other_names(
    named_category, client, login_as, db
):
    login_as("admin")
    page = client.get("/feedback/categories?lang=en").get_data(as_text=True)
    assert 'value="爆破震动"' in page and 'lang="zh-Hans"' in page
    client.post(
        f"/feedback/categories/{named_category.id}",
        data={"name": "Blasting", "name_zh_Hans": "爆破", "name_th": "", "active": "y"},
    )
    db.session.refresh(named_category)
    assert named_category.names.in_language("zh_Hans") == "爆破"
    assert named_category.names.in_language("th") == "Blasting"  # none written: the recorded
    assert named_category.names.in_language("vi") == "Blasting"
