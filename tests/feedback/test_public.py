"""The public feedback page: intake, tracking codes, and abuse."""

import re

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, gettext

from outreach.feedback import operations as ops
from outreach.feedback.models import Feedback, GrievanceStatus
from tests import factories

SCRIPT = '<script>alert("x")</script>'


def _submit(client, site, **data):
    form = {"kind": "complaint", "text": "Piling at night", "language": "ms", "anonymous": "y"}
    return client.post(f"/f/{site.code}", data={**form, **data})


def _thanks_code(client, site) -> str:
    page = client.get(f"/f/{site.code}/thanks").get_data(as_text=True)
    return re.search(r'id="tracking-code">([A-Z0-9]+)<', page).group(1)


def test_anonymous_complaint_enters_as_an_unreviewed_grievance(client, db):
    site = factories.site()
    assert _submit(client, site, person_name="Ignored", text="Night piling").status_code == 302
    code = _thanks_code(client, site)
    stored = db.session.scalar(sa.select(Feedback))
    assert stored.tracking_code == code and len(code) >= 10
    assert stored.is_grievance and stored.status == GrievanceStatus.RECEIVED
    assert not stored.reviewed and stored.sentiment is None
    assert stored.anonymous and stored.person_name == ""
    assert stored.recorded_by_id is None
    # The code is shown once only.
    assert "tracking-code" not in client.get(f"/f/{site.code}/thanks").get_data(as_text=True)


def test_status_page_shows_status_and_nothing_personal(client, db):
    site = factories.site()
    grievance = factories.feedback(
        site,
        is_grievance=True,
        text="Secret complaint text",
        person_name="Siti Aminah",
        consent_personal_data=True,
    )
    factories.feedback(site, text="Someone else's praise")
    page = client.post("/f/status", data={"code": grievance.tracking_code.lower()}).get_data(
        as_text=True
    )
    assert "Received" in page and site.name in page
    for secret in ("Secret complaint text", "Siti Aminah", "Someone else"):
        assert secret not in page


def test_wrong_code_reveals_nothing(client, db):
    site = factories.site()
    real = factories.feedback(site, is_grievance=True, text="Secret complaint text")
    last = "2" if real.tracking_code[-1] != "2" else "3"  # one character off, never the code
    for guess in ("AAAAAAAAAAAA", real.tracking_code[:-1] + last, real.tracking_code[:6], "%"):
        page = client.post("/f/status", data={"code": guess}).get_data(as_text=True)
        assert "No message has this code" in page
        assert site.name not in page and "Secret" not in page


def test_tracking_codes_are_long_random_and_distinct(db):
    codes = {ops.new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) >= 10 and set(c) <= set(ops.CODE_ALPHABET) for c in codes)
    # Every position uses (nearly) the whole alphabet: no counters, no dates.
    for position in range(ops.CODE_LENGTH):
        assert len({c[position] for c in codes}) >= len(ops.CODE_ALPHABET) - 2


def test_script_payload_is_stored_inert_and_shown_escaped(client, login_as, db):
    site = factories.site()
    _submit(client, site, text=SCRIPT)
    stored = db.session.scalar(sa.select(Feedback))
    assert stored.text == SCRIPT  # kept exactly as typed, never executed
    login_as("manager", countries=["MY"])
    for url in (f"/feedback/{stored.id}", "/feedback/", "/feedback/grievances"):
        page = client.get(url).get_data(as_text=True)
        assert SCRIPT not in page
        assert "&lt;script&gt;" in page


def test_a_flood_is_throttled(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FEEDBACK_LIMIT", "3 per day")
    site = factories.site()
    statuses = [_submit(client, site, text=f"message {n}").status_code for n in range(6)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429, 429]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 3


def test_code_guessing_is_throttled(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_STATUS_LIMIT", "2 per day")
    codes = ["AAAAAAAAAAAA", "BBBBBBBBBBBB", "CCCCCCCCCCCC"]
    statuses = [client.post("/f/status", data={"code": c}).status_code for c in codes]
    assert statuses == [200, 200, 429]


def test_honeypot_keeps_nothing(client, db):
    site = factories.site()
    response = _submit(client, site, website="http://spam.example")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0


def test_public_page_refuses_a_post_without_csrf_token(client, db, csrf_on):
    site = factories.site()
    assert _submit(client, site).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0


def test_unknown_or_archived_site_has_no_public_page(client, db):
    archived = factories.site(archived=True)
    assert client.get("/f/NO-SUCH-SITE").status_code == 404
    assert client.get(f"/f/{archived.code}").status_code == 404


def test_name_given_without_consent_is_refused_and_not_kept(client, db):
    site = factories.site()
    response = _submit(client, site, anonymous="", person_name="Ah Kow")
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
    _submit(client, site, anonymous="", person_name="Ah Kow", consent_personal_data="y")
    stored = db.session.scalar(sa.select(Feedback))
    assert stored.person_name == "Ah Kow" and stored.consent_recorded_at is not None


def test_poster_prints_and_encodes_the_external_address_whatever_the_host(
    client, login_as, db, monkeypatch
):
    import io

    import segno
    from pypdf import PdfReader

    encoded = []
    make = segno.make
    monkeypatch.setattr(segno, "make", lambda text, **kw: encoded.append(text) or make(text, **kw))
    site = factories.site()
    login_as("field", sites=[site])
    factories.send_session_to(client, "evil.example")
    poster = client.get(f"/feedback/sites/{site.id}/poster.pdf", headers={"Host": "evil.example"})
    text = PdfReader(io.BytesIO(poster.data)).pages[0].extract_text()
    # the link carries the poster's language: the page opens in Malay whatever the phone says
    expected = f"https://outreach.example.org/f/{site.code}?lang=ms"
    assert encoded == [expected]
    assert expected in text.replace("\n", "") and "evil.example" not in text


def test_poster_is_an_a4_pdf_with_the_public_address(client, login_as, db):
    import io

    from pypdf import PdfReader

    site = factories.site()
    login_as("field", sites=[site])
    response = client.get(f"/feedback/sites/{site.id}/poster.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = reader.pages[0].extract_text()
    assert f"/f/{site.code}" in text
    # In the host language (Malay for a Malaysian site) and in English.
    assert "Tell us what you think" in text
    with force_locale("ms"):
        malay = gettext("Tell us what you think")
    assert malay != "Tell us what you think" and malay.split()[0] in text


def test_the_public_page_opens_in_the_host_language_whatever_the_phone_says(client, db):
    """A Cambodian site's page opened in the phone's English (or Malay) and offered Bahasa
    Melayu as the language of the message."""
    site = factories.site("KH")
    page = client.get(f"/f/{site.code}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = page.get_data(as_text=True)
    assert '<html lang="km">' in html
    header = html.split("</header>", 1)[0]
    assert 'id="switch-language"' in header  # the switcher at the top
    assert html.count('id="switch-language"') == 1
    language = html.split('id="language"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option selected value="km">|<option value="km" selected', language)
    assert f'class="brand" href="/f/{site.code}"' in header  # not the staff sign-in
    chosen = client.get(f"/f/{site.code}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in chosen
    # the visitor's own choice stays on the next page
    assert '<html lang="en">' in client.get(f"/f/{site.code}").get_data(as_text=True)


def test_thanks_page_says_when_to_expect_an_answer_and_offers_copy_and_print(client, db):
    site = factories.site()
    factories.country("MY", grievance_ack_days=3, grievance_resolve_days=21)
    _submit(client, site)
    page = client.get(f"/f/{site.code}/thanks?lang=en").get_data(as_text=True)
    stored = db.session.scalar(sa.select(Feedback))
    assert "within 3 working days" in page and "within 21 days" in page
    assert format_date(stored.ack_due, "long", locale="en") in page
    assert format_date(stored.resolve_due, "long", locale="en") in page
    assert 'data-copy="tracking-code"' in page and "data-print" in page
    assert '<script src="/static/js/public.js' in page


def test_status_page_shows_the_answer_and_how_to_appeal(client, db):

    site = factories.site()
    grievance = factories.feedback(
        site,
        is_grievance=True,
        status=GrievanceStatus.CLOSED,
        resolution="We stopped piling after 22:00 and will check each week.",
        text="Secret words of the complaint",
    )
    page = client.post("/f/status?lang=en", data={"code": grievance.tracking_code}).get_data(
        as_text=True
    )
    answer = page.split('id="status-answer"', 1)[1].split("</section>", 1)[0]
    assert "We stopped piling after 22:00" in answer
    assert "Secret words" not in page
    appeal = page.split('id="status-appeal"', 1)[1].split("</section>", 1)[0]
    assert f"/f/{site.code}?appeal={grievance.tracking_code}" in appeal
    form = client.get(f"/f/{site.code}?appeal={grievance.tracking_code}&lang=en")
    assert grievance.tracking_code in form.get_data(as_text=True).split("<textarea", 1)[1]


@pytest.mark.parametrize(
    "language,words", [("km", "ប្ដឹងឧទ្ធរណ៍"), ("lo", "ອຸທອນ"), ("my", "အယူခံ"), ("fil", "Inaapela")]
)
def test_the_appeal_starts_in_the_language_of_the_page(client, db, language, words):
    """A complainant who reads Khmer, Lao, Burmese or Filipino finds the appeal's first words
    in their language, with their tracking code."""
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.CLOSED)
    page = client.get(f"/f/{site.code}?appeal={grievance.tracking_code}&lang={language}")
    box = page.get_data(as_text=True).split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert words in box and grievance.tracking_code in box
    assert "I appeal" not in box


def test_an_open_complaint_shows_its_deadlines_and_no_answer_yet(client, db):
    site = factories.site()
    grievance = factories.feedback(site, is_grievance=True, resolution="internal draft")
    page = client.post("/f/status?lang=en", data={"code": grievance.tracking_code}).get_data(
        as_text=True
    )
    assert "To be answered by" in page and "internal draft" not in page
    assert 'id="status-appeal"' not in page
