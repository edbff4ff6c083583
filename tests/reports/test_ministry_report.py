"""What a ministry reader finds in the PDF: the organisation on the cover and in the footer, the
manager's summary, GRI 413-1 as eight shares of the sites, GRI 413-2 with the sites and why,
commitments with a sentence each, one sentiment scale, Buddhist-Era years in Thai."""

from __future__ import annotations

import datetime as dt
import io
import re

import sqlalchemy as sa
from PIL import Image

from outreach.activities.kinds import ActivityState
from outreach.admin import operations as admin_ops
from outreach.core.periods import parse_period_text
from outreach.feedback.models import FeedbackCategory
from outreach.feedback.operations import ensure_default_categories
from outreach.reports.gather import gather_report_data
from outreach.reports.operations import issue_report
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import parse_scope
from outreach.stats import rollups
from tests import factories
from tests.reports.pdftext import squeezed, text_of

Q3 = parse_period_text("2026-Q3")
TODAY = dt.date(2026, 10, 15)


def _world():
    assessed = factories.site(
        country="MY",
        name="Assessed depot",
        social_assessment_on=dt.date(2025, 5, 1),
        environmental_assessment_on=dt.date(2025, 6, 1),
        assessment_disclosure_url="https://example.org/esia",
        engagement_plan=True,
        works_council=True,
    )
    plain = factories.site(country="MY", name="Plain yard")
    officer = factories.user(role="field", sites=[assessed, plain])
    factories.activity(
        assessed, officer, activity_date=dt.date(2026, 8, 10), state=ActivityState.APPROVED
    )
    ensure_default_categories()
    noise = factories.db.session.scalar(
        sa.select(FeedbackCategory).where(FeedbackCategory.key == "noise")
    )
    for day in (3, 4, 5):
        grievance = factories.feedback(plain, is_grievance=True, received_on=dt.date(2026, 8, day))
        grievance.categories = [noise]
    factories.db.session.flush()
    rollups.rebuild()
    return assessed, plain


def _pdf_text(languages=("en",)) -> str:
    data = gather_report_data(parse_scope("country:MY"), Q3, list(languages), None, TODAY)
    return text_of(render_report_pdf(data, draft=True).content)


def test_gri_413_1_gives_the_eight_shares_of_the_sites(app, db):
    _world()
    text = squeezed(_pdf_text())
    assert "GRI413-1" in text
    # 2 sites: the assessed one has (i), (ii), (iii), (iv), (v), (vii); both take grievances
    shares = re.findall(r"\((i|ii|iii|iv|v|vi|vii|viii)\)[^()%]*?(\d+\.\d)%", text)
    assert dict(shares) == {
        "i": "50.0",
        "ii": "50.0",
        "iii": "50.0",
        "iv": "50.0",
        "v": "50.0",
        "vi": "0.0",
        "vii": "50.0",
        "viii": "100.0",
    }


def test_gri_413_2_lists_the_site_with_impact_grievances_and_says_how(app, db):
    assessed, plain = _world()
    text = squeezed(_pdf_text())
    part = text.split("GRI413-2", 1)[1]
    assert plain.code in part and "Noise:3" in part
    assert "atleast3grievancesaboutanimpact" in part


def test_the_thai_report_writes_buddhist_era_years(app, db):
    _world()
    text = _pdf_text(("th",))
    assert "2569" in text and "พ.ศ." in text
    assert not re.search(r"\b2026\b", text), text[
        max(0, text.find("2026") - 80) : text.find("2026") + 40
    ]


def test_charts_and_figures_carry_titles_with_units(app, db):
    _world()
    text = squeezed(_pdf_text())
    assert "Sentimentindex(0–100)" in text  # the one sentiment scale, named with its unit
    assert "(−2…+2)" not in text.replace("from−2to+2", "")
    assert "Investmentbycause(USD)" in text or "Investmentbycause(MYR)" in text
    assert "Promisesmadetothecommunityintheperiod" in text  # commitments, a sentence each


def test_the_organisation_and_the_narrative_are_printed_and_kept(app, db):
    _world()
    admin = factories.user(role="admin")
    logo = io.BytesIO()
    Image.new("RGB", (300, 120), "#0f4c5c").save(logo, "PNG")
    admin_ops.save_organisation(
        {"name": "Demo Rail Holdings", "contact": "hello@example.org", "logo": logo.getvalue()},
        admin,
    )
    manager = factories.user(role="manager", countries=["MY"])
    data = gather_report_data(parse_scope("country:MY"), Q3, ["en"], manager, TODAY)
    data.executive_summary = "The quarter brought the new crossing at the school."
    data.highlights = ["320 pupils received textbooks"]
    app.config["EXTERNAL_URL"] = "https://outreach.example.org"
    report = issue_report(data, manager)
    text = squeezed(text_of(report.pdf))
    assert "DemoRailHoldings" in text.split("Contents")[0]  # on the cover
    assert text.count("DemoRailHoldings") >= report.page_count  # and in every footer
    assert "hello@example.org" in text
    assert "Thequarterbroughtthenewcrossingattheschool." in text
    assert report.executive_summary.startswith("The quarter brought")
    assert report.highlights == "320 pupils received textbooks"
