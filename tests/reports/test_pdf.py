"""The printed report: what a reader finds in the PDF, and what the renderer refuses to load."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from outreach.core.charts import bar_chart
from outreach.core.pdf import STATIC_BASE_URL, RefusedURL, render_pdf, renderer, url_fetcher
from outreach.core.periods import parse_period_text
from outreach.reports.data import Charts, Kpi
from outreach.reports.period_names import period_names
from outreach.reports.render import STYLESHEETS, render_report_html, render_report_pdf, scope_names
from outreach.reports.scope import ReportScope, ScopeKind
from tests.reports.pdftext import font_names, fonts_drawing_dotted_circles, squeezed, text_of
from tests.reports.sample_data import report_data

HOSTILE = "<img src=x onerror=alert(1)></style><b>Kampung"


@pytest.fixture(scope="module")
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture(scope="module")
def issued_pdf(ctx):
    data = report_data(code="K7M2PQ9XRT", site_name=HOSTILE, caption=f"Caption {HOSTILE}")
    return render_report_pdf(data, draft=False)


def test_key_numbers_are_printed(issued_pdf):
    text = squeezed(text_of(issued_pdf.content))
    assert "MYR41,000.00" in text  # total community investment
    assert "1,234" in text  # people reached
    assert "94.1%" in text  # grievances acknowledged on time
    assert "+25.0%" in text  # investment change on the previous quarter (32,800 → 41,000)
    assert "K7M2PQ9XRT" in text


def test_every_page_says_page_n_of_total_and_has_the_running_header(issued_pdf):
    text = text_of(issued_pdf.content)
    assert issued_pdf.pages >= 5  # chapters follow on: no page is left nearly empty
    assert f"Page {issued_pdf.pages} of {issued_pdf.pages}" in text
    assert text.count("Malaysia · Q3 2026") >= issued_pdf.pages - 1  # not on the cover


def test_contents_and_gri_index_point_at_real_pages(issued_pdf):
    text = text_of(issued_pdf.content)
    contents = text.split("Contents", 1)[1].split("Executive summary", 2)[1]
    page_number = contents.split("\n")[0].strip(" .")
    assert page_number.isdigit() and int(page_number) > 1
    gri = text.split("GRI content index", 2)[-1]
    investment_page = re.search(r"distributed: community investments (\d+)", gri)
    assert investment_page and 1 < int(investment_page[1]) < issued_pdf.pages


def test_hostile_text_is_printed_as_text(issued_pdf, ctx):
    text = squeezed(text_of(issued_pdf.content))
    assert squeezed(HOSTILE) in text
    assert squeezed(f"Caption {HOSTILE}") in text
    html = render_report_html(report_data(site_name=HOSTILE), draft=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;&lt;/style&gt;" in html


def test_an_english_report_embeds_no_chinese_font(issued_pdf):
    # the minus sign of "(mean answer − 1) × 25" is not in Noto Sans; it must not pull in a
    # CJK subset (megabytes of font program for one glyph)
    assert "−" in text_of(issued_pdf.content)
    fonts = font_names(issued_pdf.content)
    assert not [name for name in fonts if "CJK" in name], fonts


def test_chinese_and_thai_are_printed_with_real_glyphs(ctx):
    data = report_data(
        scope_name="马来西亚东海岸铁路", site_name="ชุมชนบ้านหนองบัว", caption="社区植树活动"
    )
    pdf = render_report_pdf(data, draft=False)
    text = squeezed(text_of(pdf.content))
    assert "马来西亚东海岸铁路" in text
    assert "社区植树活动" in text
    assert "ชุมชนบ้านหนองบัว" in text
    fonts = " ".join(font_names(pdf.content))
    assert "Noto-Sans-CJK" in fonts and "Noto-Sans-Thai" in fonts


def test_a_preview_is_marked_draft_and_carries_no_code(ctx):
    pdf = render_report_pdf(report_data(), draft=True)
    text = text_of(pdf.content)
    assert "DRAFT" in text
    assert "Verification code" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "http://127.0.0.1:5000/static/css/app.css",
        "https://example.org/x.css",
        "ftp://example.org/x",
        STATIC_BASE_URL + "../../../pyproject.toml",
        STATIC_BASE_URL + "css/app.css",  # exists, but not a print resource
        STATIC_BASE_URL + "css/print/%2e%2e/%2e%2e/favicon.svg",
    ],
)
def test_the_fetcher_refuses_files_and_remote_urls(url):
    with pytest.raises((RefusedURL, ValueError)):
        url_fetcher.fetch(url)


def test_the_fetcher_serves_data_uris_and_print_stylesheets():
    assert url_fetcher.fetch("data:text/plain,hello").read() == b"hello"
    css = url_fetcher.fetch(STATIC_BASE_URL + "css/print/base.css").read()
    assert b"@page" in css


def test_a_document_cannot_pull_in_local_files_or_remote_urls(ctx, tmp_path):
    leak = tmp_path / "leak.css"
    leak.write_text('body::after { content: "LEAKED-FILE"; }')
    html = (
        f'<link rel="stylesheet" href="file://{leak}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/leak.css">'
        f'<img src="file://{leak}"><p>Body text</p>'
    )
    pdf = render_pdf(html, "base.css")
    text = text_of(pdf.content)
    assert "Body text" in text and "LEAKED" not in text


def test_a_bilingual_report_prints_each_heading_in_both_languages(ctx):
    pdf = render_report_pdf(report_data(languages=("en", "zh_Hans")), draft=False)
    text = squeezed(text_of(pdf.content))
    for english, chinese in [
        ("Executivesummary", "执行摘要"),
        ("Grievancemechanism(IFCPS1)", "申诉机制（IFCPS1）"),
        ("Peoplereached", "惠及人数"),
    ]:
        assert english in text and chinese in text
        assert text.index(english) < text.index(chinese)  # the second language beneath
    chinese_first = squeezed(
        text_of(render_report_pdf(report_data(languages=("zh_Hans",)), draft=False).content)
    )
    assert "社区影响报告" in chinese_first and "Executivesummary" not in chinese_first


def test_thai_and_khmer_chart_labels_and_watermark_keep_their_shape(ctx):
    """WeasyPrint shapes SVG text one code point at a time: the labels must be page text."""
    data = report_data(languages=("th",))
    labels = ["ค่าบริหารจัดการ", "สิ่งแวดล้อม", "សុខភាព", "ការអប់រំ"]
    data.charts = Charts(top_categories=bar_chart([(label, 5) for label in labels], title="t"))
    html = render_report_html(data, draft=True)
    assert "<text" not in html
    pdf = render_report_pdf(data, draft=True)
    text = squeezed(text_of(pdf.content))
    assert all(label in text for label in labels)
    assert "ฉบับร่าง" in text  # the watermark
    assert fonts_drawing_dotted_circles(pdf.content) == set()


def test_a_vietnamese_report_writes_every_number_the_vietnamese_way(ctx):
    text = squeezed(text_of(render_report_pdf(report_data(languages=("vi",)), draft=False).content))
    assert "41.000,00MYR" in text or "MYR41.000,00" in text  # total investment
    assert "+25,0%" in text and "+25.0%" not in text  # change on the previous quarter
    assert "61,5" in text and "61.5" not in text  # sentiment index in July
    assert "0,6512MYR" in text  # the exchange rate used


def test_a_lao_or_chinese_report_names_its_language_and_uses_only_the_noto_fonts(ctx):
    lao = render_report_pdf(report_data(languages=("lo",)), draft=True)
    assert "ສະບັບຮ່າງ" in text_of(lao.content)  # the footer of a draft
    assert all("Noto-Sans" in name for name in font_names(lao.content))
    chinese = render_report_pdf(report_data(languages=("zh_Hans", "en")), draft=False)
    assert pypdf.PdfReader(io.BytesIO(chinese.content)).trailer["/Root"]["/Lang"] == "zh-Hans"
    assert 'lang="en"' in render_report_html(report_data(languages=("zh_Hans", "en")), draft=True)


def _text_past_the_right_margin(html: str) -> list[str]:
    """The words WeasyPrint lays out beyond the right edge of the page's text column."""
    pdf_renderer = renderer(*STYLESHEETS)
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=url_fetcher).render(
        stylesheets=pdf_renderer.stylesheets, font_config=pdf_renderer.font_config
    )
    past = []
    for page in document.pages:
        area = page._page_box
        right = area.content_box_x() + area.width
        for box in area.descendants():
            if isinstance(box, TextBox) and box.position_x + box.width > right + 0.5:
                past.append(box.text)
    return past


@pytest.mark.parametrize("languages", [("my",), ("km", "en"), ("lo",), ("en",)])
def test_the_site_table_stays_on_the_page_in_scripts_written_without_spaces(ctx, languages):
    html = render_report_html(report_data(languages=languages, sites=12), draft=False)
    assert _text_past_the_right_margin(html) == []


def test_the_summary_writes_money_as_every_other_amount(issued_pdf):
    text = squeezed(text_of(issued_pdf.content))
    assert "MYR32,800.00" in text  # the previous quarter's investment, not "32,800 MYR"


def test_cover_and_headers_name_the_country_in_the_reports_language(ctx):
    pdf = render_report_pdf(report_data(languages=("zh_Hans", "en")), draft=False)
    text = text_of(pdf.content)
    # every running header, the period too in both languages
    assert text.count("马来西亚 / Malaysia · 2026年第3季度 / Q3 2026") >= pdf.pages - 1
    myanmar = ReportScope(ScopeKind.COUNTRY, "MM", "Myanmar", "MM")
    assert scope_names(myanmar, ["th", "my", "en"]) == ["เมียนมา", "မြန်မာ", "Myanmar"]
    portfolio = ReportScope(ScopeKind.PORTFOLIO, "", "Portfolio")
    assert scope_names(portfolio, ["km", "en"]) == ["គម្រោងទាំងអស់", "Portfolio"]


def test_the_period_is_written_as_the_reports_language_writes_it(ctx):
    thai = text_of(render_report_pdf(report_data(languages=("th",)), draft=False).content)
    # Thai readers count years in the Buddhist Era: 2026 is 2569
    assert "ไตรมาส 3 ปี 2569" in thai and "2026-Q3" not in thai and "2026" not in thai
    assert "2026-Q3" not in text_of(render_report_pdf(report_data(), draft=False).content)
    quarter = parse_period_text("2026-Q3")
    assert period_names(quarter, ["zh_Hans", "en", "vi"]) == [
        "2026年第3季度",
        "Q3 2026",
        "Quý 3 năm 2026",
    ]
    assert period_names(parse_period_text("2026-03"), ["en", "zh_Hans"]) == [
        "March 2026",
        "2026年3月",
    ]
    assert period_names(parse_period_text("2026"), ["en"]) == ["2026"]
    assert squeezed(period_names(parse_period_text("2025-11..2026-02"), ["en"])[0]) == (
        "Nov2025–Feb2026"
    )


def test_staff_hours_carry_their_unit_in_the_reports_language(ctx, issued_pdf):
    assert "Stafftime(240h)" in squeezed(text_of(issued_pdf.content))
    thai = text_of(render_report_pdf(report_data(languages=("th", "en")), draft=False).content)
    assert "(240ชม.)" in squeezed(thai) and "240h" not in squeezed(thai)


def test_a_score_or_a_share_changes_by_its_difference_not_by_a_percentage_of_it(ctx):
    data = report_data()
    data.kpis += [
        Kpi(
            "mean_sentiment",
            "Mean sentiment (−2 … +2)",
            Decimal("-0.29"),
            Decimal("0.04"),
            "",
            True,
        ),
        Kpi("ack_on_time", "Acknowledged on time", Decimal("81.8"), Decimal("100"), "%", True),
    ]
    text = squeezed(text_of(render_report_pdf(data, draft=False).content))
    assert "-0.33" in text and "-825" not in text
    assert "-18.2percentagepoints" in text
    assert "+25.0%" in text  # money still changes by a percentage of the previous period
