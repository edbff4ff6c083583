"""Bad input for each form: the form comes back with the message next to the field, what was
typed is kept, and nothing at all is written to the database."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from tests import factories
from tests.foundation.helpers import field_error, row_counts

NEW_PASSWORD = "long winding river stone path"


def site_form(w):
    return {
        "code": "MY-NEW-01",
        "name": "Gemas junction",
        "country_code": "MY",
        "province": "Negeri Sembilan",
        "district": "Tampin",
        "kind": "rail",
        "operator": "Demo Rail",
        "bri_reference": "",
        "status": "planned",
        "latitude": "2.58",
        "longitude": "102.61",
        "start_date": "2025-01-15",
        "version": str(w["site"].version),
    }


def country_form(w):
    return {"name": "Malaysia", "currency": "MYR", "languages": "ms,en", "next_election": ""}


def new_user_form(w):
    return {
        "email": "new.officer@example.test",
        "name": "Nur Aisyah",
        "role": "field",
        "language": "",
        "site_ids": [str(w["site"].id)],
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }


def edit_user_form(w):
    data = new_user_form(w)
    del data["password"], data["confirm"]
    return data


def stakeholder_form(w):
    return {
        "name": "Kampung Baru",
        "category": "village",
        "site_ids": [str(w["site"].id)],
        "location": "near the depot gate",
        "notes": "",
        "version": str(w["stakeholder"].version),
    }


def password_form(w):
    return {
        "pw-current_password": factories.PASSWORD,
        "pw-new_password": NEW_PASSWORD,
        "pw-confirm": NEW_PASSWORD,
    }


def reset_form(w):
    return {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}


def login_form(w):
    return {"email": w["user"].email, "password": factories.PASSWORD}


def feedback_form(w):
    return {
        "received_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "channel": "meeting",
        "language": "ms",
        "text": "The lorries raise dust on the school road every morning.",
        "sentiment": "-1",
    }


def survey_form(w):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    return {"conducted_on": yesterday.isoformat(), "sample_size": "20", "method": "paper"}


FORMS = {
    # name: (role signing in, url, valid form)
    "new site": ("admin", lambda w: "/sites/new", site_form),
    "edit site": ("admin", lambda w: f"/sites/{w['site'].id}/edit", site_form),
    "country": ("admin", lambda w: "/countries/MY/edit", country_form),
    "new user": ("admin", lambda w: "/admin/users/new", new_user_form),
    "edit user": ("admin", lambda w: f"/admin/users/{w['user'].id}/edit", edit_user_form),
    "reset password": ("admin", lambda w: f"/admin/users/{w['user'].id}/password", reset_form),
    "new stakeholder": ("field", lambda w: "/stakeholders/new", stakeholder_form),
    "edit stakeholder": (
        "field",
        lambda w: f"/stakeholders/{w['stakeholder'].id}/edit",
        stakeholder_form,
    ),
    "own password": ("field", lambda w: "/account/password", password_form),
    "feedback": ("field", lambda w: f"/feedback/sites/{w['site'].id}/new", feedback_form),
    "survey": ("field", lambda w: f"/feedback/sites/{w['site'].id}/surveys/new", survey_form),
    "sign in": (None, lambda w: "/login", login_form),
}

LONG = "x" * 300
LONG_PASSWORD = "quiet river stone path " * 12  # 276 characters, a strong passphrase otherwise
# (form, changes to the valid form, field id, message shown next to it)
CASES = [
    ("new site", {"code": ""}, "code", "Enter a short code."),
    ("new site", {"code": "MY ECRL 01"}, "code", "Use capital letters, digits and dashes"),
    ("new site", {"code": "MY-" + "9" * 20}, "code", "longer than 20"),
    ("new site", {"code": "MY-OLD-01"}, "code", "Another site already uses this code."),
    ("new site", {"name": ""}, "name", "Enter the site's name."),
    ("new site", {"name": LONG}, "name", "longer than 200"),
    ("new site", {"country_code": "XX"}, "country_code", "Choose a country from the list."),
    ("new site", {"country_code": ""}, "country_code", "Choose the country."),
    ("new site", {"latitude": "200"}, "latitude", "Latitude lies between -90 and 90."),
    ("new site", {"longitude": "-181"}, "longitude", "Longitude lies between -180 and 180."),
    ("new site", {"latitude": "north"}, "latitude", "Not a valid decimal value."),
    ("new site", {"longitude": ""}, "longitude", "Give both latitude and longitude, or neither."),
    ("new site", {"bri_designated": "y"}, "bri_reference", "Give the reference of the BRI"),
    ("new site", {"start_date": "15/01/2025"}, "start_date", "Not a valid date value."),
    ("edit site", {"code": "TH-OTHER-01"}, "code", "Another site already uses this code."),
    ("edit site", {"latitude": "200"}, "latitude", "Latitude lies between -90 and 90."),
    ("edit site", {"name": ""}, "name", "Enter the site's name."),
    ("country", {"name": ""}, "name", "Enter the name."),
    ("country", {"currency": "ringgit"}, "currency", "Three capital letters, e.g. MYR."),
    ("country", {"languages": "Malay; English"}, "languages", "Codes separated by commas"),
    ("country", {"next_election": "soon"}, "next_election", "Not a valid date value."),
    ("country", {"staff_hour_rate": "1" + "0" * 12}, "staff_hour_rate", "too large"),
    ("country", {"staff_hour_rate": "1e30"}, "staff_hour_rate", "too large"),
    ("new user", {"email": ""}, "email", "Enter the e-mail address."),
    ("new user", {"email": "nur.aisyah-at-example"}, "email", "This is not an e-mail address."),
    ("new user", {"email": "Taken@Example.test"}, "email", "Another account already uses"),
    ("new user", {"name": LONG}, "name", "longer than 120"),
    ("new user", {"password": "short1", "confirm": "short1"}, "password", "at least 12"),
    (
        "new user",
        {"password": "password1234", "confirm": "password1234"},
        "password",
        "This password is too common.",
    ),
    (
        "new user",
        {"password": "nur aisyah forever", "confirm": "nur aisyah forever"},
        "password",
        "Do not use your name or e-mail address",
    ),
    ("new user", {"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
    ("new user", {"site_ids": []}, "site_ids", "A field officer needs at least one site."),
    ("new user", {"role": "manager"}, "country_codes", "Managers and partners need a country."),
    ("new user", {"role": "superuser"}, "role", "Not a valid choice."),
    ("edit user", {"email": "colleague@example.test"}, "email", "Another account already uses"),
    ("edit user", {"name": ""}, "name", "Enter the name."),
    (
        "reset password",
        {"password": "qwerty123456", "confirm": "qwerty123456"},
        "password",
        "This password is too common.",
    ),
    ("new stakeholder", {"name": ""}, "name", "Enter the name."),
    ("new stakeholder", {"name": LONG}, "name", "longer than 200"),
    ("new stakeholder", {"site_ids": []}, "site_ids", "Choose at least one site."),
    (
        "new stakeholder",
        {"contact_name": "Pak Rahman", "contact_phone": "+60 12 345 6789"},
        "consent_personal_data",
        "Personal contact details may only be kept with the person's consent.",
    ),
    (
        "new stakeholder",
        {"contact_email": "rahman@", "consent_personal_data": "y"},
        "contact_email",
        "This is not an e-mail address.",
    ),
    (
        "new stakeholder",
        {"contact_phone": "call the imam", "consent_personal_data": "y"},
        "contact_phone",
        "Digits, spaces and + only",
    ),
    ("edit stakeholder", {"name": ""}, "name", "Enter the name."),
    (
        "edit stakeholder",
        {"contact_email": "rahman@example.test"},
        "consent_personal_data",
        "Personal contact details may only be kept with the person's consent.",
    ),
    (
        "own password",
        {"pw-current_password": "not my password"},
        "pw-current_password",
        "This is not your current password.",
    ),
    (
        "own password",
        {"pw-new_password": "short", "pw-confirm": "short"},
        "pw-new_password",
        "at least 12",
    ),
    (
        "own password",
        {"pw-new_password": factories.PASSWORD, "pw-confirm": factories.PASSWORD},
        "pw-new_password",
        "Choose a password other than your current one.",
    ),
    *(
        # keyboard walks and the commonest passwords, wherever a password is set
        (form, {name: walk, confirm: walk}, name, "This password is too common.")
        for walk in ("qwertyuiopas", "1qaz2wsx3edc")
        for form, name, confirm in (
            ("own password", "pw-new_password", "pw-confirm"),
            ("reset password", "password", "confirm"),
            ("new user", "password", "confirm"),
        )
    ),
    (
        "own password",
        {"pw-confirm": "different words here"},
        "pw-confirm",
        "The two passwords differ.",
    ),
    *(
        # argon2 would hash half a megabyte on every try: refused before, next to the field
        ("own password", {field: LONG_PASSWORD, **also}, field, "Use at most 256 characters.")
        for field, also in (
            ("pw-current_password", {}),
            ("pw-new_password", {"pw-confirm": LONG_PASSWORD}),
            ("pw-confirm", {"pw-new_password": LONG_PASSWORD}),
        )
    ),
    ("reset password", {"password": LONG_PASSWORD}, "password", "Use at most 256 characters."),
    ("sign in", {"password": LONG_PASSWORD}, "password", "Use at most 256 characters."),
    ("sign in", {"email": ""}, "email", "Enter your e-mail address."),
    (
        "feedback",
        {"received_on": (dt.date.today() + dt.timedelta(days=10)).isoformat()},
        "received_on",
        "This date is in the future",
    ),
    ("feedback", {"text": ""}, "text", "Write down what was said."),
    ("feedback", {"language": "Malay"}, "language", "Choose a language from the list."),
    ("feedback", {"person_name": "Pak Ali"}, "consent_personal_data", "person's consent"),
    (
        "survey",
        {"conducted_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
        "conducted_on",
        "This date is in the future",
    ),
    ("survey", {"sample_size": "-4"}, "sample_size", "Between 1 and 100,000."),
    ("sign in", {"password": ""}, "password", "Enter your password."),
]


@pytest.fixture
def world(db):
    site = factories.site(code="MY-OLD-01", name="Kuantan depot")
    factories.site(code="TH-OTHER-01", country="TH")
    factories.user(role="admin", email="colleague@example.test")
    return {
        "site": site,
        "stakeholder": factories.stakeholder(sites=[site], name="Kampung Lama"),
        "user": factories.user(role="field", sites=[site], email="taken@example.test"),
    }


def _sign_in(login_as, world, form_name):
    role = FORMS[form_name][0]
    if role == "field":
        login_as("field", sites=[world["site"]])
    elif role:
        login_as(role)


def _post(client, world, form_name, changes):
    _role, url, valid = FORMS[form_name]
    return client.post(url(world), data={**valid(world), **changes})


@pytest.mark.parametrize("form_name", FORMS)
def test_the_valid_form_is_accepted(client, login_as, world, form_name):
    """The baseline the bad-input cases start from really is valid."""
    _sign_in(login_as, world, form_name)
    response = _post(client, world, form_name, {})
    assert response.status_code == 302, field_errors_of(response)


def field_errors_of(response) -> str:
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True)))


#: fields whose typed value is not echoed back (secrets, and choices outside the list)
NOT_ECHOED = {
    "role",
    "country_code",
    "language",
    "password",
    "confirm",
    "pw-current_password",
    "pw-new_password",
    "pw-confirm",
    "site_ids",
    "bri_designated",
    "consent_personal_data",
}


@pytest.mark.parametrize(
    ("form_name", "changes", "field_id", "message"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)],
)
def test_bad_input_is_shown_next_to_the_field(
    client, login_as, world, form_name, changes, field_id, message
):
    _sign_in(login_as, world, form_name)
    before = row_counts()
    response = _post(client, world, form_name, changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = field_error(page, field_id)
    assert error is not None, f"no error next to {field_id}: {field_errors_of(response)}"
    assert message in error
    # screen readers announce "invalid" for any value but false: only the bad field says so
    assert 'aria-invalid="None"' not in page and 'aria-describedby="None"' not in page
    assert row_counts() == before
    for name, value in changes.items():
        if name not in NOT_ECHOED and value and len(value) < 100:
            assert html.escape(value).lower() in page.lower(), name  # codes are upper-cased


def test_a_rejected_edit_changes_nothing(client, login_as, world, db):
    login_as("admin")
    site = world["site"]
    client.post(f"/sites/{site.id}/edit", data={**site_form(world), "latitude": "200"})
    db.session.refresh(site)
    assert site.name == "Kuantan depot"
    assert site.code == "MY-OLD-01"
