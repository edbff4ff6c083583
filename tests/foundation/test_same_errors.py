"""One rule, every entrance: the same invalid input sent through the web form and straight to the
operation is refused with the same message for the same field, and nothing is written.

Each row is one invalid command; each entrance is a function that sends it in its own way and
answers ``{field: message}``. A new entrance is one more function in ENTRANCES (the JSON API and
the imports are), and every row runs through it."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal

import pytest

from outreach.activities import commitment_operations
from outreach.activities import operations as activity_ops
from outreach.activities.kinds import ActivityKind
from outreach.core.rules import RuleError
from outreach.feedback import operations as feedback_ops
from outreach.feedback.models import GrievanceStatus
from outreach.stakeholders import operations as stakeholder_ops
from tests import factories
from tests.foundation.helpers import field_error, row_counts

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
COMMON = {
    "activity_date": YESTERDAY,
    "title": "Textbooks for SK Kampung Baru",
    "currency": "MYR",
    "motivation": "community_investment",
    "cause": "education",
}


def donation(w):
    return {
        **COMMON,
        "donation_form": "cash",
        "beneficiary_id": w["beneficiary"].id,
        "cash_amount": Decimal("500.00"),
        "valuation": "",
        "beneficiaries": 40,
    }


def consultation(w):
    return {
        **COMMON,
        "consultation_format": "town_hall",
        "topic": "Blasting schedule",
        "participants": 50,
        "participants_women": 20,
        "participants_men": 30,
    }


def training(w):
    return {**COMMON, "programme": "Welding", "trainees": 20, "completed": 18}


def commitment(w):
    return {
        "description": "Water the road twice a day",
        "owner": "HSE",
        "due_date": TODAY,
        "status": "open",
    }


def feedback(w):
    return {
        "received_on": YESTERDAY,
        "channel": "meeting",
        "language": "ms",
        "text": "The lorries raise dust on the school road every morning.",
        "sentiment": -1,
    }


def stakeholder(w):
    return {"name": "Kampung Baru", "category": "village", "site_ids": [w["site"].id]}


def step(w):
    return {"action": "resolve", "resolution": "", "note": ""}


def _at_site(valid, url: str, operation) -> dict:
    """An entry a field officer records at the site: ``url`` names the site ``{site}``,
    ``operation(site, command, user)`` records it."""
    return {
        "role": "field",
        "valid": valid,
        "url": lambda w: url.format(site=w["site"].id),
        "operation": lambda w, command, user: operation(w["site"], command, user),
    }


def _activity(valid, kind: ActivityKind) -> dict:
    def create(site, command, user):
        return activity_ops.create_activity(site, kind, command, user)

    return _at_site(valid, f"/sites/{{site}}/activities/new/{kind.value}", create)


#: what each entity is sent to: who sends it, the form's address, and the operation
ENTITIES = {
    "donation": _activity(donation, ActivityKind.DONATION),
    "consultation": _activity(consultation, ActivityKind.CONSULTATION),
    "training": _activity(training, ActivityKind.TRAINING),
    "commitment": _at_site(
        commitment, "/sites/{site}/commitments/new", commitment_operations.create_commitment
    ),
    "feedback": _at_site(feedback, "/feedback/sites/{site}/new", feedback_ops.record_feedback),
    "stakeholder": {
        "role": "field",
        "valid": stakeholder,
        "url": lambda w: "/stakeholders/new",
        "operation": lambda w, command, user: stakeholder_ops.create_stakeholder(command, user),
    },
    "grievance step": {
        "role": "manager",
        "valid": step,
        "url": lambda w: f"/feedback/{w['grievance'].id}/transition",
        # the step's fields are drawn once per action on the page, their ids end in it
        "field_of": lambda field_id, command: field_id.removesuffix(f"-{command['action']}"),
        "operation": lambda w, command, user: feedback_ops.transition(
            w["grievance"],
            command["action"],
            user,
            note=command["note"],
            resolution=command["resolution"],
        ),
    },
}


def other_sites_stakeholder(w):
    return w["outsider"].id


def deleted_stakeholder(w):
    return w["removed"].id


# (entity, changes to its valid command, field, message); a change may need the world (a
# function of it)
ROWS = [
    (
        "donation",
        {"activity_date": TODAY + dt.timedelta(days=1)},
        "activity_date",
        "This date is in the future; record an activity once it has taken place.",
    ),
    ("donation", {"activity_date": dt.date(1999, 12, 31)}, "activity_date", "Check the year."),
    ("donation", {"cash_amount": Decimal("-5.00")}, "cash_amount", "Enter zero or more."),
    ("donation", {"cash_amount": Decimal("1e13")}, "cash_amount", "This number is too large."),
    ("donation", {"cash_amount": None}, "cash_amount", "Enter the cash amount."),
    ("donation", {"beneficiaries": None}, "beneficiaries", "Enter a number."),
    (
        "donation",
        {"beneficiary_id": other_sites_stakeholder},
        "beneficiary_id",
        "This beneficiary is not in the register of this site; add them first.",
    ),
    (
        "donation",
        {"beneficiary_id": deleted_stakeholder},
        "beneficiary_id",
        "This beneficiary is not in the register of this site; add them first.",
    ),
    (
        "donation",
        {"partner_ids": lambda w: [w["beneficiary"].id, w["outsider"].id]},
        "partner_ids",
        "Choose from the list.",
    ),
    (
        "donation",
        {"donation_form": "in_kind", "in_kind_value": Decimal("900"), "valuation": "market_value"},
        "in_kind_description",
        "Say what was given.",
    ),
    ("donation", {"title": ""}, "title", "Give the activity a short title."),
    (
        "donation",
        {"motivation": ""},
        "motivation",
        "Choose the B4SI motivation, or Not recorded if nobody knows it.",
    ),
    (
        "donation",
        {"latitude": Decimal("3.1")},
        "longitude",
        "Give both latitude and longitude, or neither.",
    ),
    (
        "consultation",
        {"participants_women": 60, "participants_men": None},
        "participants_men",
        "Women and men together exceed the total participants.",
    ),
    (
        "consultation",
        {"participants_youth": 51},
        "participants_youth",
        "More than the total participants.",
    ),
    ("training", {"completed": 21}, "completed", "More than the trainees."),
    ("training", {"certificates": 19}, "certificates", "More than those who completed."),
    ("commitment", {"owner": ""}, "owner", "Who will keep this promise?"),
    ("commitment", {"due_date": None}, "due_date", "By when?"),
    ("commitment", {"status": "done"}, "evidence", "Say how the promise was kept."),
    (
        "feedback",
        {"received_on": TODAY + dt.timedelta(days=1)},
        "received_on",
        "This date is in the future.",
    ),
    (
        "feedback",
        {"stakeholder_id": other_sites_stakeholder},
        "stakeholder_id",
        "Choose from the list.",
    ),
    (
        "feedback",
        {"person_name": "Pak Rahman"},
        "consent_personal_data",
        "A name or contact may only be kept with the person's consent.",
    ),
    ("feedback", {"language": "xx"}, "language", "Choose a language from the list."),
    (
        "feedback",
        {"is_grievance": True, "text": " "},
        "text",
        "Write down what was said.",
    ),
    ("stakeholder", {"name": " "}, "name", "Enter the name."),
    (
        "stakeholder",
        {"contact_email": "pak.rahman", "consent_personal_data": True},
        "contact_email",
        "This is not an e-mail address.",
    ),
    (
        "stakeholder",
        {"contact_phone": "call the imam", "consent_personal_data": True},
        "contact_phone",
        "Digits, spaces and + only, e.g. +60 12 345 6789.",
    ),
    ("stakeholder", {"site_ids": []}, "site_ids", "Choose at least one site."),
    (
        "stakeholder",
        {"contact_name": "Pak Rahman"},
        "consent_personal_data",
        "Personal contact details may only be kept with the person's consent.",
    ),
    (
        "grievance step",
        {"resolution": "  "},
        "resolution",
        "Describe what was done to resolve it.",
    ),
]


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def through_form(client, w, entity, command, user) -> dict[str, str]:
    """Posted as the browser sends it; the page shows the message next to each field."""
    spec = ENTITIES[entity]
    data = {name: _form_value(value) for name, value in command.items()}
    response = client.post(spec["url"](w), data=data)
    assert response.status_code == 200  # the form comes back, nothing is redirected
    page = response.get_data(as_text=True)
    field_of = spec.get("field_of", lambda field_id, command: field_id)
    ids = re.findall(r'<p class="error" id="([^"]+)-error"', page)
    return {field_of(i, command): field_error(page, i) for i in ids}


def through_operation(client, w, entity, command, user) -> dict[str, str]:
    """Called directly, as an API route or an import would."""
    with pytest.raises(RuleError) as refused:
        ENTITIES[entity]["operation"](w, command, user)
    return {field: " ".join(messages) for field, messages in refused.value.errors.items()}


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _at(kind: str | None = None):
    """What the body adds for an entry at the world's site (of ``kind``, for an activity)."""
    return lambda w: {"site_id": w["site"].id, **({"kind": kind} if kind else {})}


#: what the JSON API sends each entity to, and what the body adds (an entity it does not take
#: has no line)
API_CALLS = {
    "donation": ("/api/v1/activities", _at("donation")),
    "consultation": ("/api/v1/activities", _at("consultation")),
    "training": ("/api/v1/activities", _at("training")),
    "commitment": ("/api/v1/commitments", _at()),
    "feedback": ("/api/v1/feedback", _at()),
    "stakeholder": ("/api/v1/stakeholders", lambda w: {}),
    "grievance step": ("/api/v1/feedback/{grievance}/actions", lambda w: {}),
}


def through_api(client, w, entity, command, user) -> dict[str, str]:
    """Sent as JSON with a personal access token; the problem lists the refused fields."""
    if entity not in API_CALLS:
        pytest.skip(f"the API takes no {entity}")
    url, extra = API_CALLS[entity]
    body = {name: _json_value(value) for name, value in command.items()}
    body.update(extra(w))
    url = url.format(grievance=w["grievance"].id)
    response = client.post(url, json=body, headers=w["api_headers"])
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    return {field: " ".join(msgs) for field, msgs in response.get_json()["errors"].items()}


def api_token(w, user) -> None:
    """The API entrance calls with a token of the signed-in user (made before counting)."""
    from tests.api.conftest import bearer, token_for

    w["api_headers"] = bearer(token_for(user))


#: the kind of import each entity is, and what its rows add (an entity it does not take has no
#: line)
IMPORT_KINDS = {
    "donation": ("activity", {"kind": "donation"}),
    "consultation": ("activity", {"kind": "consultation"}),
    "training": ("activity", {"kind": "training"}),
    "commitment": ("commitment", {}),
    "feedback": ("feedback", {}),
    "stakeholder": ("stakeholder", {}),
}


def _cell(field: str, value, w) -> str:
    """A command's value as a person types it in a spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "site_ids":
        codes = {w["site"].id: w["site"].code}
        return ";".join(codes.get(v, str(v)) for v in value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def through_import(client, w, entity, command, user) -> dict[str, str]:
    """Written as one row of a CSV file and checked as an import is before anything is
    written (by a manager of the country); the errors by row and column name the fields."""
    from outreach.imports.kinds import Context
    from outreach.imports.reading import open_tables
    from outreach.imports.registry import get_kind
    from outreach.imports.rows import Pass
    from outreach.imports.running import matched_columns

    if entity not in IMPORT_KINDS:
        pytest.skip(f"imports take no {entity}")
    name, extra = IMPORT_KINDS[entity]
    kind = get_kind(name)
    by_field = {c.target: c for c in kind.columns if not c.ignored}
    row = {"site": w["site"].code} if kind.per_site else {}
    row.update(extra)
    for field, value in command.items():
        if field not in by_field:
            pytest.skip(f"imports of {entity} take no {field}")
        row[by_field[field].key] = _cell(field, value, w)
    path = w["import_folder"] / f"{entity}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerows([list(row), list(row.values())])
    with open_tables(path, path.name) as sheets:
        sheet = sheets[0]
        rows = Pass(
            kind, Context(user=w["importer"]), matched_columns(kind, sheet, None), sheet.header
        )
        outcome = rows.run(sheet.rows, lambda done: None)
    # a column the file lacks is named by its label
    by_key = {c.key: c.target for c in kind.columns} | {
        str(c.label): c.target for c in kind.columns
    }
    errors: dict[str, list[str]] = {}
    for _number, heading, message in outcome.errors:
        errors.setdefault(by_key.get(heading, heading), []).append(message)
    return {field: " ".join(messages) for field, messages in errors.items()}


def importer(w, user) -> None:
    """The import entrance is a manager's (made before counting)."""
    w["importer"] = factories.user("manager", countries=["MY"])


ENTRANCES = {
    "form": through_form,
    "operation": through_operation,
    "api": through_api,
    "import": through_import,
}
#: what an entrance needs before the rows are counted
SETUP = {"api": api_token, "import": importer}


@pytest.fixture
def world(db, tmp_path):
    site = factories.site("MY")
    other = factories.site("MY")
    removed = factories.stakeholder(sites=[site], is_deleted=True)
    return {
        "site": site,
        "beneficiary": factories.stakeholder(sites=[site]),
        "outsider": factories.stakeholder(sites=[other]),
        "removed": removed,
        "import_folder": tmp_path,
        "grievance": factories.feedback(
            site, is_grievance=True, status=GrievanceStatus.INVESTIGATING
        ),
    }


@pytest.mark.parametrize("entrance", ENTRANCES)
@pytest.mark.parametrize(
    "entity,changes,field,message", ROWS, ids=[f"{r[0]}-{r[2]}-{i}" for i, r in enumerate(ROWS)]
)
def test_every_entrance_refuses_with_the_same_message(
    client, login_as, world, entrance, entity, changes, field, message
):
    spec = ENTITIES[entity]
    user = (
        login_as("manager", countries=["MY"])
        if spec["role"] == "manager"
        else login_as("field", sites=[world["site"]])
    )
    command = spec["valid"](world)
    command.update({k: v(world) if callable(v) else v for k, v in changes.items()})
    if entrance in SETUP:
        SETUP[entrance](world, user)
    before = row_counts()
    errors = ENTRANCES[entrance](client, world, entity, command, user)
    assert errors == {field: message}
    assert row_counts() == before
