def test_pages_speak_the_chosen_language(client, login_as, db):
    """A Thai officer's pages are marked Thai; the switcher changes the next page's language."""
    login_as("field", language="th")
    assert 'lang="th"' in client.get("/account").get_data(as_text=True)
    response = client.post("/language", data={"language": "vi", "next": "/account"})
    assert response.headers["Location"].endswith("/account")
    assert 'lang="vi"' in client.get("/account").get_data(as_text=True)


def test_switcher_refuses_foreign_redirects_and_unknown_languages(client, db):
    response = client.post("/language", data={"language": "xx", "next": "https://evil.example"})
    assert "evil.example" not in response.headers["Location"]
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_public_page_offers_host_languages_staff_pages_do_not(client, db):
    client.post("/language", data={"language": "km", "next": "/f/status"})
    assert 'lang="km"' in client.get("/f/status").get_data(as_text=True)
    # Khmer is a public-page language only: the sign-in page stays in a staff language.
    assert 'lang="km"' not in client.get("/login").get_data(as_text=True)


def test_amounts_follow_the_locale_with_the_reporting_currency_beside(client, login_as, db):
    import datetime as dt
    from decimal import Decimal

    from tests import factories

    site = factories.site()
    author = factories.user(role="field", sites=[site])
    factories.exchange_rate(currency="MYR", rate=Decimal("0.2"), valid_from=dt.date(2020, 1, 1))
    activity = factories.activity(site, author, cash_amount=Decimal("5000.00"))
    login_as("manager", countries=["MY"], language="vi")
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "MYR 5.000,00" in page  # Vietnamese grouping and decimal comma
    assert "≈ USD 1.000,00" in page
    login_as("manager", countries=["MY"], language="en")
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "MYR 5,000.00" in page and "≈ USD 1,000.00" in page


def test_shared_form_messages_are_translated_too(client, login_as, db):
    """Messages from the shared form macros speak the user's language (Thai here)."""
    from flask_babel import force_locale, gettext

    from tests import factories

    site = factories.site()
    login_as("field", sites=[site], language="th")
    page = client.post("/stakeholders/new", data={"name": ""}).get_data(as_text=True)
    with force_locale("th"):
        expected = gettext("Please correct the fields marked below.")
    assert expected != "Please correct the fields marked below." and expected in page
